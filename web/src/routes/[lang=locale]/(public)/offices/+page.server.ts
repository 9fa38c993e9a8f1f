import { getOffices } from '#lib/server/api.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  return { offices: await getOffices(event) };
}) satisfies PageServerLoad;
