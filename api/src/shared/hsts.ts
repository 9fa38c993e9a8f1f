// One rule for the API's answers and web's pages (web imports it from here).

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
