import { getContact, getOffices } from '#lib/server/api.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const [directory, offices] = await Promise.all([getContact(event), getOffices(event)]);
  return { directory, offices };
}) satisfies PageServerLoad;
