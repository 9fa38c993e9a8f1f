import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** The tenant's grants of access to residents' personal data for the national operator (administrators). */
export const load = (async (event) => {
  const access = await loaded(event, await clientFor(event).api.v1.admin['operator-access'].$get());
  return { access };
}) satisfies PageServerLoad;

export const actions = {
  /** Grants access from now for the chosen number of days, with a reason. */
  grant: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await clientFor(event).api.v1.admin['operator-access'].$post({ json: { reason: values.reason ?? '', days: values.days ?? '' } });
    if (!response.ok) return refused(response, values);
    return { granted: true as const };
  },
  /** Ends the grant in force before its term. */
  revoke: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await clientFor(event).api.v1.admin['operator-access'][':grantId'].revoke.$post({ param: { grantId: values.grantId ?? '' } });
    if (!response.ok) return refused(response, values);
    return { revoked: true as const };
  },
} satisfies Actions;
