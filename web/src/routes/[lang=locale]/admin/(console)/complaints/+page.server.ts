import { getAdminCategories, getAssignees, getQueue } from '#lib/server/complaints.ts';
import { clientFor } from '#lib/server/api.ts';
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
  const arrondissements = await clientFor(event).api.v1.admin.arrondissements.$get();
  const [queue, categories, people] = await Promise.all([getQueue(event, query), getAdminCategories(event), getAssignees(event)]);
  return {
    queue,
    categories,
    departments: [...new Set([...people.departments, ...categories.map((c) => c.department).filter((d): d is string => !!d)])].sort(),
    assignees: people.assignees,
    arrondissements: arrondissements.ok ? (await arrondissements.json()).arrondissements : [],
    filter: { ...query, state: event.url.searchParams.get('state') ?? 'open' },
    offset: Number(query.offset ?? 0),
  };
}) satisfies PageServerLoad;
