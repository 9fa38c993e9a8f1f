import { getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.ts';
import type { StaffRole } from '../db/schema.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { requestUrl } from '../http/request-url.ts';
import { normaliseHost } from '../tenancy/host.ts';
import { DEVICE_COOKIE, SESSION_COOKIE } from './accounts.schemas.ts';
import type { DeviceCookie } from './devices.service.ts';
import { validateSessionToken } from './sessions.service.ts';

export { DEVICE_COOKIE, SESSION_COOKIE };

/** Development hosts are served over plain HTTP: the cookie cannot be `Secure` there. */
export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function hostOf(c: Context<AppEnv>): string {
  return normaliseHost(c.req.header('host') ?? requestUrl(c)?.host) ?? '';
}

/**
 * Sends the session cookie: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` outside localhost, and no
 * `Domain`, so it stays on the host that set it.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date, now: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: !isLocalHost(hostOf(c)),
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  setCookie(c, SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Lax', path: '/', secure: !isLocalHost(hostOf(c)), maxAge: 0 });
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** The device cookie the browser presents, if any (checked against the account by the service). */
export function deviceToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, DEVICE_COOKIE) || undefined;
}

/**
 * Sends the device cookie: like the session's (host-only, `HttpOnly`, `Secure` outside localhost) but
 * `SameSite=Strict` — it is only ever needed on this site's own sign-in forms — and long-lived.
 */
export function setDeviceCookie(c: Context<AppEnv>, device: DeviceCookie, now: Date): void {
  setCookie(c, DEVICE_COOKIE, device.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: !isLocalHost(hostOf(c)),
    expires: device.expiresAt,
    maxAge: Math.max(0, Math.floor((device.expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

/**
 * The client's address, for throttling and the audit log: given by an in-process caller (web's server
 * module passes SvelteKit's `getClientAddress()` as `env.clientAddress`), else the last
 * `X-Forwarded-For` hop when a proxy is trusted, else the socket's. Null when unknown.
 */
export function clientIp(c: Context<AppEnv>, config: Pick<Config, 'trustProxy'>): string | null {
  const env = c.env as AppEnv['Bindings'] | undefined;
  if (env?.clientAddress) return env.clientAddress;
  if (config.trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const last = hops.at(-1);
    if (last) return last;
  }
  return env?.incoming?.socket?.remoteAddress ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Sign-in, reset and invitation forms are checked even without a cookie (login CSRF). */
const STAFF_PATHS = /^\/api\/v1\/(auth|admin|operator)\//;

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

/** Adds `Retry-After` to a 429 whose error carries `retryAfterSeconds` (sign-in lockouts, new devices locked, throttled submissions). */
export function retryAfterHeader() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const err = c.error;
    if (err instanceof AppError && err.status === 429) {
      const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (seconds) c.res.headers.set('Retry-After', String(seconds));
    }
  });
}

/** Staff answers are personal (sessions, staff lists, audit): no browser or proxy may keep them. */
export function noStoreForStaff() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (STAFF_PATHS.test(c.req.path) && !c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store');
  });
}

/** A tenant role, or the national operator (on the platform host only). */
export type AccessRole = StaffRole | 'operator';

export interface RequireStaffOptions {
  /** Who may call. An administrator passes every tenant role of its tenant. `'any'`: every signed-in staff member. */
  roles: readonly AccessRole[] | 'any';
  /** Lets a session that still owes its second factor through (the TOTP/recovery routes and sign-out). */
  allowPending?: boolean;
}

/**
 * Resolves the session for the request's tenant and checks the role: 401 UNAUTHENTICATED without a
 * usable session (another tenant's session included), 401 TWO_FACTOR_REQUIRED before the second factor,
 * 403 FORBIDDEN for the wrong role. Sets `c.var.staff`. Runs after `tenantFromHost`.
 *
 * @example
 *   createRoute({ method: 'get', path: '/admin/users', middleware: [tenant, requireStaff(deps, { roles: ['administrator'] })], … })
 */
export function requireStaff(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, options: RequireStaffOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = sessionToken(c);
    if (!token) throw new AppError('UNAUTHENTICATED', 'sign in first');
    const now = deps.clock();
    const validated = await validateSessionToken(deps.db, c.var.resolved.tenant, token, now, { days: deps.config.sessionDays });
    if (!validated) {
      clearSessionCookie(c);
      throw new AppError('UNAUTHENTICATED', 'the session is not valid on this site');
    }
    const { principal } = validated;
    if (!principal.twoFactorVerified && !options.allowPending) throw new AppError('TWO_FACTOR_REQUIRED', 'finish signing in with your second factor');
    if (!mayAct(principal, options.roles)) throw new AppError('FORBIDDEN', 'your role does not allow this');
    if (validated.renewed) setSessionCookie(c, token, principal.expiresAt, now);
    c.set('staff', principal);
    await next();
  });
}

function mayAct(p: { role: StaffRole | null; operator: boolean }, roles: RequireStaffOptions['roles']): boolean {
  if (roles === 'any') return p.operator || p.role !== null;
  if (p.operator && roles.includes('operator')) return true;
  if (p.role === null) return false;
  return roles.includes(p.role) || (p.role === 'administrator' && roles.some((r) => r !== 'operator'));
}

/** Where a change came from, for the audit log. */
export function requestMeta(c: Context<AppEnv>, config: Pick<Config, 'trustProxy'>): { ip: string | null; requestId: string | null } {
  return { ip: clientIp(c, config), requestId: c.get('requestId') ?? null };
}

/** Who is changing something, from where and when, for a service that audits it. Runs after `requireStaff`. */
export function changeContext(c: Context<AppEnv>, deps: Pick<AppDeps, 'config' | 'clock'>): { actor: { id: string; email: string }; meta: { ip: string | null; requestId: string | null }; at: Date } {
  const staff = c.get('staff');
  return { actor: { id: staff.userId, email: staff.email }, meta: requestMeta(c, deps.config), at: deps.clock() };
}
