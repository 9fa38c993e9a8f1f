import { redirect } from '@sveltejs/kit';
import { landingSection, safeNext, sectionPath } from '#lib/admin/nav.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { currentStaff } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Already signed in: straight on. Half signed in: to the second factor. */
export const load = (async (event) => {
  const { lang } = await event.parent();
  const me = await currentStaff(event);
  const next = safeNext(event.url.searchParams.get('next'), lang);
  if (me?.twoFactorPending) redirect(303, `/${lang}/admin/sign-in/second-factor${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  if (me) redirect(303, next ?? sectionPath(lang, landingSection(me)));
  const notice = (['signed_out', 'account_ready', 'reset_done'] as const).find((flag) => event.url.searchParams.has(flag)) ?? null;
  return { notice, next };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const values = formValues(await event.request.formData());
    const { lang } = event.params;
    const email = values.email?.trim() ?? '';
    const password = values.password ?? '';
    if (!email || !password) return invalid({ ...(email ? {} : { email: 'required' }), ...(password ? {} : { password: 'required' }) }, values);
    const response = await clientFor(event).api.v1.auth.login.$post({ json: { email, password } });
    if (!response.ok) return refused(response, values);
    const { status } = await response.json();
    const next = safeNext(values.next ?? null, lang);
    if (status === 'two_factor_required') redirect(303, `/${lang}/admin/sign-in/second-factor${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    const me = await currentStaff(event);
    redirect(303, next ?? sectionPath(lang, me ? landingSection(me) : 'dashboard'));
  },
} satisfies Actions;
