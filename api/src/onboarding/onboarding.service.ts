import { randomUUID } from 'node:crypto';
import type { Locale } from '@jamaa/tenants/locale.ts';
import type { TenantSpec } from '@jamaa/tenants/manifest.ts';
import {
  arrondissementsOf,
  BRANDING_PRESETS,
  findArrondissement,
  findCommune,
  loadRegistry,
  registrySpec,
  registrySpecs,
  type Commune,
} from '@jamaa/tenants/registry.ts';
import { createInvitation, queueInvitationMail } from '../accounts/staff.service.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import { findCurrentVersion, listNationalServices, upsertOffering } from '../catalogue/catalogue.repository.ts';
import type { QueuedMail } from '../mail/outbox.service.ts';
import { tenantMailOrigin } from '../mail/outbox.service.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { AppError } from '../shared/errors.ts';
import { provisionTenantsIn, type ProvisionedTenant, type ProvisioningReport } from '../tenancy/provisioning.service.ts';
import { findPlatformTenant, findTenantById } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withProvisioning, type ProvisioningTx } from '../tenancy/unit-of-work.ts';
import type { BatchReason } from './onboarding.schemas.ts';

export type OnboardingDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'mailer' | 'logger' | 'storage'>;

/** The operator who onboards (audited under their account), or null: the system (command line, benchmark). */
export interface OnboardingBy {
  actor: { id: string; email: string; displayName: string } | null;
  meta?: RequestMeta;
}

/** What the operator chose in the onboarding form; every field but `code` has a default. */
export interface OnboardingRequest {
  /** A commune's registry code (a city brings all its arrondissements). */
  code: string;
  /** Default: the readable slug (`ajdir-al-hoceima` for a homonym). */
  slug?: string | undefined;
  domains?: string[] | undefined;
  /** Default: ar, fr, zgh. */
  locales?: Locale[] | undefined;
  /** Default: ar. */
  defaultLocale?: Locale | undefined;
  /** An index into `BRANDING_PRESETS`; default: the one the registry code picks. */
  brandingPreset?: number | undefined;
  /** National catalogue services to offer; default (undefined or null): all of them. */
  services?: string[] | null | undefined;
  /** The first administrator, invited in the same transaction. */
  administratorEmail?: string | null | undefined;
}

export interface OnboardingResult {
  commune: { id: string; code: string; slug: string; url: string };
  arrondissements: ProvisionedTenant[];
  /** Where the invitation went: its recipient; the mail itself is in the outbox (the platform's without SMTP). */
  invitation: { email: string } | null;
  services: { offered: number; total: number };
}

/** Steps at which a test may inject a failure (`hooks.after`), to see that nothing is left behind. */
export type OnboardingStep = 'provisioned' | 'content' | 'services' | 'invited' | 'audited';

export interface OnboardingHooks {
  after?: (step: OnboardingStep) => void | Promise<void>;
}

function communeOf(code: string): Commune {
  const commune = findCommune(code);
  if (!commune) throw new AppError('REGISTRY_CODE_UNKNOWN', `no commune ${code} in the registry`);
  return commune;
}

function specsFor(request: OnboardingRequest): TenantSpec[] {
  const commune = communeOf(request.code);
  const preset = request.brandingPreset === undefined ? undefined : BRANDING_PRESETS[request.brandingPreset];
  if (request.brandingPreset !== undefined && !preset) {
    throw new AppError('VALIDATION_FAILED', 'no such branding preset', [{ path: 'brandingPreset', code: 'unknown_preset', message: 'no such preset' }]);
  }
  const locales = request.locales ?? ['ar', 'fr', 'zgh'];
  if (request.defaultLocale && !locales.includes(request.defaultLocale)) {
    throw new AppError('VALIDATION_FAILED', 'the default language must be one of the languages', [
      { path: 'defaultLocale', code: 'not_in_locales', message: 'not one of the locales' },
    ]);
  }
  return registrySpecs(commune, {
    ...(request.slug ? { slug: request.slug } : {}),
    locales,
    ...(request.defaultLocale ? { defaultLocale: request.defaultLocale } : {}),
    domains: [...new Set((request.domains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean))],
    ...(preset ? { branding: { ...preset, logo: null } } : {}),
  });
}

/** A placeholder office: the site shows where to go from day one, and the conformance view asks for hours and a location. */
async function addStarterContent(tx: ProvisioningTx, created: ProvisionedTenant): Promise<void> {
  const asTenant = await actAsTenant(tx, { id: created.id });
  const commune = created.kind === 'commune';
  await insertOffice(asTenant, {
    key: 'main',
    kind: 'reception',
    names: commune
      ? { ar: 'مقر الجماعة', fr: 'Siège de la commune', zgh: 'ⴰⵙⵇⵇⵉⵎ ⵏ ⵜⵎⵙⵏⴰⴹⵜ' }
      : { ar: 'مقر المقاطعة', fr: 'Siège de l’arrondissement', zgh: 'ⴰⵙⵇⵇⵉⵎ ⵏ ⵓⵎⵏⴰⴹ' },
    address: {},
    latitude: null,
    longitude: null,
    hours: [],
    phone: null,
    email: null,
    position: 0,
  });
}

/**
 * Turns services off for a new commune (its arrondissements inherit): the national catalogue offers every
 * service unless an offering says `enabled: false`. Unknown codes are refused (nothing is created).
 */
async function chooseServices(tx: ProvisioningTx, communeId: string, services: readonly string[] | null | undefined): Promise<{ offered: number; total: number }> {
  const version = await findCurrentVersion(tx);
  if (!version) return { offered: 0, total: 0 };
  const national = await listNationalServices(tx, version.id);
  if (services === null || services === undefined) return { offered: national.length, total: national.length };
  const known = new Set(national.map((s) => s.code));
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `unknown services: ${unknown.join(', ')}`, [{ path: 'services', code: 'unknown_service', message: unknown.join(', ') }]);
  }
  const chosen = new Set(services);
  const asCommune = await actAsTenant(tx, { id: communeId });
  for (const s of national) {
    if (!chosen.has(s.code)) await upsertOffering(asCommune, s.code, { enabled: false, overrides: {}, baseVersionId: version.id, reviewFields: [] });
  }
  return { offered: chosen.size, total: national.length };
}

/**
 * Onboards one commune — a city with all its arrondissements — as ONE transaction on the provisioning
 * path (`provisionTenantsIn`): tenants, domains, welcome text, branding, a placeholder office each, the
 * catalogue services chosen, the first administrator's invitation (its mail in the outbox: the platform's
 * when there is no SMTP server, never the tenant's) and a `tenant.onboarded` entry in the platform's audit
 * log. Any failure leaves nothing behind. Used by the operator's API, the console and `npm run tenants`.
 *
 * Refused: `REGISTRY_CODE_UNKNOWN`, `TENANT_EXISTS` (the code is onboarded already), `ONBOARDING_REFUSED`
 * (slug or domain taken: `details` has the reason of each refused tenant).
 */
export async function onboardCommune(deps: OnboardingDeps, request: OnboardingRequest, by: OnboardingBy, hooks: OnboardingHooks = {}): Promise<OnboardingResult> {
  const specs = specsFor(request);
  const now = deps.clock();
  const meta = by.meta ?? { ip: null, requestId: null };
  const step = async (s: OnboardingStep) => hooks.after?.(s);
  const { result, mail } = await withProvisioning(deps.db, async (tx) => {
    const report = await provisionTenantsIn(tx, deps.storage, specs, { actor: by.actor, meta, at: now });
    if (report.skipped.some((t) => t.code === request.code)) throw new AppError('TENANT_EXISTS', `${request.code} is onboarded already`);
    if (report.refused.length > 0) {
      throw new AppError(
        'ONBOARDING_REFUSED',
        report.refused.map((r) => r.detail).join('; '),
        report.refused.map((r) => ({ code: r.code, reason: r.reason, detail: r.detail })),
      );
    }
    const commune = report.created.find((t) => t.code === request.code);
    if (!commune) throw new Error(`unreachable: ${request.code} neither created nor skipped`);
    await step('provisioned');
    for (const created of report.created) await addStarterContent(tx, created);
    await step('content');
    const services = await chooseServices(tx, commune.id, request.services);
    await step('services');

    const row = await findTenantById(tx, commune.id);
    if (!row) throw new Error('unreachable: the new commune is not there');
    let mail: QueuedMail | null = null;
    let invitation: OnboardingResult['invitation'] = null;
    if (request.administratorEmail) {
      const asCommune = await actAsTenant(tx, { id: commune.id });
      const actor = by.actor ? { userId: by.actor.id, email: by.actor.email, displayName: by.actor.displayName } : null;
      const created = await createInvitation(asCommune, row, { email: request.administratorEmail, role: 'administrator' }, actor, now, meta);
      mail = await queueInvitationMail(asCommune, deps, row, created, by.actor?.displayName ?? 'Jamaa', now);
      invitation = { email: created.invitation.email };
    }
    await step('invited');

    const platform = await findPlatformTenant(tx);
    if (platform) {
      await recordAudit(await actAsTenant(tx, { id: platform.id }), {
        tenantId: platform.id,
        at: now,
        actor: by.actor ? { id: by.actor.id, email: by.actor.email } : null,
        action: 'tenant.onboarded',
        target: { type: 'tenant', id: commune.id, label: commune.slug },
        after: {
          code: commune.code,
          slug: commune.slug,
          arrondissements: report.created.filter((t) => t.kind === 'arrondissement').map((t) => t.slug),
          domains: specs[0]?.domains ?? [],
          services: services.offered,
          administrator: invitation?.email ?? null,
        },
        meta,
      });
    }
    await step('audited');
    const url = await tenantMailOrigin(tx, row, deps.config);
    return {
      result: {
        commune: { id: commune.id, code: commune.code, slug: commune.slug, url },
        arrondissements: report.created.filter((t) => t.kind === 'arrondissement'),
        invitation,
        services,
      } satisfies OnboardingResult,
      mail,
    };
  });
  if (mail) deps.mailer.committed([mail]);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Bulk onboarding: a region, or a list of registry codes (a CSV file)

export type RowOutcome = 'created' | 'skipped' | 'refused';

/** One row of a bulk onboarding, as the report shows it. */
export interface BatchRow {
  /** 1-based, in the order given (a CSV's line numbers minus its header, when it has one). */
  row: number;
  code: string;
  outcome: RowOutcome;
  slug: string | null;
  /** Tenants this row created (a city counts its arrondissements). */
  tenants: number;
  /**
   * Why it was refused — `unknown_code`, `malformed_code`, `duplicate_code`, `failed`, or a provisioning
   * reason (`slug_taken`…) — or skipped other than by being there already (`onboarded_with_city`). A code
   * the console translates (`operator:bulk_reason.*`).
   */
  reason: BatchReason | null;
  /** The same in English, with the values: for the CLI and the logs, never shown in the console. */
  detail: string | null;
}

export interface BatchReport {
  created: BatchRow[];
  skipped: BatchRow[];
  refused: BatchRow[];
}

export interface BatchProgress {
  done: number;
  total: number;
}

const CODE_SHAPE = /^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$/;
/** Rows per transaction: each chunk commits on its own, so progress is real and a failure costs one chunk. */
const CHUNK = 40;

/** The registry codes of a region's communes, in registry order. */
export function regionCodes(region: string): string[] {
  const { regions, communes } = loadRegistry();
  const wanted = region.trim().toLowerCase();
  const found = regions.find((r) => r.code === wanted || r.nameFr.toLowerCase() === wanted || r.nameAr === region.trim());
  if (!found) throw new AppError('REGISTRY_CODE_UNKNOWN', `no region ${region}`);
  return communes.filter((c) => c.regionCode === found.code).map((c) => c.code);
}

/**
 * Registry codes from a CSV file's text: the first cell of each line, or the `code` column when the
 * header names one. Blank lines are left out; everything else is a row (a bad one is refused in the report).
 */
export function codesFromCsv(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(/[,;]/).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const column = header.indexOf('code');
  const body = column >= 0 ? lines.slice(1) : lines;
  const at = column >= 0 ? column : 0;
  return body.filter((l) => l.trim() !== '').map((l) => (l.split(/[,;]/)[at] ?? '').trim().replace(/^"|"$/g, ''));
}

interface PlannedRow {
  row: number;
  code: string;
  specs: TenantSpec[];
}

/**
 * Onboards many communes (and arrondissements whose city exists), each on the provisioning path, in
 * transactions of a few dozen rows. Runs again without creating anything: a code that exists is
 * `skipped`. A row that cannot be created is `refused` with its reason, the others are not held back.
 * No invitation is sent (each commune's administrator is invited later from the console).
 */
export async function onboardBatch(
  deps: OnboardingDeps,
  codes: readonly string[],
  by: OnboardingBy,
  onProgress: (p: BatchProgress) => void = () => {},
): Promise<BatchReport> {
  const report: BatchReport = { created: [], skipped: [], refused: [] };
  const planned: PlannedRow[] = [];
  const seen = new Set<string>();
  const listed = new Set(codes.map((c) => c.trim()));
  codes.forEach((raw, i) => {
    const code = raw.trim();
    const row = i + 1;
    const refuse = (reason: BatchReason, detail: string) => report.refused.push({ row, code, outcome: 'refused', slug: null, tenants: 0, reason, detail });
    if (!CODE_SHAPE.test(code)) return refuse('malformed_code', `“${code}” is not a registry code (like 06.141.01.0)`);
    if (seen.has(code)) return refuse('duplicate_code', `${code} appears more than once`);
    seen.add(code);
    const commune = findCommune(code);
    if (commune) return planned.push({ row, code, specs: registrySpecs(commune) });
    const arrondissement = findArrondissement(code);
    if (arrondissement) {
      if (listed.has(arrondissement.communeCode)) {
        report.skipped.push({ row, code, outcome: 'skipped', slug: arrondissement.slug, tenants: 0, reason: 'onboarded_with_city', detail: 'onboarded with its city' });
        return;
      }
      return planned.push({ row, code, specs: [registrySpec(arrondissement)] });
    }
    return refuse('unknown_code', `${code} is in no registry file`);
  });
  const total = codes.length;
  let done = report.refused.length + report.skipped.length;
  onProgress({ done, total });
  const now = deps.clock();
  const meta = by.meta ?? { ip: null, requestId: null };
  const actor = by.actor ? { id: by.actor.id, email: by.actor.email } : null;
  for (let start = 0; start < planned.length; start += CHUNK) {
    const chunk = planned.slice(start, start + CHUNK);
    const specs = chunk.flatMap((p) => p.specs);
    let provisioned: ProvisioningReport | null = null;
    let failure: string | null = null;
    try {
      provisioned = await withProvisioning(deps.db, async (tx) => {
        const r = await provisionTenantsIn(tx, deps.storage, specs, { actor, meta, at: now });
        for (const created of r.created) await addStarterContent(tx, created);
        return r;
      });
    } catch (err) {
      if (err instanceof AppError) failure = err.message;
      else {
        deps.logger.error({ err }, 'bulk onboarding: a chunk failed and was rolled back');
        failure = 'internal error (the chunk was rolled back)';
      }
    }
    for (const p of chunk) {
      const base = { row: p.row, code: p.code, slug: p.specs[0]?.slug ?? null, reason: null, detail: null };
      if (!provisioned) {
        report.refused.push({ ...base, outcome: 'refused', tenants: 0, reason: 'failed', detail: failure });
        continue;
      }
      const own = new Set(p.specs.map((s) => s.code));
      const created = provisioned.created.filter((t) => own.has(t.code));
      const refused = provisioned.refused.find((t) => t.code === p.code);
      const skipped = provisioned.skipped.find((t) => t.code === p.code);
      const main = provisioned.created.find((t) => t.code === p.code);
      if (refused) report.refused.push({ ...base, outcome: 'refused', tenants: 0, reason: refused.reason, detail: refused.detail });
      else if (main) report.created.push({ ...base, outcome: 'created', slug: main.slug, tenants: created.length });
      else if (skipped) report.skipped.push({ ...base, outcome: 'skipped', slug: skipped.slug, tenants: created.length });
      else report.refused.push({ ...base, outcome: 'refused', tenants: 0, reason: 'failed', detail: 'not provisioned' });
    }
    done += chunk.length;
    onProgress({ done, total });
  }
  for (const list of [report.created, report.skipped, report.refused]) list.sort((a, b) => a.row - b.row);
  return report;
}

/** Every commune of the registry and every arrondissement (1,503 + 41 tenants), as the system. For the benchmark and a national deployment. */
export async function onboardAll(deps: OnboardingDeps, onProgress?: (p: BatchProgress) => void): Promise<BatchReport> {
  return onboardBatch(
    deps,
    loadRegistry().communes.map((c) => c.code),
    { actor: null },
    onProgress,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Jobs: a bulk onboarding runs after the request that started it; the console polls its progress.

export interface OnboardingJob {
  id: string;
  label: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  report: BatchReport | null;
  error: string | null;
}

const JOBS_KEY = Symbol.for('jamaa.onboarding.jobs');
/** Jobs of this process (SvelteKit and the server share it through `globalThis`); the last 50 are kept. */
function jobs(): Map<string, OnboardingJob> {
  const g = globalThis as { [JOBS_KEY]?: Map<string, OnboardingJob> };
  return (g[JOBS_KEY] ??= new Map());
}

/**
 * Starts a bulk onboarding and answers its job at once; `findJob` follows it. Audited on the platform
 * when it ends (`tenant.bulk_onboarded`, with the counts); each tenant's own log has its `tenant.provisioned`.
 */
export function startBatchJob(deps: OnboardingDeps, label: string, codes: readonly string[], by: OnboardingBy): OnboardingJob {
  const job: OnboardingJob = {
    id: randomUUID(),
    label,
    status: 'running',
    done: 0,
    total: codes.length,
    startedAt: deps.clock().toISOString(),
    finishedAt: null,
    report: null,
    error: null,
  };
  const all = jobs();
  all.set(job.id, job);
  for (const id of [...all.keys()].slice(0, Math.max(0, all.size - 50))) all.delete(id);
  void (async () => {
    try {
      job.report = await onboardBatch(deps, codes, by, (p) => {
        job.done = p.done;
        job.total = p.total;
      });
      job.status = 'done';
      await auditBatch(deps, job, by);
    } catch (err) {
      deps.logger.error({ err }, 'bulk onboarding failed');
      job.status = 'failed';
      job.error = err instanceof Error ? err.message : String(err);
    } finally {
      job.finishedAt = deps.clock().toISOString();
    }
  })();
  return job;
}

async function auditBatch(deps: OnboardingDeps, job: OnboardingJob, by: OnboardingBy): Promise<void> {
  const report = job.report;
  if (!report) return;
  await withProvisioning(deps.db, async (tx) => {
    const platform = await findPlatformTenant(tx);
    if (!platform) return;
    await recordAudit(await actAsTenant(tx, { id: platform.id }), {
      tenantId: platform.id,
      at: deps.clock(),
      actor: by.actor ? { id: by.actor.id, email: by.actor.email } : null,
      action: 'tenant.bulk_onboarded',
      target: { type: 'onboarding_job', id: job.id, label: job.label },
      after: { created: report.created.length, skipped: report.skipped.length, refused: report.refused.length },
      meta: by.meta ?? { ip: null, requestId: null },
    });
  });
}

export function findJob(id: string): OnboardingJob {
  const job = jobs().get(id);
  if (!job) throw new AppError('NOT_FOUND', 'no such onboarding job');
  return job;
}

/** Resolves when the job has ended (tests, the command line). */
export async function jobFinished(id: string, pollMs = 50): Promise<OnboardingJob> {
  for (;;) {
    const job = findJob(id);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** How many arrondissements a commune brings (the form says so before submitting). */
export function arrondissementCount(code: string): number {
  return arrondissementsOf(code).length;
}
