import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getCategories, getPrivateComplaint } from '#lib/server/complaints.ts';
import type { PageServerLoad } from './$types';

/** The resident's private page: the whole complaint as they wrote it, its steps and the replies. */
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  // A private link is personal: never kept by a shared cache (the page says who wrote what).
  event.setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
  const [complaint, categories] = await Promise.all([getPrivateComplaint(event, event.params.token), getCategories(event)]);
  return { complaint, categories, filed: event.url.searchParams.has('filed'), link: `${event.url.origin}${event.url.pathname}` };
}) satisfies PageServerLoad;
