import { error, fail } from '@sveltejs/kit';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getCategories, getPublicComplaint, meToo } from '#lib/server/complaints.ts';
import type { Actions, PageServerLoad } from './$types';

/** What anyone may see of a complaint by its number: no personal data, reviewed text and photos only. */
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const [complaint, categories] = await Promise.all([getPublicComplaint(event, event.params.tracking), getCategories(event)]);
  if (!complaint) error(404, { code: 'NOT_FOUND', message: 'no such complaint', requestId: event.locals.requestId });
  return { complaint, categories };
}) satisfies PageServerLoad;

export const actions = {
  /** "Me too": one more resident concerned (counted once per address by the API). */
  metoo: async (event) => {
    const response = await meToo(event, event.params.tracking);
    if (!response.ok) return fail(response.status, { meToo: false as const, tracking: event.params.tracking });
    const result = (await response.json()) as { supporters: number; added: boolean };
    return { meToo: true as const, added: result.added, tracking: event.params.tracking };
  },
} satisfies Actions;
