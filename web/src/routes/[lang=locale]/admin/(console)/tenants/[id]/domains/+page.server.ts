import { error } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** One tenant's custom domains and their state; the operator adds one. */
export const load = (async (event) => {
  const { tenants } = await loaded(event, await clientFor(event).api.v1.operator.tenants.$get());
  const tenant = tenants.find((x) => x.id === event.params.id);
  if (!tenant) error(404, { code: 'NOT_FOUND', message: 'no such tenant' });
  return { tenant };
}) satisfies PageServerLoad;

export const actions = {
  add: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await clientFor(event).api.v1.operator.tenants[':tenantId'].domains.$post({
      param: { tenantId: event.params.id },
      json: { domain: values.domain ?? '' },
    });
    if (!response.ok) return refused(response, values);
    return { added: (await response.json()).domain };
  },
} satisfies Actions;
