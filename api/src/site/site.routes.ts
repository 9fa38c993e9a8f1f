import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { publicReads, remembering } from '../app-deps.ts';
import { newRouter, tenantErrorResponses } from '../http/openapi.ts';
import { etagMatches, fileResponse } from '../files/file-response.ts';
import { AppError } from '../shared/errors.ts';
import { assertLocaleEnabled, getHome, getLogo, getSiteIcon, logoVersion, toSite } from './site.service.ts';
import { HomeSchema, LocaleSchema, SiteSchema } from './site.schemas.ts';
import { SITE_ICON_NAMES } from './site-icons.ts';

const errorResponses = tenantErrorResponses;

const getSiteRoute = createRoute({
  method: 'get',
  operationId: 'getSite',
  path: '/',
  tags: ['site'],
  summary: "The tenant at the request's Host: names, languages, branding",
  responses: { 200: { description: 'The site', content: { 'application/json': { schema: SiteSchema } } }, ...errorResponses },
});

const getHomeRoute = createRoute({
  method: 'get',
  operationId: 'getHome',
  path: '/home',
  tags: ['site'],
  summary: "The tenant's home page in one language",
  request: { query: z.object({ locale: LocaleSchema }) },
  responses: {
    200: { description: 'The home page', content: { 'application/json': { schema: HomeSchema } } },
    ...errorResponses,
  },
});

const getLogoRoute = createRoute({
  method: 'get',
  operationId: 'getLogo',
  path: '/logo',
  tags: ['site'],
  summary: "The tenant's logo (or its commune's)",
  request: { query: z.object({ v: z.string().max(64).optional() }) },
  responses: {
    200: { description: 'The image', content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses,
  },
});

const getIconRoute = createRoute({
  method: 'get',
  operationId: 'getSiteIcon',
  path: '/icons/{name}',
  tags: ['site'],
  summary: "One of the tenant's icons (favicon, touch and app icons): from its logo, else its colours and initial",
  request: { params: z.object({ name: z.enum(SITE_ICON_NAMES) }) },
  responses: {
    200: { description: 'The icon', content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } } },
    304: { description: 'The icon the client holds is current' },
    ...errorResponses,
  },
});

/** Public, tenant-scoped routes under `/api/v1/site`, mounted in the public group (which resolves the tenant). */
export function siteRoutes(deps: AppDeps) {
  return newRouter()
    .openapi(getSiteRoute, (c) => c.json(toSite(c.var.resolved, c.var.origin), 200))
    .openapi(getHomeRoute, async (c) => {
      const site = toSite(c.var.resolved, c.var.origin);
      const locale = assertLocaleEnabled(site, c.req.valid('query').locale);
      return c.json(await getHome(publicReads(deps), c.var.resolved, c.var.origin, locale, remembering(deps, c.var.resolved)), 200);
    })
    .openapi(getLogoRoute, async (c) => {
      const file = await getLogo(publicReads(deps), c.var.resolved);
      if (!file) throw new AppError('NOT_FOUND', 'this tenant has no logo');
      // Immutable only under the URL of this very content: an old `v` (a page cached before the logo
      // changed) gets the current logo briefly, and is never pinned to it for a year.
      const versioned = c.req.valid('query').v === logoVersion(file.sha256);
      return fileResponse(c, deps.storage, file, {
        cacheControl: versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        // The demo tenants' logos are SVG (shipped, reviewed); a script in one would run in a sandbox.
        headers: file.contentType === 'image/svg+xml' ? { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" } : {},
        logger: deps.logger,
      });
    })
    .openapi(getIconRoute, async (c) => {
      const { name } = c.req.valid('param');
      const site = toSite(c.var.resolved, c.var.origin);
      // The tenant's version changes with its branding (colours, logo) and names: the icon's identity.
      const etag = `"${name}-${site.version}"`;
      const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' };
      // Drawn here from validated colours; opened on its own, an SVG still runs nothing.
      if (name === 'favicon.svg') headers['Content-Security-Policy'] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
      const icon = await getSiteIcon(publicReads(deps), deps.storage, c.var.resolved, site, name);
      return c.body(icon.bytes.slice().buffer, 200, { ...headers, 'Content-Type': icon.contentType, 'Content-Length': String(icon.bytes.byteLength) });
    });
}
