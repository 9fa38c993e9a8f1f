import { getWindowPage } from '#lib/server/content.ts';
import type { PageServerLoad } from './$types';

// The council's sessions; none asked for when the public layout's banner says there is none to show.
export const load = (async (event) => {
  const { site, windows } = await event.parent();
  return { list: await getWindowPage(event, 'sessions', event.params.lang, site.kind === 'platform' ? null : windows) };
}) satisfies PageServerLoad;
