import { getHome, getServices } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** How many of the services residents need most the home page links to directly. */
const POPULAR_COUNT = 6;

export const load = (async (event) => {
  const { site, lang } = await event.parent();
  const [home, listing] = await Promise.all([
    getHome(event, lang),
    // A commune's or arrondissement's site: the services residents need most, straight from the home page.
    site.kind === 'platform' ? null : getServices(event, { lang }),
  ]);
  const popular = (listing?.services ?? []).filter((s) => s.frequencyRank !== null && s.kind === 'service').slice(0, POPULAR_COUNT);
  return { home, popular };
}) satisfies PageServerLoad;
