import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every tenant with its status, for the operator's lifecycle actions (suspend, reactivate, archive, export, delete). */
export const load = (async (event) => {
  const response = await clientFor(event).api.v1.operator.tenants.$get();
  const { tenants } = await loaded(event, response);
  return { tenants };
}) satisfies PageServerLoad;

type StatusAction = 'suspend' | 'reactivate' | 'archive';

async function changeStatus(event: Parameters<Actions[string]>[0], action: StatusAction) {
  const values = formValues(await event.request.formData());
  const tenant = clientFor(event).api.v1.operator.tenants[':tenantId'];
  const args = { param: { tenantId: values.tenantId ?? '' }, json: values.reason ? { reason: values.reason } : {} };
  const response = action === 'suspend' ? await tenant.suspend.$post(args) : action === 'reactivate' ? await tenant.reactivate.$post(args) : await tenant.archive.$post(args);
  if (!response.ok) return refused(response, values);
  return { done: action, tenantId: values.tenantId ?? '' };
}

export const actions = {
  suspend: (event) => changeStatus(event, 'suspend'),
  reactivate: (event) => changeStatus(event, 'reactivate'),
  archive: (event) => changeStatus(event, 'archive'),
  delete: async (event) => {
    const values = formValues(await event.request.formData());
    const confirmSlug = (values.confirmSlug ?? '').trim();
    if (!confirmSlug) return invalid({ confirmSlug: 'required' }, values);
    const response = await clientFor(event).api.v1.operator.tenants[':tenantId'].$delete({ param: { tenantId: values.tenantId ?? '' }, json: { confirmSlug } });
    if (!response.ok) return refused(response, values);
    return { done: 'delete' as const, tenantId: values.tenantId ?? '' };
  },
} satisfies Actions;
