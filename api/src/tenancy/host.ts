/** Where a request's Host points, before any database lookup. */
export type HostTarget =
  | { type: 'platform' }
  /** `casablanca.<platform>` → ['casablanca']; `anfa.casablanca.<platform>` → ['casablanca', 'anfa']. */
  | { type: 'subdomain'; slugs: string[] }
  /** Any other name: a tenant's custom domain such as `casablancacity.ma`. */
  | { type: 'custom'; domain: string };

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Normalises a Host header value: lower case, no port, no trailing dot. Returns null when it is not a
 * valid host name (the caller answers 400). Pure, so it can be tested on every odd input.
 *
 * @example normaliseHost('Anfa.Casablanca.localhost:3000') // → 'anfa.casablanca.localhost'
 */
export function normaliseHost(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) {
    // IPv6 literal: only the loopback is meaningful here.
    const end = host.indexOf(']');
    if (end < 0) return null;
    const rest = host.slice(end + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return null;
    return host.slice(0, end + 1);
  }
  const port = host.match(/:(\d{1,5})$/);
  if (port) host = host.slice(0, -port[0].length);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253) return null;
  if (!host.split('.').every((label) => LABEL.test(label))) return null;
  return host;
}

/**
 * Classifies a normalised host against the platform domain.
 *
 * @example classifyHost('anfa.casablanca.localhost', 'localhost')
 *   // → { type: 'subdomain', slugs: ['casablanca', 'anfa'] }
 */
export function classifyHost(host: string, platformDomain: string): HostTarget {
  if (host === platformDomain || IPV4.test(host) || host.startsWith('[')) return { type: 'platform' };
  const suffix = `.${platformDomain}`;
  if (host.endsWith(suffix)) {
    const labels = host.slice(0, -suffix.length).split('.');
    // www.<platform> is the platform itself.
    if (labels.length === 1 && labels[0] === 'www') return { type: 'platform' };
    return { type: 'subdomain', slugs: labels.reverse() };
  }
  return { type: 'custom', domain: host };
}
