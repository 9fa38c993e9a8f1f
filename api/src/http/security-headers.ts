import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.ts';
import { normaliseHost } from '../tenancy/host.ts';
import type { AppEnv } from './context.ts';

/** A year: what browsers' preload lists ask for. */
const HSTS_MAX_AGE = 31_536_000;

/**
 * The `Strict-Transport-Security` value for a response, or null when none may be sent: only over HTTPS
 * (a browser ignores it on plain HTTP, and we must not claim what we do not serve), never on a development
 * host (`localhost`, `*.localhost`). `includeSubDomains` on the platform domain and its subdomains, which
 * all serve HTTPS behind the proxy; not on a tenant's own domain, whose other subdomains (a mail server,
 * an old site) are not ours to pin.
 *
 * @example hstsValue({ https: true, host: 'anfa.casablanca.jamaa.ma', platformDomain: 'jamaa.ma' }) // → 'max-age=31536000; includeSubDomains'
 * @example hstsValue({ https: true, host: 'casablancacity.ma', platformDomain: 'jamaa.ma' })        // → 'max-age=31536000'
 */
export function hstsValue(input: { https: boolean; host: string | null; platformDomain: string }): string | null {
  const { https, host, platformDomain } = input;
  if (!https || !host || host === 'localhost' || host.endsWith('.localhost')) return null;
  // Browsers ignore HSTS for an IP address; say nothing rather than pin what no certificate names.
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return null;
  const ours = host === platformDomain || host.endsWith(`.${platformDomain}`);
  return ours ? `max-age=${HSTS_MAX_AGE}; includeSubDomains` : `max-age=${HSTS_MAX_AGE}`;
}

/**
 * Headers on every answer of the Hono app: `nosniff` (a JSON error is never run as a script), and HSTS
 * when the request came over HTTPS — the proxy's `X-Forwarded-Proto: https` with `TRUST_PROXY`, else
 * the request's own scheme.
 */
export function securityHeaders(config: Pick<Config, 'trustProxy' | 'platformDomain'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const url = new URL(c.req.url);
    const forwarded = config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const https = forwarded === undefined ? url.protocol === 'https:' : forwarded === 'https';
    const hsts = hstsValue({ https, host: normaliseHost(c.req.header('host') ?? url.host), platformDomain: config.platformDomain });
    c.header('X-Content-Type-Options', 'nosniff');
    if (hsts) c.header('Strict-Transport-Security', hsts);
  });
}
