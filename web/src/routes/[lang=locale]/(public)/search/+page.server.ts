import { searchServices } from '#lib/server/api.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { searchQuery } from '#lib/catalogue/present.ts';
import type { PageServerLoad } from './$types';

/** How many results one page shows: the catalogue has about fifty services, a query rarely matches more. */
const RESULT_LIMIT = 20;

export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const query = searchQuery(event.url.searchParams.get('q'));
  // Normalisation (hamza, ta marbuta, accents, case) is the API's: the query is passed as typed.
  const result = query ? await searchServices(event, query, RESULT_LIMIT) : null;
  // Nothing found: the API's closest services (else the most needed), so the page never ends in a dead end.
  return { query, services: result?.services ?? null, suggestions: result?.suggestions ?? [] };
}) satisfies PageServerLoad;
