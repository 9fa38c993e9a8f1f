import { redirect } from '@sveltejs/kit';
import { landingSection, safeNext, sectionPath } from '#lib/admin/nav.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { currentStaff } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only a session that owes its second factor has anything to do here. */
export const load = (async (event) => {
  const { lang } = await event.parent();
  const me = await currentStaff(event);
  const next = safeNext(event.url.searchParams.get('next'), lang);
  if (!me) redirect(303, `/${lang}/admin/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  if (!me.twoFactorPending) redirect(303, next ?? sectionPath(lang, landingSection(me)));
  return { next };
}) satisfies PageServerLoad;

async function finish(event: Parameters<Actions[string]>[0], kind: 'totp' | 'recovery') {
  const values = formValues(await event.request.formData());
  const { lang } = event.params as { lang: string };
  const code = (values.code ?? '').replace(/\s+/g, '');
  if (!code) return invalid({ code: 'required' }, { ...values, kind });
  const client = clientFor(event).api.v1.auth;
  const response = kind === 'totp' ? await client.totp.verify.$post({ json: { code } }) : await client.recovery.verify.$post({ json: { code } });
  if (!response.ok) return refused(response, { ...values, kind });
  const me = await currentStaff(event);
  redirect(303, safeNext(values.next ?? null, lang) ?? sectionPath(lang, me ? landingSection(me) : 'dashboard'));
}

export const actions = {
  totp: (event) => finish(event, 'totp'),
  recovery: (event) => finish(event, 'recovery'),
} satisfies Actions;
