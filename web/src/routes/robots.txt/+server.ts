import type { RequestHandler } from './$types';

/** `/robots.txt` of the request's tenant: everything public may be crawled; the sitemap says what there is. */
export const GET = (({ locals }) => {
  const site = locals.site;
  if (!site) {
    const status = locals.hostError?.status ?? 404;
    return new Response(`${status}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
  const origin = site.origin.replace(/\/+$/, '');
  // The JSON API is for programs; its data is on the pages.
  const body = ['User-agent: *', 'Disallow: /api/', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' } });
}) satisfies RequestHandler;
