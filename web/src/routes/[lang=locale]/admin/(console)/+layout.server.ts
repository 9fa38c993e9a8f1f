import { redirect } from '@sveltejs/kit';
import { currentStaff } from '#lib/server/staff.ts';
import { sectionsFor } from '#lib/admin/nav.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Every console page needs a signed-in staff member of this host, past the second factor: otherwise
 * to the sign-in page, which comes back here afterwards.
 */
export const load = (async (event) => {
  const { lang } = await event.parent();
  const me = await currentStaff(event);
  const next = encodeURIComponent(event.url.pathname + event.url.search);
  if (!me) redirect(303, `/${lang}/admin/sign-in?next=${next}`);
  if (me.twoFactorPending) redirect(303, `/${lang}/admin/sign-in/second-factor?next=${next}`);
  // The operator reset this person's second factor: a new one first (the API refuses everything else).
  if (me.user.twoFactorEnrolmentRequired && !event.url.pathname.startsWith(`/${lang}/admin/account`)) redirect(303, `/${lang}/admin/account`);
  // `navSections`, not `sections`: page data is merged over layout data, and a page's own key of the same name
  // would replace the menu (see console-data-keys.test.ts).
  return { me, navSections: sectionsFor(me) };
}) satisfies LayoutServerLoad;
