import { getServices } from '#lib/server/api.ts';
import { notFound, requireCatalogueSite } from '#lib/server/catalogue.ts';
import { isAudience, isCatalogueCode } from '#lib/catalogue/present.ts';
import type { PageServerLoad } from './$types';

// `?audience=` and `?category=` are plain links, so the filters work without JavaScript. The API is asked
// for one audience only: every category's count then follows the audience chosen.
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const category = event.url.searchParams.get('category') || null;
  const audience = event.url.searchParams.get('audience') || null;
  if (category !== null && !isCatalogueCode(category)) notFound(event.locals);
  if (audience !== null && !isAudience(audience)) notFound(event.locals);

  const listing = await getServices(event, { ...(audience ? { audience } : {}), lang: event.params.lang });
  if (category !== null && !listing.categories.some((c) => c.code === category)) notFound(event.locals);
  return { listing, category, audience };
}) satisfies PageServerLoad;
