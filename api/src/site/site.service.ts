import type { Database } from '../db/database.ts';
import type { BrandingRow, TenantRow } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { isLocale, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { countChildTenants, listChildTenants } from '../tenancy/tenants.repository.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { ACTIVE_CHILDREN, readDirectly, type Remember } from '../shared/remember.ts';
import { LRUCache } from 'lru-cache';
import { findFile, openFile, type FileRow } from '../files/files.service.ts';
import type { Storage } from '../files/storage.ts';
import { renderSiteIcon, type IconLogo, type RenderedIcon, type SiteIconName } from './site-icons.ts';
import { effectiveTariff } from '../tariff/tariff.service.ts';
import { canonicalOrigin } from '../mail/links.ts';
import { findSiteText } from './site.repository.ts';
import type { ArrondissementList, Home, Site, TenantLink } from './site.schemas.ts';

/** The scheme and port the visitor used, so that links to other tenants work the same way. */
export interface RequestOrigin {
  protocol: 'http:' | 'https:';
  /** `:3000`, or '' for the default port. */
  port: string;
  platformDomain: string;
  /** `PUBLIC_URL`: the scheme and port of canonical addresses (`mail/links.ts`), whatever the request used. */
  publicUrl: string;
}

/** The colours of a tenant whose chain sets none. */
export const DEFAULT_BRANDING = { primaryColor: '#0d5c46', accentColor: '#b3261e' } as const;

/** Only these statuses are served publicly; others answer as if the tenant did not exist. */
export function assertServable(tenant: TenantRow): void {
  if (tenant.status === 'suspended') throw new AppError('TENANT_SUSPENDED', `tenant ${tenant.code} is suspended`);
  if (tenant.status !== 'active') throw new AppError('TENANT_NOT_FOUND', `tenant ${tenant.code} is ${tenant.status}`);
}

/** The absolute origin of a tenant's site on the platform domain. */
export function originOf(tenant: TenantRow, ancestors: readonly TenantRow[], at: RequestOrigin): string {
  // Slugs from the tenant up to (not including) the platform: anfa, casablanca.
  const labels = [tenant, ...ancestors].filter((t) => t.kind !== 'platform').map((t) => t.slug);
  return `${at.protocol}//${[...labels, at.platformDomain].join('.')}${at.port}`;
}

export interface EffectiveBranding {
  primaryColor: string;
  accentColor: string;
  /** The logo in effect and the tenant that stores it (this one, or its commune). */
  logo: (NonNullable<BrandingRow['logo']> & { ownerId: string }) | null;
}

/**
 * Branding after inheritance: platform defaults, then each ancestor from the top, then the tenant.
 * `chain` runs from the tenant up (`[tenant, commune]`), without the platform.
 */
export function effectiveBranding(chain: readonly TenantRow[]): EffectiveBranding {
  let result: EffectiveBranding = { ...DEFAULT_BRANDING, logo: null };
  for (const t of [...chain].reverse()) {
    const b = t.branding;
    result = {
      primaryColor: b.primaryColor ?? result.primaryColor,
      accentColor: b.accentColor ?? result.accentColor,
      logo: b.logo ? { ...b.logo, ownerId: t.id } : result.logo,
    };
  }
  return result;
}

/** The `v` of a logo's URL: the start of its SHA-256. */
export function logoVersion(sha256: string): string {
  return sha256.slice(0, 16);
}

/** The public URL of a logo, versioned by its content: a new logo gets a new URL (cached for a year). */
export function logoUrlOf(logo: Pick<NonNullable<BrandingRow['logo']>, 'sha256'> | null): string | null {
  return logo ? `/api/v1/site/logo?v=${logoVersion(logo.sha256)}` : null;
}

function localesOf(values: readonly string[]): Locale[] {
  return values.filter(isLocale);
}

function linkOf(tenant: TenantRow, ancestors: readonly TenantRow[], at: RequestOrigin): TenantLink {
  return { slug: tenant.slug, code: tenant.code, kind: tenant.kind, names: tenant.names, origin: originOf(tenant, ancestors, at) };
}

/**
 * The last site made of each resolved tenant (the directory's, kept until the tenant or its chain changes),
 * with the origin it was made for: a page asks for it two or three times, and every page of the tenant alike.
 */
const sites = new WeakMap<ResolvedTenant, { at: string; site: Site }>();

/** Maps a resolved tenant to what every page needs. The same object while the tenant is unchanged: never changed in place. */
export function toSite(resolved: ResolvedTenant, at: RequestOrigin): Site {
  const key = `${at.protocol}|${at.port}|${at.platformDomain}|${at.publicUrl}`;
  const known = sites.get(resolved);
  if (known?.at === key) return known.site;
  const site = makeSite(resolved, at);
  sites.set(resolved, { at: key, site });
  return site;
}

function makeSite({ tenant, ancestors, chain, domains }: ResolvedTenant, at: RequestOrigin): Site {
  const branding = effectiveBranding(chain);
  const parent = ancestors[0] && ancestors[0].kind !== 'platform' ? linkOf(ancestors[0], ancestors.slice(1), at) : null;
  return {
    id: tenant.id,
    slug: tenant.slug,
    code: tenant.code,
    kind: tenant.kind,
    status: tenant.status,
    names: tenant.names,
    locales: localesOf(tenant.locales),
    defaultLocale: isLocale(tenant.default_locale) ? tenant.default_locale : 'ar',
    fallbackLocales: localesOf(tenant.fallback_locales),
    branding: {
      primaryColor: branding.primaryColor,
      accentColor: branding.accentColor,
      logoUrl: logoUrlOf(branding.logo),
    },
    origin: originOf(tenant, ancestors, at),
    canonicalOrigin: canonicalOrigin(chain, domains, at),
    parent,
    tariff: effectiveTariff(chain),
    version: [tenant, ...ancestors].map((t) => t.version).join('.'),
    updatedAt: new Date(Math.max(...chain.map((t) => new Date(t.updated_at).getTime()))).toISOString(),
  };
}

/** The locale asked for must be one the tenant publishes in. */
export function assertLocaleEnabled(site: Site, locale: string): Locale {
  if (!isLocale(locale) || !site.locales.includes(locale)) {
    throw new AppError('UNSUPPORTED_LOCALE', `locale ${locale} is not enabled for ${site.code}`, { enabled: site.locales });
  }
  return locale;
}

/** The home page of a tenant in one language. */
export async function getHome(db: Database, resolved: ResolvedTenant, at: RequestOrigin, locale: Locale, remember: Remember = readDirectly): Promise<Home> {
  const site = toSite(resolved, at);
  const { tenant, ancestors } = resolved;
  const fallback = site.fallbackLocales;
  const name = resolveText(tenant.names, locale, fallback) ?? { text: tenant.slug, locale, fallback: true };

  // One unit of work: on the embedded database every transaction is a round of BEGIN/SET/COMMIT. What it
  // reads is the same in every language and changes only with a write (the welcome text, a tenant
  // onboarded or archived), so it is kept with the tenant's other public reads: a home page's other
  // languages need no second read.
  const { welcomeText, children, hosted } = await remember('home', () => {
    const read = withTenant(db, { id: tenant.id }, async (tx) => {
      const welcomeText = await findSiteText(tx, tenant.id, 'home.welcome');
      if (tenant.kind === 'commune') return { welcomeText, children: await listChildTenants(tx, tenant.id, ['active']), hosted: null };
      if (tenant.kind === 'platform') {
        const rows = await listChildTenants(tx, tenant.id, ['active']);
        const counts = await countChildTenants(
          tx,
          rows.map((r) => r.id),
          ['active'],
        );
        return { welcomeText, children: [], hosted: { rows, counts } };
      }
      return { welcomeText, children: [], hosted: null };
    });
    // Kept for the commune's service pages too (catalogue.service.ts), from the same read, asked before it
    // starts as any kept read is (a write meanwhile drops it).
    if (tenant.kind === 'commune') remember(ACTIVE_CHILDREN, async () => (await read).children).catch(() => {});
    return read;
  });

  return {
    site,
    locale,
    name,
    welcome: welcomeText ? resolveText(welcomeText, locale, fallback) : null,
    children: children.map((r) => linkOf(r, [tenant, ...ancestors], at)),
    hostedCommunes: hosted ? hosted.rows.map((r) => ({ ...linkOf(r, [tenant], at), childCount: hosted.counts.get(r.id) ?? 0 })) : [],
    population: tenant.population,
  };
}

/** The tenant's effective logo (its own, or inherited from its commune): its file's row; the bytes are in storage. */
export async function getLogo(db: Database, resolved: ResolvedTenant): Promise<FileRow | null> {
  const logo = effectiveBranding(resolved.chain).logo;
  if (!logo) return null;
  const file = await withTenant(db, resolved.scope, (tx) =>
    findFile(tx, logo.ownerId, logo.fileId),
  );
  return file ?? null;
}


/** A commune's arrondissements that are not archived, in the registry's order; empty for other tenants. */
export async function listArrondissements(db: Database, resolved: ResolvedTenant): Promise<ArrondissementList> {
  const { tenant } = resolved;
  if (tenant.kind !== 'commune') return { arrondissements: [] };
  const rows = await withTenant(db, { id: tenant.id }, (tx) => listChildTenants(tx, tenant.id, ['provisioning', 'active', 'suspended']));
  return { arrondissements: rows.map((r) => ({ id: r.id, slug: r.slug, code: r.code, names: r.names, status: r.status })) };
}

/** Drawn icons, per tenant version (its branding and names): drawing a PNG costs milliseconds of CPU, a hit nothing. */
const drawnIcons = new LRUCache<string, Promise<RenderedIcon>>({ max: 2_000 });

/** The tenant's icon `name`, drawn from its logo (or its colours and initial) once per tenant version. */
export function getSiteIcon(db: Database, storage: Storage, resolved: ResolvedTenant, site: Site, name: SiteIconName): Promise<RenderedIcon> {
  const key = `${site.id}:${site.version}:${name}`;
  let drawn = drawnIcons.get(key);
  if (!drawn) {
    drawn = (async () => {
      const file = await getLogo(db, resolved);
      const object = file ? await openFile(storage, file) : null;
      const logo: IconLogo | null = file && object ? { bytes: new Uint8Array(await new Response(object.body).arrayBuffer()), contentType: file.contentType } : null;
      return renderSiteIcon(name, site, logo);
    })();
    drawnIcons.set(key, drawn);
    drawn.catch(() => drawnIcons.delete(key));
  }
  return drawn;
}
