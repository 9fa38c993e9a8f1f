// The security headers of every page, decided in one place (applied by hooks.server.ts).
import { hstsValue } from '@jamaa/api/shared/hsts.ts';

/** The console asks for nothing a browser can grant. */
const CONSOLE_PERMISSIONS = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';
/** Public pages may ask for the visitor's position (the nearest office), on this origin only. */
const PUBLIC_PERMISSIONS = 'camera=(), microphone=(), geolocation=(self), payment=(), usb=()';

/**
 * Headers for a page: `nosniff` and a referrer policy everywhere; the console sends no referrer to
 * another site (its URLs name people, invitations and reset links) and grants no browser feature; HSTS
 * when the page came over HTTPS and is not a development host. Not `no-referrer`: with it, a browser sends
 * `Origin: null` on the console's own form posts, and the CSRF check refuses them.
 *
 * @example pageSecurityHeaders({ console: true, https: false, host: 'casablanca.localhost', platformDomain: 'localhost' })['referrer-policy'] // → 'same-origin'
 */
export function pageSecurityHeaders(input: { console: boolean; https: boolean; host: string; platformDomain: string }): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': input.console ? 'same-origin' : 'strict-origin-when-cross-origin',
    'permissions-policy': input.console ? CONSOLE_PERMISSIONS : PUBLIC_PERMISSIONS,
  };
  if (input.console) headers['x-frame-options'] = 'DENY';
  const hsts = hstsValue({ https: input.https, host: input.host, platformDomain: input.platformDomain });
  if (hsts) headers['strict-transport-security'] = hsts;
  return headers;
}
