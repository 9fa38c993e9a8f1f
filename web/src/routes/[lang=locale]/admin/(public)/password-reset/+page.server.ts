import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions } from './$types';

export const actions = {
  /** The same answer whether the address has an account or not: only a malformed address or throttling differ. */
  default: async (event) => {
    const values = formValues(await event.request.formData());
    const email = values.email?.trim() ?? '';
    if (!email) return invalid({ email: 'required' }, values);
    const response = await clientFor(event).api.v1.auth.password['reset-request'].$post({ json: { email } });
    if (!response.ok) return refused(response, values);
    return { sent: true };
  },
} satisfies Actions;
