import type { Dashboard } from '@jamaa/api/dashboard/dashboard.schemas.ts';
import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** What needs attention on this tenant for this role. The operator's console has no tenant dashboard. */
export const load = (async (event) => {
  const { me } = await event.parent();
  if (me.operator) return { dashboard: null };
  return { dashboard: await loaded(event, await clientFor(event).api.v1.admin.dashboard.$get()) };
}) satisfies PageServerLoad;
