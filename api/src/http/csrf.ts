import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.ts';
import { AppError } from '../shared/errors.ts';
import { sessionToken } from '../sessions/cookies.ts';
import { normaliseHost } from '../tenancy/host.ts';
import { requestUrl } from './request-url.ts';
import type { AppEnv } from './context.ts';
import { STAFF_PATHS } from './request.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function portOf(protocol: string, port: string): string {
  return port === '' || (protocol === 'http:' && port === '80') || (protocol === 'https:' && port === '443') ? '' : port;
}

/**
 * Whether `source` (an Origin, or a Referer's origin) is the request's own origin: same host and port,
 * and the same scheme — or https where the connection looked like http (TLS ended at a proxy).
 */
function isSameOrigin(source: string, c: Context<AppEnv>, config: Pick<Config, 'trustProxy'>): boolean {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false;
  }
  const raw = (c.req.header('host') ?? requestUrl(c)?.host ?? '').toLowerCase();
  const host = normaliseHost(raw);
  const forwarded = config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
  const protocol = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : (requestUrl(c)?.protocol ?? 'http:');
  const rawPort = raw.match(/:(\d{1,5})$/)?.[1] ?? '';
  if (!host || url.hostname !== host) return false;
  if (portOf(url.protocol, url.port) !== portOf(protocol, rawPort)) return false;
  return url.protocol === protocol || url.protocol === 'https:';
}

/**
 * CSRF protection for the JSON API. A state-changing request (POST, PUT, PATCH, DELETE) that carries a
 * session cookie must name its own origin in `Origin` (or, failing that, `Referer`): a page of another
 * site cannot. Staff paths (sign-in, reset, invitations) refuse a foreign origin even without a cookie.
 * Requests without cookie and without origin (server-to-server) pass: they carry no ambient authority.
 * Mounted app-wide, so later features are covered without doing anything.
 */
export function csrfProtection(config: Pick<Config, 'trustProxy'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const withSession = sessionToken(c) !== undefined;
    if (!withSession && !STAFF_PATHS.test(c.req.path)) return next();
    const origin = c.req.header('origin');
    const referer = c.req.header('referer');
    const source = origin ?? (referer ? safeOrigin(referer) : undefined);
    if (source === undefined ? withSession : !isSameOrigin(source, c, config)) {
      throw new AppError('CSRF_FAILED', 'a state-changing request must come from this site (Origin or Referer)');
    }
    await next();
  });
}

function safeOrigin(referer: string): string {
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
