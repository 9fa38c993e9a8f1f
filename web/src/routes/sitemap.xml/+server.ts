import { getServices } from '#lib/server/api.ts';
import { getWindow } from '#lib/server/content.ts';
import { windowHref } from '#lib/content/present.ts';
import { CONTENT_WINDOWS } from '@jamaa/api/content/content.schemas.ts';
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
    // Every content window and its public items (api/src/content), the same addresses in each language.
    for (const window of CONTENT_WINDOWS) {
      const base = windowHref(site.defaultLocale, window).replace(/^\/[a-z]+/, '');
      const list = await getWindow(event, window, site.defaultLocale);
      paths.push(base, ...list.items.map((item) => `${base}/${item.slug}`));
    }
  }
  return new Response(sitemapXml(site.origin, site.locales, paths), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}) satisfies RequestHandler;

function plainError(status: number): Response {
  return new Response(`${status}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
