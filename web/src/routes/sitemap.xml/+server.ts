import { getServices } from '#lib/server/api.ts';
import { sitemapXml } from '#lib/sitemap.ts';
import type { RequestHandler } from './$types';

/**
 * `/sitemap.xml` of the request's tenant: every public page in each of its languages, with hreflang
 * alternates. A host that is no tenant gets a plain 404 (503 when suspended, 400 when malformed).
 */
export const GET = (async (event) => {
  const site = event.locals.site;
  if (!site) return plainError(event.locals.hostError?.status ?? 404);
  const paths = ['', '/about'];
  if (site.kind !== 'platform') {
    const { services } = await getServices(event);
    paths.push('/services', ...services.map((service) => `/services/${service.code}`), '/search', '/offices');
  }
  return new Response(sitemapXml(site.origin, site.locales, paths), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}) satisfies RequestHandler;

function plainError(status: number): Response {
  return new Response(`${status}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
