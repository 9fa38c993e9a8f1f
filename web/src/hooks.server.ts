import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { sequence, type Handle, type HandleServerError } from '@sveltejs/kit/hooks';
import { directionOf, isLocale } from '@jamaa/tenants/locale.ts';
import { asRequest } from '@jamaa/api/shared/request-order.ts';
import { getRuntime, isApiPath, isDatabaseUnavailable, labelRoute, pageEtag, pageRequestOf, resolveSite, type CachedAnswer, type PageRequest, type PageTicket } from '#lib/server/api.ts';
import { compressedAtOnce } from '#lib/server/compress-page.ts';
import { pageSecurityHeaders } from '#lib/server/security-headers.ts';
import { isStaffPath } from '#lib/paths.ts';

/**
 * The routes whose anonymous pages the page cache keeps (api/src/http/page-cache.ts): what every visitor
 * sees alike, and changes only with the tenant's content or configuration. Not kept: forms carrying a
 * one-time token (a new complaint), answers about one person's request (tracking, private links),
 * figures that move with every complaint (statistics), searches (one entry per query typed).
 * "One of many": a page of one item among many (a service of the catalogue, a news item, a council
 * session), the long tail most of whose pages are asked for once in a while; once the cache is full it
 * keeps such a page only when asked for before, so that they cannot push out home and window pages.
 */
const CACHED_ROUTES = new Map<string, 'page' | 'one of many'>([
  ['/[lang=locale]/(public)', 'page'],
  ['/[lang=locale]/(public)/about', 'page'],
  ['/[lang=locale]/(public)/contact', 'page'],
  ['/[lang=locale]/(public)/offices', 'page'],
  ['/[lang=locale]/(public)/services', 'page'],
  ['/[lang=locale]/(public)/services/[code]', 'one of many'],
  ['/[lang=locale]/(public)/council/sessions', 'page'],
  ['/[lang=locale]/(public)/council/sessions/[slug]', 'one of many'],
  ['/[lang=locale]/(public)/[window=window]', 'page'],
  ['/[lang=locale]/(public)/[window=window]/[slug]', 'one of many'],
]);

/** A page from the cache as a fetch answer. */
function cachedResponse(hit: CachedAnswer): Response {
  return new Response(hit.body ? new Uint8Array(hit.body) : null, { status: hit.status, headers: hit.headers });
}

/**
 * Every request: API paths go to the Hono app (in production `server.ts` does this before SvelteKit);
 * anonymous public pages come from the page cache when it has them (in production `server.ts` answers
 * those first too); other pages get their tenant from the Host, `<html lang dir>` from the URL's locale,
 * security headers, and an ETag so that a phone on a slow network revalidates instead of downloading a
 * page again.
 */
const servePage: Handle = async ({ event, resolve }) => {
  if (isApiPath(event.url.pathname)) return (await getRuntime()).app.fetch(event.request, { clientAddress: event.getClientAddress() });

  const requestId = event.request.headers.get('x-request-id') ?? randomUUID();
  event.locals.requestId = requestId;
  const { pages } = await getRuntime();
  const pageRequest = pageRequestOf(event.request, event.url, requestId);
  const ticket = event.route.id && CACHED_ROUTES.has(event.route.id) ? await pages.ticket(pageRequest) : null;
  if (!ticket) return makePage(event, resolve, null, pageRequest);
  const hit = pages.get(ticket, pageRequest);
  if (hit) return cachedResponse(hit);
  // When another request is making this very page, it is made once and this one answered from what it kept.
  const maker = pages.make(ticket);
  if (maker.following) {
    await maker.following;
    const made = pages.get(ticket, pageRequest);
    if (made) return cachedResponse(made);
  }
  try {
    return await makePage(event, resolve, ticket, pageRequest);
  } finally {
    maker.done();
  }
};

/** A page made by SvelteKit, with its headers and ETag; kept by the page cache when `ticket` allows. */
async function makePage(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], ticket: PageTicket | null, pageRequest: PageRequest): Promise<Response> {
  const { pages, config } = await getRuntime();
  event.locals.setCookies = [];
  event.locals.apiCookies = new Map();
  event.locals.sessionChecks = new Map();
  const port = event.url.port ? `:${event.url.port}` : '';
  event.locals.platformOrigin = `${event.url.protocol}//${config.platformDomain}${port}`;
  const { site, hostError } = await resolveSite(event);
  event.locals.site = site;
  event.locals.hostError = hostError;

  const first = event.url.pathname.split('/')[1];
  const lang = isLocale(first) ? first : (site?.defaultLocale ?? 'ar');
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang).replace('%dir%', directionOf(lang)),
  });

  response.headers.set('x-request-id', event.locals.requestId);
  // A page that could not be made because the database is away: tell browsers and crawlers when to retry.
  if (response.status === 503 && !response.headers.has('retry-after')) response.headers.set('retry-after', '5');
  for (const line of event.locals.setCookies) response.headers.append('set-cookie', line);
  const staff = isStaffPath(event.url.pathname);
  // `event.url`'s scheme is the proxy's word (X-Forwarded-Proto) only behind a trusted proxy: see server.ts.
  const security = pageSecurityHeaders({ console: staff, https: event.url.protocol === 'https:', host: event.url.hostname, platformDomain: config.platformDomain });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  if (staff) {
    // The console is personal: never stored by a browser or a proxy, never framed.
    response.headers.set('cache-control', 'no-store');
    return response;
  }
  if (!response.headers.has('content-security-policy')) {
    response.headers.set('content-security-policy', "frame-ancestors 'none'");
  }
  const page = await withEtag(event.request, response);
  if (ticket && page.body !== null && event.request.method === 'GET') {
    // (A 304 made afresh is kept as the 200 it stands for.)
    const kept = await pages.put(ticket, { status: 200, headers: page.response.headers, body: page.body, route: event.route.id, etag: page.etag, oneOfMany: CACHED_ROUTES.get(event.route.id ?? '') === 'one of many' });
    // Answered from the kept bytes: already compressed, they need no second compression on their way out.
    const stored = kept ? pages.stored(ticket, pageRequest) : null;
    if (stored) return cachedResponse(stored);
  }
  return compressedAtOnce(event.request, page);
}

/**
 * Anonymous HTML pages: always revalidated (`max-age=0, must-revalidate`: a phone asks each time and
 * gets `304` when nothing changed, and a shared cache never serves a page its tenant has since changed),
 * answered 304 when unchanged. Gives back the body it read and its ETag, for the page cache.
 */
async function withEtag(request: Request, response: Response): Promise<{ response: Response; body: Uint8Array | null; etag?: string }> {
  const type = response.headers.get('content-type') ?? '';
  if ((request.method !== 'GET' && request.method !== 'HEAD') || response.status !== 200 || !type.startsWith('text/html')) return { response, body: null };
  // The bytes SvelteKit encoded, hashed and kept as they are: not decoded to text and encoded again.
  const body = await response.bytes();
  const etag = pageEtag(body);
  const headers = new Headers(response.headers);
  headers.set('etag', etag);
  headers.set('cache-control', 'public, max-age=0, must-revalidate');
  headers.append('vary', 'Accept-Language');
  if (request.headers.get('if-none-match') === etag) return { response: new Response(null, { status: 304, headers }), body, etag };
  return { response: new Response(body, { status: 200, headers }), body, etag };
}

/**
 * One log line per page request, like the API's: request id, tenant, route (SvelteKit's route id, not
 * the path), status and duration. API paths are logged by the API itself.
 */
const logRequest: Handle = async ({ event, resolve }) => {
  if (isApiPath(event.url.pathname)) return resolve(event);
  // The route template for the request metrics (api/src/http/metrics.ts), on adapter-node's Node request.
  labelRoute((event as { platform?: { req?: unknown } }).platform?.req, event.route.id ?? 'unmatched');
  const started = performance.now();
  const response = await resolve(event);
  const { logger } = await getRuntime();
  logger.info(
    {
      requestId: event.locals.requestId,
      tenant: event.locals.site?.code ?? null,
      method: event.request.method,
      route: event.route.id,
      status: response.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    },
    'page',
  );
  return response;
};

// A page and the API calls it makes in-process are one request: on the embedded database their units of
// work go before those of requests that came later (the API's shared/request-order.ts).
const inRequestOrder: Handle = ({ event, resolve }) => asRequest(() => resolve(event));

export const handle = sequence(inRequestOrder, logRequest, servePage);

/**
 * Every error while making a page. Errors the app raised (`error(…)`, an API refusal) keep their code;
 * SvelteKit's own (a 404) get one from their status; anything unexpected is logged with the request id
 * (the page quotes it) and shown as the translated internal-error page, never the error's own text. A
 * database that is away is a 503 that says so.
 */
export const handleError: HandleServerError = async (caught) => {
  const requestId = caught.event.locals.requestId ?? randomUUID();
  switch (caught.kind) {
    case 'app':
      return { ...caught.error, requestId: caught.error.requestId ?? requestId };
    case 'framework':
    case 'validation':
      return { code: caught.error.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: caught.error.message, requestId };
    case 'unknown': {
      if (isDatabaseUnavailable(caught.error)) {
        return { status: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached', requestId };
      }
      try {
        (await getRuntime()).logger.error({ err: caught.error, requestId, route: caught.event.route.id }, 'page failed');
      } catch {
        console.error(caught.error);
      }
      return { code: 'INTERNAL', message: 'Internal error', requestId };
    }
  }
};
