import { getAdminCategories, getArrondissements, getAssignees, getQueue } from '#lib/server/complaints.ts';
import type { PageServerLoad } from './$types';

const FILTERS = ['state', 'category', 'department', 'arrondissement', 'deadline', 'mine', 'q'] as const;

/** The queue: overdue first (the API's order), filtered by the GET form's fields. */
export const load = (async (event) => {
  const query: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = event.url.searchParams.get(name);
    if (value) query[name] = value;
  }
  if (!event.url.searchParams.has('state')) query.state = 'open';
  const offset = Number(event.url.searchParams.get('offset') ?? '0');
  if (Number.isInteger(offset) && offset > 0) query.offset = String(offset);
  // The arrondissements and the staff list are the administrator's (the API refuses anyone else, and the
  // page then goes without): not asked for another role, which saves two calls on every page of the queue.
  const { me } = await event.parent();
  const administrator = me.role === 'administrator';
  const [queue, categories, people, arrondissements] = await Promise.all([
    getQueue(event, query),
    getAdminCategories(event),
    getAssignees(event, administrator),
    administrator ? getArrondissements(event) : [],
  ]);
  return {
    // What a line of the queue shows, not the whole complaint (text, contact, place…): the page's data is
    // serialized into every page of the queue, and the rest is read on the complaint's own page.
    queue: {
      total: queue.total,
      overdue: queue.overdue,
      complaints: queue.complaints.map((c) => ({
        id: c.id,
        tracking: c.tracking,
        category: c.category,
        state: c.state,
        overdue: c.overdue,
        escalated: c.escalated,
        createdAt: c.createdAt,
        dueDate: c.dueDate,
        department: c.department,
        assigneeId: c.assigneeId,
      })),
    },
    categories,
    departments: [...new Set([...people.departments, ...categories.map((c) => c.department).filter((d): d is string => !!d)])].sort(),
    assignees: people.assignees,
    arrondissements,
    filter: { ...query, state: event.url.searchParams.get('state') ?? 'open' },
    offset: Number(query.offset ?? 0),
  };
}) satisfies PageServerLoad;
