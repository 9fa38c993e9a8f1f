import { yearOf } from '#lib/complaints/statistics.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getCategories, getStatistics } from '#lib/server/complaints.ts';
import type { PageServerLoad } from './$types';

/** The yearly report the decree requires, as a page made for printing. */
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const [stats, categories] = await Promise.all([getStatistics(event, yearOf(event.url)), getCategories(event)]);
  return { stats, categories, generatedAt: new Date().toISOString() };
}) satisfies PageServerLoad;
