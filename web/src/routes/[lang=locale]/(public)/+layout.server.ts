import { getContact } from '#lib/server/api.ts';
import { getBanner } from '#lib/server/content.ts';
import { mainLines } from '#lib/contact/types.ts';
import type { LayoutServerLoad } from './$types';

// The commune's main numbers, in the footer of every public page (none on the platform's own site), and
// the notices in force, as a banner on every public page of the tenant until they expire, and the content
// windows that have something to show (the navigation links no empty one), these two in one API call.
export const load = (async (event) => {
  const { site, lang } = await event.parent();
  if (site.kind === 'platform') return { footerLines: [], notices: [], windows: [] };
  const [contact, { notices, windows }] = await Promise.all([getContact(event), getBanner(event, lang)]);
  return { footerLines: mainLines(contact.lines), notices, windows };
}) satisfies LayoutServerLoad;
