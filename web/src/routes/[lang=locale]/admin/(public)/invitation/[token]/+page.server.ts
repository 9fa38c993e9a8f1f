import { redirect } from '@sveltejs/kit';
import { clientFor, errorBody } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Why a link no longer works: said on a page of its own, not as an error page. */
const GONE = new Set(['INVITATION_EXPIRED', 'INVITATION_USED', 'INVITATION_REVOKED']);
const TOKEN = /^[a-z2-7]{32}$/;

/** The invitation the link offers, or why it is gone (a malformed token reads as withdrawn). */
export const load = (async (event) => {
  if (!TOKEN.test(event.params.token)) return { invitation: null, gone: 'INVITATION_REVOKED' };
  const response = await clientFor(event).api.v1.admin.invitations[':token'].$get({ param: { token: event.params.token } });
  if (response.status === 410) {
    const code = (await errorBody(response))?.error.code ?? '';
    return { invitation: null, gone: GONE.has(code) ? code : 'INVITATION_REVOKED' };
  }
  return { invitation: await loaded(event, response), gone: null };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const values = formValues(await event.request.formData());
    const { lang, token } = event.params;
    const password = values.password ?? '';
    const existing = values.existing === '1';
    const displayName = values.displayName?.trim() ?? '';
    const missing = {
      ...(password ? {} : { password: 'required' }),
      ...(existing || displayName ? {} : { displayName: 'required' }),
      ...(existing || values.password_confirm ? {} : { password_confirm: 'required' }),
    };
    if (Object.keys(missing).length > 0) return invalid(missing, values);
    if (!existing && values.password_confirm !== password) return invalid({ password_confirm: 'passwords_differ' }, values);
    const json = existing ? { password } : { password, displayName };
    const response = await clientFor(event).api.v1.admin.invitations[':token'].$post({ param: { token }, json });
    if (!response.ok) return refused(response, values);
    redirect(303, `/${lang}/admin/sign-in?account_ready`);
  },
} satisfies Actions;
