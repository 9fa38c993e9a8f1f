import type { Config } from '../config.ts';
import type { TenantRow } from '../db/schema.ts';

/**
 * The origin every link in a tenant's mail starts with: the tenant's own canonical address, built from
 * configuration and data only — never from a request's Host, scheme or port, which a sender controls.
 *
 * - host: the tenant's custom domain if it has one (the first in alphabetical order), else
 *   `<slug>.<commune slug>.<PLATFORM_DOMAIN>` (the platform itself: PLATFORM_DOMAIN). Custom domains are
 *   skipped when the platform runs on `localhost`, where they do not resolve.
 * - scheme and port: those of PUBLIC_URL (`config.publicUrl`).
 *
 * `chain` runs from the tenant up to (and possibly including) the platform: `[anfa, casablanca, platform]`.
 *
 * @example canonicalOrigin([anfa, casablanca], [], { publicUrl: 'https://jamaa.ma', platformDomain: 'jamaa.ma' })
 *   // → 'https://anfa.casablanca.jamaa.ma'
 */
export function canonicalOrigin(
  chain: readonly Pick<TenantRow, 'kind' | 'slug'>[],
  customDomains: readonly string[],
  config: Pick<Config, 'publicUrl' | 'platformDomain'>,
): string {
  const base = new URL(config.publicUrl);
  const local = config.platformDomain === 'localhost' || config.platformDomain.endsWith('.localhost');
  const custom = local ? undefined : [...customDomains].sort()[0];
  const labels = chain.filter((t) => t.kind !== 'platform').map((t) => t.slug);
  const host = custom ?? [...labels, config.platformDomain].join('.');
  return `${base.protocol}//${host}${base.port ? `:${base.port}` : ''}`;
}
