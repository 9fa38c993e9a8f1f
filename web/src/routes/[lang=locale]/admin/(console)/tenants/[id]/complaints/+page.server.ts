import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/**
 * One tenant's complaints for the operator: personal data only while the tenant grants it (the API decides
 * and records each such read in the tenant's audit log).
 */
export const load = (async (event) => {
  const view = await loaded(event, await clientFor(event).api.v1.operator.tenants[':tenantId'].complaints.$get({ param: { tenantId: event.params.id }, query: {} }));
  return { view };
}) satisfies PageServerLoad;
