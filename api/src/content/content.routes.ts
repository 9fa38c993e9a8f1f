import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { resolveText } from '@jamaa/tenants/locale.ts';
import type { AppDeps } from '../http/context.ts';
import { publicReads, remembering } from '../app-deps.ts';
import { newRouter, tenantErrorResponses } from '../http/openapi.ts';
import { fileResponse } from '../files/file-response.ts';
import { assertLocaleEnabled, toSite } from '../site/site.service.ts';
import { AppError } from '../shared/errors.ts';
import type { ContentWindow } from './content.kinds.ts';
import { BannerSchema, ItemParamSchema, LocaleQuerySchema, PublicItemSchema, PublicListSchema, PublishedWindowsSchema, WindowParamSchema } from './content.schemas.ts';
import { fileVersion, getBanner, getPublicFile, getWindowItem, listWindow, publishedWindows } from './content.service.ts';
import { atomFeed, rssFeed, sessionsCalendar, type FeedSite } from './feeds.ts';
import { DATASET_FILE, nationalDataset, serialise, tenantDataset, type Dataset } from './open-data.ts';

const errorResponses = tenantErrorResponses;
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

const listRoute = createRoute({
  method: 'get',
  operationId: 'listContent',
  path: '/content/{window}',
  tags: ['content'],
  summary: "A window's public items in one language (sessions: the next first)",
  request: { params: WindowParamSchema, query: LocaleQuerySchema },
  responses: { 200: { description: 'The items', content: { 'application/json': { schema: PublicListSchema } } }, ...errorResponses },
});

const itemRoute = createRoute({
  method: 'get',
  operationId: 'getContent',
  path: '/content/{window}/{slug}',
  tags: ['content'],
  summary: 'One public item, its body rendered to sanitised HTML',
  request: { params: ItemParamSchema, query: LocaleQuerySchema },
  responses: { 200: { description: 'The item', content: { 'application/json': { schema: PublicItemSchema } } }, ...errorResponses },
});

const bannerRoute = createRoute({
  method: 'get',
  operationId: 'getContentBanner',
  path: '/content-banner',
  tags: ['content'],
  summary: 'Notices in force, shown as a banner on every page until they expire, and the content windows the navigation links',
  request: { query: LocaleQuerySchema },
  responses: { 200: { description: 'The notices and the windows with something to show', content: { 'application/json': { schema: BannerSchema } } }, ...errorResponses },
});

const windowsRoute = createRoute({
  method: 'get',
  operationId: 'listContentWindows',
  path: '/content-windows',
  tags: ['content'],
  summary: 'The content windows that have at least one public item (the navigation links no empty one)',
  responses: { 200: { description: 'The windows', content: { 'application/json': { schema: PublishedWindowsSchema } } }, ...errorResponses },
});

const fileRoute = createRoute({
  method: 'get',
  operationId: 'getContentFile',
  path: '/content-files/{id}',
  tags: ['content'],
  summary: 'A file (image or PDF) attached to a public item',
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
    /** The bytes' version (first 16 hex digits of their SHA-256), as the item's attachment URL gives it. */
    query: z.object({ v: z.string().max(64).optional() }),
  },
  responses: {
    200: { description: 'The file (`immutable` under the URL of its own bytes’ version)', content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } } },
    304: { description: 'The client has these bytes (`If-None-Match` names their ETag)' },
    ...errorResponses,
  },
});

const feedRoute = createRoute({
  method: 'get',
  operationId: 'getContentFeed',
  path: '/feeds/{file}',
  tags: ['content'],
  summary: 'News as Atom (`news.atom`) or RSS (`news.rss`); council sessions as iCalendar (`sessions.ics`)',
  request: {
    params: z.object({ file: z.enum(['news.atom', 'news.rss', 'sessions.ics']).openapi({ param: { name: 'file', in: 'path' } }) }),
    query: LocaleQuerySchema,
  },
  responses: {
    200: { description: 'The feed', content: { 'application/atom+xml': { schema: z.string() }, 'application/rss+xml': { schema: z.string() }, 'text/calendar': { schema: z.string() } } },
    ...errorResponses,
  },
});

const openDataRoute = createRoute({
  method: 'get',
  operationId: 'getOpenData',
  path: '/open-data/{file}',
  tags: ['content'],
  summary: "This tenant's open data: `projects`, `tenders`, `budgets` (budgets and accounts: budget, administrative account, financial reports) or `decisions`, as `.csv` or `.json`",
  request: { params: z.object({ file: z.string().regex(DATASET_FILE).openapi({ param: { name: 'file', in: 'path' }, example: 'projects.csv' }) }) },
  responses: { 200: text('text/csv', 'The data set'), ...errorResponses },
});

const nationalRoute = createRoute({
  method: 'get',
  operationId: 'getNationalOpenData',
  path: '/open-data/national/{file}',
  tags: ['content'],
  summary: 'The national aggregate of every active tenant’s open data set (`projects.csv`, `tenders.json`…), on the platform host only',
  request: { params: z.object({ file: z.string().regex(DATASET_FILE).openapi({ param: { name: 'file', in: 'path' }, example: 'tenders.json' }) }) },
  responses: { 200: text('text/csv', 'The data set'), ...errorResponses },
});

/**
 * A data set answered as a file to save (`attachment`): a browser downloads it rather than showing a page
 * of text, under a name that says whose data it is. The name is ASCII (slugs and data set names).
 */
function download(c: Context, out: { body: string; contentType: string }, filename: string, cacheControl: string) {
  c.header('Content-Type', out.contentType);
  c.header('Cache-Control', cacheControl);
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(out.body, 200);
}

/** Public, tenant-scoped content routes, mounted in the public group. */
export function contentRoutes(deps: AppDeps) {
  return newRouter()
    .openapi(bannerRoute, async (c) => {
      const locale = assertLocaleEnabled(toSite(c.var.resolved, c.var.origin), c.req.valid('query').locale);
      return c.json(await getBanner(publicReads(deps), c.var.resolved, locale, deps.clock(), remembering(deps, c.var.resolved)), 200);
    })
    .openapi(windowsRoute, async (c) => c.json(await publishedWindows(publicReads(deps), c.var.resolved, deps.clock(), remembering(deps, c.var.resolved)), 200))
    .openapi(fileRoute, async (c) => {
      const file = await getPublicFile(deps.db, c.var.resolved, c.req.valid('param').id, deps.clock());
      // Immutable only under the URL that names these very bytes (`?v=` their hash, as the item links
      // them): a bare id or a wrong version is revalidated after five minutes (its ETag makes that a 304).
      const versioned = c.req.valid('query').v === fileVersion(file.sha256);
      return fileResponse(c, deps.storage, file, { cacheControl: versioned ? 'public, max-age=86400, immutable' : 'public, max-age=300', logger: deps.logger });
    })
    .openapi(feedRoute, async (c) => {
      const site = toSite(c.var.resolved, c.var.origin);
      const locale = assertLocaleEnabled(site, c.req.valid('query').locale);
      const file = c.req.valid('param').file;
      const window: ContentWindow = file === 'sessions.ics' ? 'sessions' : 'news';
      const list = await listWindow(publicReads(deps), c.var.resolved, window, locale, deps.clock(), remembering(deps, c.var.resolved));
      const name = resolveText(site.names, locale, site.fallbackLocales)?.text ?? site.slug;
      const feed: FeedSite = {
        title: name,
        origin: site.origin,
        locale,
        listPath: `/${locale}/${window === 'sessions' ? 'council/sessions' : 'news'}`,
        selfPath: `/api/v1/feeds/${file}?locale=${locale}`,
      };
      c.header('Cache-Control', 'public, max-age=300');
      if (file === 'sessions.ics') {
        c.header('Content-Type', 'text/calendar; charset=utf-8');
        return c.body(sessionsCalendar(feed, list.items, new URL(site.origin).host, deps.clock()), 200);
      }
      c.header('Content-Type', file === 'news.atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8');
      return c.body(file === 'news.atom' ? atomFeed(feed, list.items.slice(0, 50)) : rssFeed(feed, list.items.slice(0, 50)), 200);
    })
    .openapi(nationalRoute, async (c) => {
      // The nation's files are the platform's: a commune's host has its own (`/open-data/{file}`).
      if (c.var.resolved.tenant.kind !== 'platform') throw new AppError('NOT_FOUND', 'the national open data is on the platform host');
      const [dataset, format] = c.req.valid('param').file.split('.') as [Dataset, 'csv' | 'json'];
      const out = serialise(await nationalDataset(publicReads(deps), dataset, deps.clock()), format, dataset);
      return download(c, out, `national-${dataset}.${format}`, 'public, max-age=900');
    })
    .openapi(openDataRoute, async (c) => {
      const [dataset, format] = c.req.valid('param').file.split('.') as [Dataset, 'csv' | 'json'];
      const out = serialise(await tenantDataset(publicReads(deps), c.var.resolved, dataset, deps.clock()), format, dataset);
      return download(c, out, `${c.var.resolved.tenant.slug}-${dataset}.${format}`, 'public, max-age=300');
    })
    .openapi(listRoute, async (c) => {
      const locale = assertLocaleEnabled(toSite(c.var.resolved, c.var.origin), c.req.valid('query').locale);
      return c.json(await listWindow(publicReads(deps), c.var.resolved, c.req.valid('param').window as ContentWindow, locale, deps.clock(), remembering(deps, c.var.resolved)), 200);
    })
    .openapi(itemRoute, async (c) => {
      const locale = assertLocaleEnabled(toSite(c.var.resolved, c.var.origin), c.req.valid('query').locale);
      const { window, slug } = c.req.valid('param');
      return c.json(await getWindowItem(deps.db, c.var.resolved, window as ContentWindow, slug, locale, deps.clock()), 200);
    });
}
