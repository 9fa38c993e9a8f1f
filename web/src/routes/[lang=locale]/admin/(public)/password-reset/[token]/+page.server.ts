import { redirect } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

const TOKEN = /^[a-z2-7]{32}$/;

/** A malformed link is said to be invalid at once, before anyone types a password. */
export const load = (({ params }) => ({ linkInvalid: !TOKEN.test(params.token) })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const values = formValues(await event.request.formData());
    const { lang, token } = event.params;
    const password = values.password ?? '';
    if (!password || !values.password_confirm) {
      return invalid({ ...(password ? {} : { password: 'required' }), ...(values.password_confirm ? {} : { password_confirm: 'required' }) }, values);
    }
    if (values.password_confirm !== password) return invalid({ password_confirm: 'passwords_differ' }, values);
    const response = await clientFor(event).api.v1.auth.password.reset.$post({ json: { token, password } });
    if (!response.ok) return refused(response, values);
    redirect(303, `/${lang}/admin/sign-in?reset_done`);
  },
} satisfies Actions;
