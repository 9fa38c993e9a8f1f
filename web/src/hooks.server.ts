import { createHash, randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit/hooks';
import { directionOf, isLocale } from '@jamaa/api/shared/locale.ts';
import { getRuntime, isApiPath, resolveSite } from '#lib/server/api.ts';
import { pageSecurityHeaders } from '#lib/server/security-headers.ts';
import { isStaffPath } from '#lib/paths.ts';

/**
 * Every request: API paths go to the Hono app (in production `server.ts` does this before SvelteKit);
 * pages get their tenant from the Host, `<html lang dir>` from the URL's locale, security headers, and
 * an ETag so that a phone on a slow network revalidates instead of downloading a page again.
 */
export const handle: Handle = async ({ event, resolve }) => {
  if (isApiPath(event.url.pathname)) return (await getRuntime()).app.fetch(event.request, { clientAddress: event.getClientAddress() });

  event.locals.requestId = event.request.headers.get('x-request-id') ?? randomUUID();
  event.locals.setCookies = [];
  event.locals.apiCookies = new Map();
  const { config } = await getRuntime();
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
  return withEtag(event.request, response);
};

/** Anonymous HTML pages: always revalidated, answered 304 when unchanged. */
async function withEtag(request: Request, response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if ((request.method !== 'GET' && request.method !== 'HEAD') || response.status !== 200 || !type.startsWith('text/html')) return response;
  const body = await response.text();
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = new Headers(response.headers);
  headers.set('etag', etag);
  headers.set('cache-control', 'public, max-age=0, must-revalidate');
  headers.append('vary', 'Accept-Language');
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}
