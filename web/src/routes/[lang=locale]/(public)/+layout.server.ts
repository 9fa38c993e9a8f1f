import { getBanner } from '#lib/server/content.ts';
import type { LayoutServerLoad } from './$types';

// Notices in force show as a banner on every public page of the tenant until they expire.
export const load = (async (event) => {
  const { site, lang } = await event.parent();
  return { notices: site.kind === 'platform' ? [] : await getBanner(event, lang) };
}) satisfies LayoutServerLoad;
