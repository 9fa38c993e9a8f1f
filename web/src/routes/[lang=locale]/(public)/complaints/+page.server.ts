import { fail } from '@sveltejs/kit';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getCategories, listPublicComplaints, meToo } from '#lib/server/complaints.ts';
import type { Actions, PageServerLoad } from './$types';

/** Reported problems, newest first, filtered by category and open/closed: no personal data. */
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const params = event.url.searchParams;
  const state = params.get('state') === 'closed' ? 'closed' : params.get('state') === 'all' ? undefined : 'open';
  const category = params.get('category') || undefined;
  const before = params.get('before') || undefined;
  const [list, categories] = await Promise.all([
    listPublicComplaints(event, { ...(state ? { state } : {}), ...(category ? { category } : {}), ...(before ? { before } : {}), limit: '50' }),
    getCategories(event),
  ]);
  return { list, categories, filter: { state: state ?? 'all', category: category ?? '' } };
}) satisfies PageServerLoad;

export const actions = {
  metoo: async (event) => {
    const tracking = String((await event.request.formData()).get('tracking') ?? '');
    if (!/^[A-Z0-9-]{6,40}$/i.test(tracking)) return fail(422, { meToo: false as const, tracking });
    const response = await meToo(event, tracking);
    if (!response.ok) return fail(response.status, { meToo: false as const, tracking });
    const result = (await response.json()) as { supporters: number; added: boolean };
    return { meToo: true as const, added: result.added, tracking };
  },
} satisfies Actions;
