import { getServices } from '#lib/server/api.ts';
import { getWindow } from '#lib/server/content.ts';
import { windowHref } from '#lib/content/present.ts';
import { CONTENT_WINDOWS } from '@jamaa/api/content/content.schemas.ts';
import { latest, sitemapXml, type SitemapPage } from '#lib/sitemap.ts';
import type { RequestHandler } from './$types';

/**
 * `/sitemap.xml` of the request's tenant: every public page in each of its languages, with hreflang and
 * x-default alternates, on the tenant's canonical address, dated (`lastmod`) by what each page is made
 * of: the tenant's own settings, the national catalogue in force, a content item's last change. A host
 * that is no tenant gets a plain 404 (503 when suspended, 400 when malformed).
 */
export const GET = (async (event) => {
  const site = event.locals.site;
  if (!site) return plainError(event.locals.hostError?.status ?? 404);
  const tenantChanged = site.updatedAt;
  const pages: SitemapPage[] = [
    { path: '', lastmod: tenantChanged },
    { path: '/about', lastmod: null },
  ];
  if (site.kind !== 'platform') {
    const { services, cataloguePublishedAt } = await getServices(event);
    // A service page shows the national card and the tenant's own facts (offices, overrides).
    const servicesChanged = latest(cataloguePublishedAt, tenantChanged);
    pages.push(
      { path: '/services', lastmod: servicesChanged },
      ...services.map((service) => ({ path: `/services/${service.code}`, lastmod: servicesChanged })),
      { path: '/search', lastmod: null },
      { path: '/offices', lastmod: tenantChanged },
    );
    // Every content window and its public items (api/src/content), the same addresses in each language.
    for (const window of CONTENT_WINDOWS) {
      const base = windowHref(site.defaultLocale, window).replace(/^\/[a-z]+/, '');
      const list = await getWindow(event, window, site.defaultLocale);
      pages.push(
        { path: base, lastmod: latest(...list.items.map((item) => item.updatedAt)) },
        ...list.items.map((item) => ({ path: `${base}/${item.slug}`, lastmod: item.updatedAt })),
      );
    }
  }
  return new Response(sitemapXml(site.canonicalOrigin, site.locales, site.defaultLocale, pages), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}) satisfies RequestHandler;

function plainError(status: number): Response {
  return new Response(`${status}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
