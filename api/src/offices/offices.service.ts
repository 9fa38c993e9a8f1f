import { audit, type ChangeContext } from '../audit/audit.service.ts';
import type { OfficeView } from '../catalogue/catalogue.schemas.ts';
import type { Database } from '../db/database.ts';
import type { OfficeClosure, OfficeHours, TenantNames } from '../db/schema.ts';
import { addDays, localDateOf, type LocalDate } from '../deadlines/local-time.ts';
import { AppError } from '../shared/errors.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { readDirectly, type Remember } from '../shared/remember.ts';
import { listChildTenants } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  deleteOffice,
  findOffice,
  insertOffice,
  listOfferingsUsingOffice,
  listOffices,
  listOfficeKeys,
  nextOfficePosition,
  updateOffice,
  type NewOffice,
  type OfficeRow,
} from './offices.repository.ts';
import { WEEKDAYS } from '@jamaa/tenants/weekdays.ts';
import { CLOSURE_MAX_DAYS_AHEAD, type AdminOffice, type OfficeFields, type OfficeInUse } from './offices.schemas.ts';

/** The API shape of an office; `tenantId` is the tenant whose page shows it. */
export function toOfficeView(row: OfficeRow, tenantId: string): OfficeView {
  const located = row.latitude !== null && row.longitude !== null;
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    names: row.names,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    hours: row.hours,
    ramadanHours: row.ramadan_hours,
    closures: row.closures,
    phone: row.phone,
    email: row.email,
    mapUrl: located ? `https://www.openstreetmap.org/?mlat=${row.latitude}&mlon=${row.longitude}#map=18/${row.latitude}/${row.longitude}` : null,
    inherited: row.tenant_id !== tenantId,
  };
}

/** A tenant's offices, then its commune's (an arrondissement's residents may use both). */
export async function listTenantOffices(db: Database, resolved: ResolvedTenant, remember: Remember = readDirectly): Promise<OfficeView[]> {
  return remember(TENANT_OFFICES, async () => tenantOfficeViews(await withTenant(db, resolved.scope, (tx) => listOffices(tx, resolved.scope.readable)), resolved));
}

/**
 * What `listTenantOffices` keeps in the cache of public reads: the catalogue, which reads the same rows,
 * keeps them under this name too (catalogue.service.ts), so a service page needs no read of its own.
 */
export const TENANT_OFFICES = 'offices';

/**
 * The views of `rows`, the offices of the tenant's chain (`listOffices` of any order of `scope.readable`):
 * the tenant's own first, then its commune's, each in its own order.
 */
export function tenantOfficeViews(rows: readonly OfficeRow[], resolved: ResolvedTenant): OfficeView[] {
  const rank = new Map(resolved.scope.readable.map((id, i) => [id, i]));
  return [...rows]
    .sort((a, b) => (rank.get(a.tenant_id) ?? 0) - (rank.get(b.tenant_id) ?? 0))
    .map((row) => toOfficeView(row, resolved.tenant.id));
}

// ---------------------------------------------------------------------------------------------------------
// Administration

/** An office on the administration screen: the commune's, seen from an arrondissement, is read-only. */
export function toAdminOfficeView(row: OfficeRow, tenantId: string): AdminOffice {
  const view = toOfficeView(row, tenantId);
  return { ...view, position: row.position, readOnly: view.inherited };
}

/** This tenant's offices (changeable), then its commune's (read-only). */
export async function listOfficesForAdmin(db: Database, resolved: ResolvedTenant): Promise<AdminOffice[]> {
  const ids = resolved.scope.readable;
  const rows = await withTenant(db, resolved.scope, (tx) => listOffices(tx, ids));
  const rank = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (rank.get(a.tenant_id) ?? 0) - (rank.get(b.tenant_id) ?? 0)).map((row) => toAdminOfficeView(row, resolved.tenant.id));
}

/**
 * A slug from a French name: accents dropped, lower case, words joined by hyphens, at most 60 characters.
 *
 * @example slugify('Bureau d’état civil — Annexe Maârif') // → 'bureau-d-etat-civil-annexe-maarif'
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length <= 60 ? slug : slug.slice(0, 60).replace(/-[^-]*$/, '') || slug.slice(0, 60);
}

/** `base`, or `base-2`, `base-3`… whichever is free among `taken`. */
export function freeKey(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 60 - String(n).length - 1)}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** `+212XXXXXXXXX` from a loosely written Moroccan number (the schema has checked its shape). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  const national = digits.replace(/^(?:\+212|00212)0?/, '').replace(/^0/, '');
  return `+212${national}`;
}

type Problem = { path: string; code: string };

/**
 * Rules across fields, each with the code web translates. `today` is the Moroccan calendar day of the
 * change (closures may start at most two years after it).
 */
export function officeProblems(input: OfficeFields, today: LocalDate): Problem[] {
  const problems: Problem[] = [];
  if (!input.names.ar && !input.names.fr) problems.push({ path: 'names', code: 'required' });
  if (input.latitude === null && input.longitude !== null) problems.push({ path: 'latitude', code: 'required' });
  if (input.longitude === null && input.latitude !== null) problems.push({ path: 'longitude', code: 'required' });
  for (const field of ['hours', 'ramadanHours'] as const) {
    (input[field] ?? []).forEach((h, i) => {
      if (h.opens >= h.closes) problems.push({ path: `${field}.${i}.closes`, code: 'closes_before_opens' });
    });
  }
  const latest = addDays(today, CLOSURE_MAX_DAYS_AHEAD);
  (input.closures ?? []).forEach((c, i) => {
    if (c.to < c.from) problems.push({ path: `closures.${i}.to`, code: 'ends_before_starts' });
    if (c.from > latest) problems.push({ path: `closures.${i}.from`, code: 'too_far_ahead' });
    if (!c.reason.ar && !c.reason.fr) problems.push({ path: `closures.${i}.reason`, code: 'required' });
  });
  return problems;
}

function officeProblemsOrThrow(input: OfficeFields, today: LocalDate): void {
  const problems = officeProblems(input, today);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 'the office is not valid', problems);
}

/** Empty texts are no text. */
function texts(value: TenantNames): TenantNames {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v !== '')) as TenantNames;
}

const sortedHours = (hours: readonly OfficeHours[]): OfficeHours[] =>
  hours.map((h) => ({ days: WEEKDAYS.filter((d) => h.days.includes(d)), opens: h.opens, closes: h.closes }));

/** The closures still to come or under way on `today`, in order of their first day, their reasons trimmed. */
export function currentClosures(closures: NonNullable<OfficeFields['closures']>, today: LocalDate): OfficeClosure[] {
  return closures
    .filter((c) => c.to >= today)
    .map((c) => ({ from: c.from, to: c.to, reason: texts(c.reason) }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function toNewOffice(input: OfficeFields, key: string, position: number, today: LocalDate): NewOffice {
  return {
    key,
    kind: input.kind,
    names: texts(input.names),
    address: texts(input.address),
    latitude: input.latitude,
    longitude: input.longitude,
    hours: sortedHours(input.hours),
    phone: input.phone ? normalisePhone(input.phone) : null,
    email: input.email ? input.email.toLowerCase() : null,
    position,
    ...(input.ramadanHours ? { ramadanHours: sortedHours(input.ramadanHours) } : {}),
    ...(input.closures ? { closures: currentClosures(input.closures, today) } : {}),
  };
}

/** What the audit log keeps of an office. */
function officeRecord(o: OfficeRow) {
  return {
    key: o.key,
    kind: o.kind,
    names: o.names,
    address: o.address,
    latitude: o.latitude,
    longitude: o.longitude,
    hours: o.hours,
    ramadanHours: o.ramadan_hours,
    closures: o.closures,
    phone: o.phone,
    email: o.email,
    position: o.position,
  };
}

const labelOf = (o: { names: TenantNames; key: string }) => o.names.fr ?? o.names.ar ?? o.key;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

async function assertKeyFree(tx: TenantTx, key: string, exceptId: string | null): Promise<void> {
  const clash = (await listOfficeKeys(tx, key)).includes(key);
  if (clash) {
    const own = exceptId ? await findOffice(tx, exceptId) : undefined;
    if (own?.key !== key) throw new AppError('OFFICE_EXISTS', `an office ${key} already exists here`, { key });
  }
}

/** A unique key is the database's to enforce too: two administrators saving at once get OFFICE_EXISTS, not a 500. */
async function keyConflictsAsAppErrors<T>(keyOf: () => string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const key = keyOf();
    throw new AppError('OFFICE_EXISTS', `an office ${key} already exists here`, { key });
  }
}

/** Adds an office to this tenant; its key is made from the French name (or the kind) when not given. */
export async function createOffice(db: Database, resolved: ResolvedTenant, input: OfficeFields, by: ChangeContext): Promise<AdminOffice> {
  const tenantId = resolved.tenant.id;
  const today = localDateOf(by.at);
  officeProblemsOrThrow(input, today);
  let key = input.key ?? '';
  return keyConflictsAsAppErrors(() => key, () =>
    withTenant(db, { id: tenantId }, async (tx) => {
      if (input.key) await assertKeyFree(tx, input.key, null);
      else {
        const base = slugify(input.names.fr ?? '') || input.kind.replaceAll('_', '-');
        key = freeKey(base, await listOfficeKeys(tx, base));
      }
      const office = toNewOffice(input, key, input.position ?? (await nextOfficePosition(tx)), today);
      const id = await insertOffice(tx, office);
      const row = await findOffice(tx, id);
      if (!row) throw new Error('unreachable: the office was just inserted');
      await audit(tx, by, { tenantId, action: 'office.created', target: { type: 'office', id, label: labelOf(office) }, after: officeRecord(row) });
      return toAdminOfficeView(row, tenantId);
    }),
  );
}

/** The tenant's own office, or NOT_FOUND (another tenant's, its commune's included). */
async function requireOwnOffice(tx: TenantTx, id: string): Promise<OfficeRow> {
  const row = await findOffice(tx, id);
  if (!row) throw new AppError('NOT_FOUND', 'no such office of this tenant');
  return row;
}

/** Replaces an office's fields; a key left out is kept. */
export async function updateOfficeOf(db: Database, resolved: ResolvedTenant, id: string, input: OfficeFields, by: ChangeContext): Promise<AdminOffice> {
  const tenantId = resolved.tenant.id;
  const today = localDateOf(by.at);
  officeProblemsOrThrow(input, today);
  let key = input.key ?? '';
  return keyConflictsAsAppErrors(() => key, () =>
    withTenant(db, { id: tenantId }, async (tx) => {
      const before = await requireOwnOffice(tx, id);
      key = input.key ?? before.key;
      if (key !== before.key) await assertKeyFree(tx, key, id);
      const office = toNewOffice(input, key, input.position ?? before.position, today);
      const row = await updateOffice(tx, id, office, by.at);
      if (!row) throw new AppError('NOT_FOUND', 'no such office of this tenant');
      await audit(tx, by, {
        tenantId,
        action: 'office.changed',
        target: { type: 'office', id, label: labelOf(office) },
        before: officeRecord(before),
        after: officeRecord(row),
      });
      return toAdminOfficeView(row, tenantId);
    }),
  );
}

/**
 * Deletes an office of this tenant. Refused with OFFICE_IN_USE while a service offering — of this tenant
 * or, for a commune, of one of its arrondissements — names it as the office that delivers the service.
 */
export async function deleteOfficeOf(db: Database, resolved: ResolvedTenant, id: string, by: ChangeContext): Promise<void> {
  const tenantId = resolved.tenant.id;
  const children = resolved.tenant.kind === 'commune' ? await withPlatform(db, (tx) => listChildTenants(tx, tenantId, ['provisioning', 'active', 'suspended', 'archived'])) : [];
  await withTenant(db, { id: tenantId, readable: children.map((c) => c.id) }, async (tx) => {
    const before = await requireOwnOffice(tx, id);
    const uses = await listOfferingsUsingOffice(tx, [tenantId, ...children.map((c) => c.id)], id);
    if (uses.length > 0) {
      const slugs = new Map([[tenantId, resolved.tenant.slug], ...children.map((c) => [c.id, c.slug] as const)]);
      const details: OfficeInUse = { services: uses.map((u) => ({ code: u.service_code, tenantId: u.tenant_id, tenantSlug: slugs.get(u.tenant_id) ?? '' })) };
      throw new AppError('OFFICE_IN_USE', `services still name this office: ${uses.map((u) => u.service_code).join(', ')}`, details);
    }
    await deleteOffice(tx, id);
    await audit(tx, by, { tenantId, action: 'office.deleted', target: { type: 'office', id, label: labelOf(before) }, before: officeRecord(before), after: null });
  });
}
