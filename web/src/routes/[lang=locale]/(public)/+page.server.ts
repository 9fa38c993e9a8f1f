import { getHome, getServices } from '#lib/server/api.ts';
import { regionsOf } from '#lib/server/commune-directory.ts';
import type { PageServerLoad } from './$types';

/** How many of the services residents need most the home page links to directly. */
const POPULAR_COUNT = 6;

export const load = (async (event) => {
  const { site, lang } = await event.parent();
  if (site.kind === 'platform') {
    const home = await getHome(event, lang);
    // The platform lists regions, not its 1,500 communes: search and browse pages (/communes) show them.
    return { home: { ...home, hostedCommunes: [] }, directory: regionsOf(home.hostedCommunes, lang), popular: [] };
  }
  // A commune's or arrondissement's site: the services residents need most, straight from the home page.
  // Only those it shows: the API answers the first POPULAR_COUNT with a frequency rank, of kind `service`.
  const [home, listing] = await Promise.all([getHome(event, lang), getServices(event, { lang, popular: POPULAR_COUNT })]);
  return { home, directory: null, popular: listing.services };
}) satisfies PageServerLoad;
