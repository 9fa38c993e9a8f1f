import { resolveText } from '@jamaa/tenants/locale.ts';
import { reportCsv, yearOf } from '#lib/complaints/statistics.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getCategories, getStatistics } from '#lib/server/complaints.ts';
import type { RequestHandler } from './$types';

/** The yearly report as CSV (UTF-8 with a byte-order mark, so that a spreadsheet reads Arabic right). */
export const GET = (async (event) => {
  const site = requireCatalogueSite(event.locals);
  const lang = event.params.lang;
  const year = yearOf(event.url);
  const [stats, categories] = await Promise.all([getStatistics(event, year), getCategories(event)]);
  const name = (code: string) => {
    const category = categories.find((c) => c.code === code);
    return category ? (resolveText(category.names, lang, site.fallbackLocales)?.text ?? code) : code;
  };
  return new Response(reportCsv(stats, name), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="complaints-${site.slug}-${year}-${lang}.csv"`,
      'cache-control': 'public, max-age=300',
    },
  });
}) satisfies RequestHandler;
