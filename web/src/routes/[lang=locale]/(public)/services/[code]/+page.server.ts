import { getOffices, getService } from '#lib/server/api.ts';
import { notFound, requireCatalogueSite } from '#lib/server/catalogue.ts';
import { communeSeat, isCatalogueCode } from '#lib/catalogue/present.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
  const site = requireCatalogueSite(event.locals);
  // The API answers 422 to a code that cannot exist; for a reader it is simply a page that does not exist.
  if (!isCatalogueCode(event.params.code)) notFound(event.locals);
  // The offices give the commune's seat: the provider named in the page's structured data.
  const [service, offices] = await Promise.all([getService(event, event.params.code), getOffices(event)]);
  return { service, seat: communeSeat(offices, site.kind) };
}) satisfies PageServerLoad;
