import { displayContactNumber, parseContactNumber, telUri, type ContactLineSpec, type OperatorSpec } from '@jamaa/tenants/contact.ts';
import { audit, type ChangeContext } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { TenantNames } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { readDirectly, type Remember } from '../shared/remember.ts';
import { sharedText, sharedTexts } from '../shared/shared-texts.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  deleteContactLine,
  deleteContactOperator,
  findContactLine,
  findContactOperator,
  insertContactLine,
  insertContactOperator,
  listContactLines,
  listContactOperators,
  nextContactPosition,
  setContactPosition,
  updateContactLine,
  updateContactOperator,
  type ContactLineRow,
  type ContactOperatorRow,
  type NewContactLine,
  type NewContactOperator,
} from './contact.repository.ts';
import type { ContactDirectoryView, ContactLine, ContactLineFields, ContactOperator, ContactOperatorFields } from './contact.schemas.ts';

// ---------------------------------------------------------------------------------------------------------
// Views

export function toContactLine(row: ContactLineRow, tenantId: string): ContactLine {
  return {
    id: row.id,
    topic: sharedText(row.topic),
    kind: sharedText(row.kind),
    number: sharedText(row.number),
    display: sharedText(displayContactNumber(row.number)),
    tel: sharedText(telUri(row.number)),
    free: row.free,
    main: row.main,
    // The national directory's texts, copied into every tenant: one copy of each in memory (shared-texts.ts).
    labels: sharedTexts(row.labels),
    hours: sharedTexts(row.hours),
    notes: sharedTexts(row.notes),
    position: row.position,
    inherited: row.tenant_id !== tenantId,
  };
}

export function toContactOperator(row: ContactOperatorRow, tenantId: string): ContactOperator {
  return {
    id: row.id,
    service: sharedText(row.service),
    names: sharedTexts(row.names),
    phone: sharedText(row.phone),
    display: row.phone ? sharedText(displayContactNumber(row.phone)) : null,
    tel: row.phone ? sharedText(telUri(row.phone)) : null,
    website: sharedText(row.website),
    app: sharedText(row.app),
    agency: sharedTexts(row.agency),
    verified: row.verified,
    position: row.position,
    inherited: row.tenant_id !== tenantId,
  };
}

function byScope<T extends { tenant_id: string }>(rows: T[], ids: readonly string[]): T[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (rank.get(a.tenant_id) ?? 0) - (rank.get(b.tenant_id) ?? 0));
}

/**
 * The tenant's lines and operators, then its commune's (an arrondissement's residents call both). The
 * public contact page, the footer and the home page read this.
 */
export async function getContactDirectory(db: Database, resolved: ResolvedTenant, remember: Remember = readDirectly): Promise<ContactDirectoryView> {
  const ids = resolved.scope.readable;
  const tenantId = resolved.tenant.id;
  return remember('contact', () =>
    withTenant(db, resolved.scope, async (tx) => {
      const [lines, operators] = [await listContactLines(tx, ids), await listContactOperators(tx, ids)];
      return {
        lines: byScope(lines, ids).map((r) => toContactLine(r, tenantId)),
        operators: byScope(operators, ids).map((r) => toContactOperator(r, tenantId)),
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Provisioning: national defaults copied into a new tenant

/** Writes a new tenant's defaults (`tenants/contact/directory.yaml`, see `contactDefaultsFor`). */
export async function insertContactDefaults(tx: TenantTx, defaults: { lines: readonly ContactLineSpec[]; operators: readonly OperatorSpec[] }): Promise<void> {
  for (const [position, l] of defaults.lines.entries()) {
    const parsed = parseContactNumber(l.number);
    if (!parsed) throw new Error(`contact directory: ${l.number} is not a number`);
    await insertContactLine(tx, {
      topic: l.topic,
      kind: parsed.kind,
      number: parsed.normalised,
      free: l.free,
      main: l.main,
      labels: JSON.stringify(l.labels),
      hours: JSON.stringify(l.hours),
      notes: JSON.stringify(l.notes),
      position,
    });
  }
  for (const [position, o] of defaults.operators.entries()) {
    await insertContactOperator(tx, {
      service: o.service,
      names: JSON.stringify(o.name),
      phone: o.phone ? (parseContactNumber(o.phone)?.normalised ?? null) : null,
      website: o.website ?? null,
      app: o.app ?? null,
      agency: JSON.stringify(o.agency),
      verified: o.verified,
      position,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Administration

type Problem = { path: string; code: string };

function texts(value: TenantNames): TenantNames {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v !== '')) as TenantNames;
}

/** Rules beyond the shape, each with the code web translates. */
export function contactLineProblems(input: ContactLineFields): Problem[] {
  const problems: Problem[] = [];
  const parsed = parseContactNumber(input.number);
  if (!parsed) problems.push({ path: 'number', code: 'invalid_format' });
  else if (input.kind && input.kind !== parsed.kind) problems.push({ path: 'kind', code: 'kind_mismatch' });
  if (!input.labels.ar && !input.labels.fr) problems.push({ path: 'labels', code: 'required' });
  return problems;
}

export function contactOperatorProblems(input: ContactOperatorFields): Problem[] {
  const problems: Problem[] = [];
  if (input.phone && !parseContactNumber(input.phone)) problems.push({ path: 'phone', code: 'invalid_format' });
  if (!input.names.ar && !input.names.fr) problems.push({ path: 'names', code: 'required' });
  return problems;
}

function orThrow(problems: Problem[], what: string): void {
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `the ${what} is not valid`, problems);
}

function toNewLine(input: ContactLineFields, position: number): NewContactLine {
  const parsed = parseContactNumber(input.number);
  if (!parsed) throw new Error('unreachable: checked by contactLineProblems');
  return {
    topic: input.topic,
    kind: parsed.kind,
    number: parsed.normalised,
    free: input.free,
    main: input.main,
    labels: JSON.stringify(texts(input.labels)),
    hours: JSON.stringify(texts(input.hours)),
    notes: JSON.stringify(texts(input.notes)),
    position,
  };
}

function toNewOperator(input: ContactOperatorFields, position: number): NewContactOperator {
  return {
    service: input.service,
    names: JSON.stringify(texts(input.names)),
    phone: input.phone ? (parseContactNumber(input.phone)?.normalised ?? null) : null,
    website: input.website,
    app: input.app,
    agency: JSON.stringify(texts(input.agency)),
    verified: input.verified,
    position,
  };
}

const lineRecord = (r: ContactLineRow) => ({ topic: r.topic, kind: r.kind, number: r.number, free: r.free, main: r.main, labels: r.labels, hours: r.hours, notes: r.notes, position: r.position });
const operatorRecord = (r: ContactOperatorRow) => ({ service: r.service, names: r.names, phone: r.phone, website: r.website, app: r.app, agency: r.agency, verified: r.verified, position: r.position });
const labelOf = (t: TenantNames, fallback: string) => t.fr ?? t.ar ?? fallback;

/** This tenant's own lines and operators (changeable), then its commune's (read-only, `inherited`). */
export async function getContactDirectoryForAdmin(db: Database, resolved: ResolvedTenant): Promise<ContactDirectoryView> {
  return getContactDirectory(db, resolved);
}

export async function createContactLine(db: Database, resolved: ResolvedTenant, input: ContactLineFields, by: ChangeContext): Promise<ContactLine> {
  orThrow(contactLineProblems(input), 'line');
  const tenantId = resolved.tenant.id;
  return withTenant(db, { id: tenantId }, async (tx) => {
    const row = await insertContactLine(tx, toNewLine(input, input.position ?? (await nextContactPosition(tx, 'contact_lines'))));
    await audit(tx, by, { tenantId, action: 'contact_line.created', target: { type: 'contact_line', id: row.id, label: labelOf(row.labels, row.number) }, after: lineRecord(row) });
    return toContactLine(row, tenantId);
  });
}

async function ownLine(tx: TenantTx, id: string): Promise<ContactLineRow> {
  const row = await findContactLine(tx, id);
  if (!row) throw new AppError('NOT_FOUND', 'no such contact line of this tenant');
  return row;
}

async function ownOperator(tx: TenantTx, id: string): Promise<ContactOperatorRow> {
  const row = await findContactOperator(tx, id);
  if (!row) throw new AppError('NOT_FOUND', 'no such operator of this tenant');
  return row;
}

export async function updateContactLineOf(db: Database, resolved: ResolvedTenant, id: string, input: ContactLineFields, by: ChangeContext): Promise<ContactLine> {
  orThrow(contactLineProblems(input), 'line');
  const tenantId = resolved.tenant.id;
  return withTenant(db, { id: tenantId }, async (tx) => {
    const before = await ownLine(tx, id);
    const row = await updateContactLine(tx, id, toNewLine(input, input.position ?? before.position), by.at);
    if (!row) throw new AppError('NOT_FOUND', 'no such contact line of this tenant');
    await audit(tx, by, {
      tenantId,
      action: 'contact_line.changed',
      target: { type: 'contact_line', id, label: labelOf(row.labels, row.number) },
      before: lineRecord(before),
      after: lineRecord(row),
    });
    return toContactLine(row, tenantId);
  });
}

export async function deleteContactLineOf(db: Database, resolved: ResolvedTenant, id: string, by: ChangeContext): Promise<void> {
  const tenantId = resolved.tenant.id;
  await withTenant(db, { id: tenantId }, async (tx) => {
    const before = await ownLine(tx, id);
    await deleteContactLine(tx, id);
    await audit(tx, by, { tenantId, action: 'contact_line.deleted', target: { type: 'contact_line', id, label: labelOf(before.labels, before.number) }, before: lineRecord(before), after: null });
  });
}

export async function createContactOperator(db: Database, resolved: ResolvedTenant, input: ContactOperatorFields, by: ChangeContext): Promise<ContactOperator> {
  orThrow(contactOperatorProblems(input), 'operator');
  const tenantId = resolved.tenant.id;
  return withTenant(db, { id: tenantId }, async (tx) => {
    const row = await insertContactOperator(tx, toNewOperator(input, input.position ?? (await nextContactPosition(tx, 'contact_operators'))));
    await audit(tx, by, { tenantId, action: 'contact_operator.created', target: { type: 'contact_operator', id: row.id, label: labelOf(row.names, row.service) }, after: operatorRecord(row) });
    return toContactOperator(row, tenantId);
  });
}

export async function updateContactOperatorOf(db: Database, resolved: ResolvedTenant, id: string, input: ContactOperatorFields, by: ChangeContext): Promise<ContactOperator> {
  orThrow(contactOperatorProblems(input), 'operator');
  const tenantId = resolved.tenant.id;
  return withTenant(db, { id: tenantId }, async (tx) => {
    const before = await ownOperator(tx, id);
    const row = await updateContactOperator(tx, id, toNewOperator(input, input.position ?? before.position), by.at);
    if (!row) throw new AppError('NOT_FOUND', 'no such operator of this tenant');
    await audit(tx, by, {
      tenantId,
      action: 'contact_operator.changed',
      target: { type: 'contact_operator', id, label: labelOf(row.names, row.service) },
      before: operatorRecord(before),
      after: operatorRecord(row),
    });
    return toContactOperator(row, tenantId);
  });
}

export async function deleteContactOperatorOf(db: Database, resolved: ResolvedTenant, id: string, by: ChangeContext): Promise<void> {
  const tenantId = resolved.tenant.id;
  await withTenant(db, { id: tenantId }, async (tx) => {
    const before = await ownOperator(tx, id);
    await deleteContactOperator(tx, id);
    await audit(tx, by, {
      tenantId,
      action: 'contact_operator.deleted',
      target: { type: 'contact_operator', id, label: labelOf(before.names, before.service) },
      before: operatorRecord(before),
      after: null,
    });
  });
}

/** Puts this tenant's lines (or operators) in the given order: every own id, once. */
export async function reorderContact(db: Database, resolved: ResolvedTenant, table: 'contact_lines' | 'contact_operators', ids: readonly string[], by: ChangeContext): Promise<void> {
  const tenantId = resolved.tenant.id;
  await withTenant(db, { id: tenantId }, async (tx) => {
    const own = table === 'contact_lines' ? await listContactLines(tx, [tenantId]) : await listContactOperators(tx, [tenantId]);
    const before = own.map((r) => r.id);
    if (ids.length !== before.length || new Set(ids).size !== ids.length || !ids.every((id) => before.includes(id))) {
      throw new AppError('VALIDATION_FAILED', 'the order must list every own entry once', [{ path: 'ids', code: 'invalid_order' }]);
    }
    for (const [position, id] of ids.entries()) await setContactPosition(tx, table, id, position);
    await audit(tx, by, {
      tenantId,
      action: table === 'contact_lines' ? 'contact_lines.reordered' : 'contact_operators.reordered',
      target: { type: table === 'contact_lines' ? 'contact_line' : 'contact_operator', id: tenantId, label: resolved.tenant.slug },
      before: { ids: before },
      after: { ids: [...ids] },
    });
  });
}
