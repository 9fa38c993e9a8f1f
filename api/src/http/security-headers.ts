import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.ts';
import { hstsValue } from '../shared/hsts.ts';
import { normaliseHost } from '../tenancy/host.ts';
import type { AppEnv } from './context.ts';
import { requestUrl } from './request-url.ts';

/**
 * Headers on every answer of the Hono app: `nosniff` (a JSON error is never run as a script), and HSTS
 * when the request came over HTTPS — the proxy's `X-Forwarded-Proto: https` with `TRUST_PROXY`, else
 * the request's own scheme.
 */
export function securityHeaders(config: Pick<Config, 'trustProxy' | 'platformDomain'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const url = requestUrl(c);
    const forwarded = config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const https = forwarded === undefined ? url?.protocol === 'https:' : forwarded === 'https';
    const hsts = hstsValue({ https, host: normaliseHost(c.req.header('host') ?? url?.host), platformDomain: config.platformDomain });
    // On the answer's own headers, as the other middleware do: `c.header` after the handler would copy the
    // answer into a new one (its body turned into a stream), for every in-process call of every page.
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    if (hsts) headers.set('Strict-Transport-Security', hsts);
  });
}
