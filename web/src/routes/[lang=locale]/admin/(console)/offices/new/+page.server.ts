import { redirect } from '@sveltejs/kit';
import { OFFICE_KINDS } from '@jamaa/api/offices/offices.schemas.ts';
import { officeFormValues, officeFromForm } from '#lib/admin/office-form.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  // Only administrators may add offices: anyone else gets the 403 page here, not at the end of the form.
  await loaded(event, await clientFor(event).api.v1.admin.offices.$get());
  return { kinds: OFFICE_KINDS, values: officeFormValues(null) };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const values = formValues(await event.request.formData());
    const { input, fields, fieldNames } = officeFromForm(values);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const response = await clientFor(event).api.v1.admin.offices.$post({ json: input });
    if (!response.ok) return refused(response, values, fieldNames);
    redirect(303, `/${event.params.lang}/admin/offices?saved=1`);
  },
} satisfies Actions;
