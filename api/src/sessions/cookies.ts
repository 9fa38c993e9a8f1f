import { getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { normaliseHost } from '../tenancy/host.ts';
import { DEVICE_COOKIE, SESSION_COOKIE } from './sessions.schemas.ts';
import { requestUrl } from '../http/request-url.ts';

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
export function setDeviceCookie(c: Context<AppEnv>, device: { token: string; expiresAt: Date }, now: Date): void {
  setCookie(c, DEVICE_COOKIE, device.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: !isLocalHost(hostOf(c)),
    expires: device.expiresAt,
    maxAge: Math.max(0, Math.floor((device.expiresAt.getTime() - now.getTime()) / 1000)),
  });
}
