// The one server-only module through which web reaches the API: in-process, no network hop.
import { error, type RequestEvent } from '@sveltejs/kit';
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { DEVICE_COOKIE, SESSION_COOKIE } from '@jamaa/api/sessions/sessions.schemas.ts';
import type { AppType } from '@jamaa/api/app.ts';
import type { Runtime } from '@jamaa/api/runtime.ts';
import { sharedRuntime } from '@jamaa/api/shared-runtime.ts';
import { ErrorSchema, type ApiErrorBody } from '@jamaa/api/http/openapi.ts';
import type { Site, SiteIconName } from '@jamaa/api/site/site.schemas.ts';
import type { PageRequest } from '@jamaa/api/http/page-cache.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';

/** Whether an error means the database is away (a 503, not an internal error). */
export { isDatabaseUnavailable } from '@jamaa/api/db/availability.ts';
/** The route label the metrics read (hooks name SvelteKit routes by their template, never the path). */
export { labelRoute } from '@jamaa/api/http/route-label.ts';
/** Photos of the no-JavaScript complaint form are shrunk here, with the API's own re-encoder. */
export { ImageRefused, reencodeImage } from '@jamaa/api/files/images.ts';

/**
 * The process's runtime, shared with `server.ts` when it started first. Built here only without it (`vite
 * dev`, `vite preview`): imported when needed, so that the production bundle does not evaluate a second copy
 * of the app's modules beside the one `server.ts` runs (≈8 MB of V8's heap; docs/performance.md, h74).
 */
export function getRuntime(): Promise<Runtime> {
  return sharedRuntime(async () => {
    const [{ createRuntime }, { loadConfig }] = await Promise.all([import('@jamaa/api/runtime.ts'), import('@jamaa/api/config.ts')]);
    return createRuntime(loadConfig());
  });
}

export { compressPage, pageEtag, pickEncoding, type CachedAnswer, type PageRequest, type PageTicket } from '@jamaa/api/http/page-cache.ts';

/** What the page cache needs of a SvelteKit request. */
export function pageRequestOf(request: Request, url: URL, requestId: string | null): PageRequest {
  return {
    method: request.method,
    host: request.headers.get('host') ?? url.host,
    protocol: url.protocol === 'https:' ? 'https:' : 'http:',
    pathname: url.pathname,
    search: url.search,
    cookie: request.headers.get('cookie'),
    acceptEncoding: request.headers.get('accept-encoding'),
    ifNoneMatch: request.headers.get('if-none-match'),
    requestId,
  };
}

/** Paths that belong to the Hono app, not to SvelteKit. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/healthz' || pathname === '/readyz' || pathname.startsWith('/api/') || pathname.startsWith('/open311/');
}


/**
 * A typed client for the request's tenant, as if the visitor had called the API: URLs carry the
 * visitor's Host, so the API resolves the same tenant; the visitor's Cookie and Origin go along (the API
 * checks the session and CSRF itself), and so does the client address (for throttling and the audit
 * log). Cookies the API sets are relayed to the browser (see hooks.server.ts) and used by later calls
 * in the same request, so a page can sign in and read `me` at once.
 */
export function clientFor(event: RequestEvent) {
  const host = event.request.headers.get('host') ?? event.url.host;
  const forwarded: Record<string, string> = { 'x-request-id': event.locals.requestId };
  for (const name of ['x-forwarded-proto', 'origin', 'referer', 'user-agent', 'accept-language']) {
    const value = event.request.headers.get(name);
    if (value) forwarded[name] = value;
  }
  return hc<AppType>(`${event.url.protocol}//${host}`, {
    headers: forwarded,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const runtime = await getRuntime();
      const request = new Request(input, init);
      request.headers.set('host', host);
      const cookie = cookieHeader(event);
      if (cookie) request.headers.set('cookie', cookie);
      else request.headers.delete('cookie');
      const response = await runtime.app.fetch(request, { clientAddress: clientAddress(event), sessionChecks: event.locals.sessionChecks, inProcess: true });
      relayCookies(event, response);
      // A JSON answer's `json()` copies the object the API answered; its text is written only if the body
      // is read (api/src/http/in-process-json.ts).
      return response;
    },
  });
}

/** The API's cookies the visitor's calls carry: the session, and the device cookie (sign-in throttling). */
const API_COOKIES = [SESSION_COOKIE, DEVICE_COOKIE] as const;

/** The API's cookies this request carries: the browser's, or those the API set earlier in this request. */
function cookieHeader(event: RequestEvent): string | null {
  const jar = event.locals.apiCookies;
  const pairs = API_COOKIES.flatMap((name) => {
    const value = jar.has(name) ? jar.get(name) : event.cookies.get(name);
    return value ? [`${name}=${value}`] : [];
  });
  return pairs.length > 0 ? pairs.join('; ') : null;
}

function relayCookies(event: RequestEvent, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    event.locals.setCookies.push(line);
    const [pair = ''] = line.split(';', 1);
    const eq = pair.indexOf('=');
    if (eq > 0) event.locals.apiCookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

/** Each page's client address, read once for all its calls (the adapter throws when a trusted header is absent). */
const addresses = new WeakMap<Request, string | undefined>();

function clientAddress(event: RequestEvent): string | undefined {
  if (addresses.has(event.request)) return addresses.get(event.request);
  // Behind a trusted proxy the adapter reads the address from this header (server.ts sets it), and throws
  // — an error and its stack for each page — when a request lacks it.
  const header = process.env.ADDRESS_HEADER;
  if (header && !event.request.headers.has(header)) return undefined;
  let address: string | undefined;
  try {
    address = event.getClientAddress();
  } catch {
    address = undefined;
  }
  addresses.set(event.request, address);
  return address;
}

/** Any answer of the typed client: one `ClientResponse` per status its route declares. */
export type ApiResponse = ClientResponse<unknown, number, string>;

/**
 * The JSON body of the successful answers of a typed client's response, as the route's handler returns
 * them (`hc` infers it from `AppType`): no hand-written API types in web.
 */
export type SuccessBody<R> = R extends ClientResponse<infer T, infer S, 'json'> ? (S extends SuccessStatusCode ? T : never) : never;

/** The error shape of every API error answer (`ErrorSchema`), or null when the body is not one. */
export async function errorBody(response: Pick<Response, 'json'>): Promise<ApiErrorBody | null> {
  const parsed = ErrorSchema.safeParse(await response.json().catch(() => null));
  return parsed.success ? parsed.data : null;
}

/**
 * The body of a successful API answer, typed from the route, or the SvelteKit error page for the API's
 * error code (translated there, never the server's English), quoting `requestId` when given.
 */
export async function unwrap<R extends ApiResponse>(response: R, requestId?: string): Promise<SuccessBody<R>> {
  // The one assertion at the seam: `ok` tells the success members of the union apart, which TypeScript
  // cannot narrow on a type parameter.
  if (response.ok) return (await response.json()) as SuccessBody<R>;
  const body = await errorBody(response);
  error(response.status, { code: body?.error.code ?? 'INTERNAL', message: body?.error.message || response.statusText, ...(requestId ? { requestId } : {}) });
}

export type HostResolution =
  | { site: Site; hostError: null }
  | { site: null; hostError: NonNullable<App.Locals['hostError']> };

/** Which tenant the request's Host belongs to, or why none serves it. */
export async function resolveSite(event: RequestEvent): Promise<HostResolution> {
  const response = await clientFor(event).api.v1.site.$get();
  if (response.ok) return { site: await response.json(), hostError: null };
  const body = await errorBody(response);
  const code = body?.error.code;
  if (code === 'TENANT_SUSPENDED') return { site: null, hostError: { status: 503, code } };
  if (code === 'BAD_HOST') return { site: null, hostError: { status: 400, code } };
  if (code === 'TENANT_NOT_FOUND') return { site: null, hostError: { status: 404, code } };
  error(response.status, { code: code ?? 'INTERNAL', message: body?.error.message ?? 'unexpected answer' });
}

/** The home page data of the request's tenant in `locale`. Throws a SvelteKit error on failure. */
export async function getHome(event: RequestEvent, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.site.home.$get({ query: { locale } }));
}

/**
 * The services the tenant offers, optionally filtered: the most needed first, then by name in `lang`. With
 * `popular`, only that many of those residents need most (a frequency rank, of kind `service`).
 */
export async function getServices(
  event: RequestEvent,
  filter: { category?: string; audience?: 'residents' | 'businesses' | 'associations'; lang?: 'ar' | 'fr' | 'zgh'; popular?: number } = {},
) {
  const { popular, ...rest } = filter;
  return unwrap(await clientFor(event).api.v1.services.$get({ query: popular === undefined ? rest : { ...rest, popular: String(popular) } }));
}

/** One service with its local facts and office; a 404 error when the tenant does not offer it. */
export async function getService(event: RequestEvent, code: string) {
  return unwrap(await clientFor(event).api.v1.services[':code'].$get({ param: { code } }));
}

/** Services matching `q` in any language (empty `q`: no results). */
export async function searchServices(event: RequestEvent, q: string, limit = 20) {
  return unwrap(await clientFor(event).api.v1.services.search.$get({ query: { q, limit: String(limit) } }));
}

/** The tenant's offices, then its commune's. */
export async function getOffices(event: RequestEvent) {
  return (await unwrap(await clientFor(event).api.v1.offices.$get())).offices;
}

/** The tenant's hotlines and delegated-service operators, then its commune's (`GET /api/v1/contact`). */
export async function getContact(event: RequestEvent) {
  return unwrap(await clientFor(event).api.v1.contact.$get());
}

/**
 * One of the tenant's icons (`GET /api/v1/site/icons/{name}`), answered as the API answers it: the image
 * with its ETag and caching, or `304` when the browser's copy is current.
 */
export async function getSiteIcon(event: RequestEvent, name: SiteIconName): Promise<Response> {
  const ifNoneMatch = event.request.headers.get('if-none-match');
  const response = await clientFor(event).api.v1.site.icons[':name'].$get(
    { param: { name } },
    ifNoneMatch ? { headers: { 'if-none-match': ifNoneMatch } } : undefined,
  );
  if (response.status === 200 || response.status === 304) return new Response(response.body, { status: response.status, headers: response.headers });
  return new Response(`${response.status}\n`, { status: response.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
