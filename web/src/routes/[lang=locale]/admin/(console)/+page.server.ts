import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/**
 * What needs attention on this tenant for this role, in one call; its "requests" section (complaints, as
 * the caller's queue holds them) is given to the page as `requests`. The operator's console has no tenant
 * dashboard.
 */
export const load = (async (event) => {
  const { me } = await event.parent();
  if (me.operator) return { dashboard: null, requests: null };
  const dashboard = await loaded(event, await clientFor(event).api.v1.admin.dashboard.$get());
  return { dashboard, requests: dashboard.requests };
}) satisfies PageServerLoad;
