import { getContact } from '#lib/server/api.ts';
import { mainLines } from '#lib/contact/types.ts';
import type { LayoutServerLoad } from './$types';

// The commune's main numbers, in the footer of every public page (none on the platform's own site).
export const load = (async (event) => {
  const { site } = await event.parent();
  if (site.kind === 'platform') return { footerLines: [] };
  return { footerLines: mainLines((await getContact(event)).lines) };
}) satisfies LayoutServerLoad;
