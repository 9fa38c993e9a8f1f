import { clientFor } from '#lib/server/api.ts';
import { getQueue } from '#lib/server/complaints.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** What needs attention on this tenant for this role. The operator's console has no tenant dashboard. */
export const load = (async (event) => {
  const { me } = await event.parent();
  if (me.operator) return { dashboard: null, requests: null };
  const handlesComplaints = me.role === 'administrator' || me.role === 'supervisor' || me.role === 'agent';
  const [dashboard, requests] = await Promise.all([
    clientFor(event).api.v1.admin.dashboard.$get().then((r) => loaded(event, r)),
    handlesComplaints ? complaintSummary(event, me.role === 'agent') : null,
  ]);
  return { dashboard, requests };
}) satisfies PageServerLoad;

/** The dashboard's "requests" section: open complaints, overdue ones, and (for an agent) their own. */
async function complaintSummary(event: Parameters<PageServerLoad>[0], agent: boolean) {
  try {
    const open = await getQueue(event, { state: 'open', limit: '1' });
    const unassigned = agent ? null : await getQueue(event, { state: 'received', limit: '1' });
    const mine = agent ? await getQueue(event, { state: 'open', mine: 'true', limit: '1' }) : null;
    return { open: open.total, overdue: open.overdue, unassigned: unassigned?.total ?? null, mine: mine?.total ?? null };
  } catch {
    // The dashboard still opens when the complaints service does not answer.
    return null;
  }
}
