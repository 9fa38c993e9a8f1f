import { getWindowPage } from '#lib/server/content.ts';
import type { PageServerLoad } from './$types';

// The window's items; none asked for when the public layout's banner says the window has nothing to show
// (on the platform's own site the layout reads no banner: asked).
export const load = (async (event) => {
  const { site, windows } = await event.parent();
  const published = site.kind === 'platform' ? null : windows;
  return { list: await getWindowPage(event, event.params.window, event.params.lang, published) };
}) satisfies PageServerLoad;
