import { getHome } from '#lib/server/api.ts';
import { regionsOf } from '#lib/server/commune-directory.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
  const home = await getHome(event, event.params.lang);
  if (home.site.kind !== 'platform') return { home, directory: null };
  // The platform lists regions, not its 1,500 communes: search and browse pages (/communes) show them.
  return { home: { ...home, hostedCommunes: [] }, directory: regionsOf(home.hostedCommunes, event.params.lang) };
}) satisfies PageServerLoad;
