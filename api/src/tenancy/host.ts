/** Where a request's Host points, before any database lookup. */
export type HostTarget =
  | { type: 'platform' }
  /** `casablanca.<platform>` → ['casablanca']; `anfa.casablanca.<platform>` → ['casablanca', 'anfa']. */
  | { type: 'subdomain'; slugs: string[] }
  /** Any other name: a tenant's custom domain such as `casablancacity.ma`. */
  | { type: 'custom'; domain: string };

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * A last label that the URL standard reads as a number (`1`, `0x7f`), which makes the whole name an IPv4
 * address to browsers and to `new URL` — `999.999.999.999` throws there. No top-level domain is numeric.
 */
const NUMERIC_LABEL = /^(\d+|0x[0-9a-f]*)$/;

/**
 * Normalises a host name (no port): lower case, no trailing dot. Returns null when it is not a valid
 * DNS host name — IP literals included (`127.0.0.1`, `[::1]`, `999.999.999.999`, `0x7f.1`): a tenant is
 * reached by its name only, so an address names no tenant. Pure, so it can be tested on every odd input.
 *
 * @example normaliseHostName('Casablancacity.MA.') // → 'casablancacity.ma'
 */
export function normaliseHostName(raw: string): string | null {
  let host = raw.trim().toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253) return null;
  const labels = host.split('.');
  if (!labels.every((label) => LABEL.test(label))) return null;
  if (NUMERIC_LABEL.test(labels[labels.length - 1] as string)) return null;
  return host;
}

/**
 * Normalises a Host header value: as `normaliseHostName`, after dropping a port. Null (the caller
 * answers 400 BAD_HOST) for a malformed value or an IP literal.
 *
 * @example normaliseHost('Anfa.Casablanca.localhost:3000') // → 'anfa.casablanca.localhost'
 */
export function normaliseHost(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let host = raw.trim();
  const port = host.match(/:(\d{1,5})$/);
  if (port) {
    if (Number(port[1]) > 65535) return null;
    host = host.slice(0, -port[0].length);
  }
  return normaliseHostName(host);
}

/**
 * Classifies a normalised host against the platform domain.
 *
 * @example classifyHost('anfa.casablanca.localhost', 'localhost')
 *   // → { type: 'subdomain', slugs: ['casablanca', 'anfa'] }
 */
export function classifyHost(host: string, platformDomain: string): HostTarget {
  if (host === platformDomain) return { type: 'platform' };
  const suffix = `.${platformDomain}`;
  if (host.endsWith(suffix)) {
    const labels = host.slice(0, -suffix.length).split('.');
    // www.<platform> is the platform itself.
    if (labels.length === 1 && labels[0] === 'www') return { type: 'platform' };
    return { type: 'subdomain', slugs: labels.reverse() };
  }
  return { type: 'custom', domain: host };
}
