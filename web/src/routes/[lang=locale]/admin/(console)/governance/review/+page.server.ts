import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** The draft under review: what changed per service and language, and the tenants whose overrides conflict. */
export const load = (async (event) => {
  const response = await clientFor(event).api.v1.operator.catalogue.draft.$get();
  // No draft: just published (the action's answer says so), or discarded meanwhile.
  if (response.status === 404) return { review: null };
  return { review: await loaded(event, response) };
}) satisfies PageServerLoad;

export const actions = {
  publish: async (event) => {
    const values = formValues(await event.request.formData());
    const label = values.label?.trim();
    const replaceNewer = values.replaceNewer === 'on';
    const response = await clientFor(event).api.v1.operator.catalogue.draft.publish.$post({ json: { ...(label ? { label } : {}), ...(replaceNewer ? { replaceNewer } : {}) } });
    if (!response.ok) return refused(response, values);
    const published = await response.json();
    return { published };
  },
} satisfies Actions;
