import { redirect } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** The draft under review: what changed per service and language, and the tenants whose overrides conflict. */
export const load = (async (event) => {
  const response = await clientFor(event).api.v1.operator.catalogue.draft.$get();
  // No draft (published or discarded meanwhile): back to the catalogue.
  if (response.status === 404) redirect(303, `/${event.params.lang}/admin/governance`);
  return { review: await loaded(event, response) };
}) satisfies PageServerLoad;

export const actions = {
  publish: async (event) => {
    const values = formValues(await event.request.formData());
    const label = values.label?.trim();
    const response = await clientFor(event).api.v1.operator.catalogue.draft.publish.$post({ json: label ? { label } : {} });
    if (!response.ok) return refused(response, values);
    const published = await response.json();
    return { published };
  },
} satisfies Actions;
