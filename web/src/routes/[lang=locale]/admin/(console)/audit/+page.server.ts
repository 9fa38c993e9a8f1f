import type { AuditPage } from '@jamaa/api/audit/audit.schemas.ts';
import { apiQuery, filtersOf } from '#lib/admin/audit.ts';
import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/**
 * The audit log, filtered by the page's search parameters (a GET form, so a filtered view is a link):
 * the tenant's for an administrator, the platform's for the operator. `before` pages back in time.
 */
export const load = (async (event) => {
  const { me } = await event.parent();
  const filters = filtersOf(event.url.searchParams);
  // The operator opens one tenant's log with `?tenantId=` (from the tenants' lifecycle page).
  const tenantId = event.url.searchParams.get('tenantId') ?? '';
  const forTenant: Record<string, string> = me.operator && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId) ? { tenantId } : {};
  const query = apiQuery(filters);
  const before = event.url.searchParams.get('before') ?? '';
  // The cursor is an entry's opaque id (a UUID): anything else starts from the newest.
  const pageQuery = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(before) ? { ...query, before } : query;
  const api = clientFor(event).api.v1;
  const response = me.operator ? await api.operator.audit.$get({ query: { ...pageQuery, ...forTenant } }) : await api.admin.audit.$get({ query: pageQuery });
  const page = await loaded(event, response);
  const search = new URLSearchParams([...Object.entries(filters).filter(([, value]) => value !== ''), ...Object.entries(forTenant)]);
  const older = page.nextCursor ? `?${new URLSearchParams([...search, ['before', page.nextCursor]])}` : null;
  return {
    filters,
    page,
    older,
    newest: before ? `?${search}` : null,
    csvHref: `/api/v1/${me.operator ? 'operator' : 'admin'}/audit.csv?${new URLSearchParams(query)}`,
  };
}) satisfies PageServerLoad;
