import type { Database } from '../db/database.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { insertAuditEntry, listAuditEntries, type AuditFilter, type AuditRow } from './audit.repository.ts';
import type { AuditAction, AuditEntryView, AuditPage } from './audit.schemas.ts';
import type { Actor, ChangeContext, RequestMeta } from './actor.ts';
import { toCsv } from './csv.ts';

// The list of actions lives with the schemas so that web can label each one.
export { AUDIT_ACTIONS, type AuditAction } from './audit.schemas.ts';

export type { Actor, ChangeContext, RequestMeta } from './actor.ts';
export type { AuditFilter } from './audit.repository.ts';


export interface AuditEntry {
  /** The tenant whose log receives the entry: must be the unit of work's (`tx.tenantId`), or recording throws. */
  tenantId: string;
  at: Date;
  /** Null for an anonymous attempt (a failed sign-in). */
  actor: Actor | null;
  action: AuditAction;
  target?: { type: string; id: string; label?: string | null } | null;
  before?: unknown;
  after?: unknown;
  meta: RequestMeta;
}

/**
 * Appends an entry in the transaction of the change it describes: both commit, or neither.
 *
 * @example
 *   await recordAudit(tx, { tenantId, at: now, actor, action: 'staff.role_changed', target: { type: 'staff', id: userId }, before: { role: 'agent' }, after: { role: 'editor' }, meta });
 */
export async function recordAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  // The entry names its tenant for the reader of the call; the handle decides. They may not disagree.
  if (entry.tenantId !== tx.tenantId) throw new Error(`unreachable: audit entry for ${entry.tenantId} recorded as ${tx.tenantId}`);
  await insertAuditEntry(tx, {
    at: entry.at,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetLabel: entry.target?.label ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.meta.ip,
    requestId: entry.meta.requestId,
  });
}

/**
 * Appends an entry for a change made by `by` (a staff member, at a time, from a request), in the
 * transaction of the change: the helper every feature uses, so that who, when and from where are
 * written the same way everywhere.
 *
 * @example await audit(tx, by, { tenantId, action: 'office.created', target: { type: 'office', id }, after })
 */
export async function audit(tx: TenantTx, by: ChangeContext, entry: Omit<AuditEntry, 'actor' | 'at' | 'meta'>): Promise<void> {
  await recordAudit(tx, { ...entry, actor: by.actor, at: by.at, meta: by.meta });
}

export function toAuditEntryView(row: AuditRow): AuditEntryView {
  return {
    id: row.public_id,
    at: row.at.toISOString(),
    actor: row.actor_email === null && row.actor_id === null ? null : { id: row.actor_id, email: row.actor_email },
    action: row.action,
    target: row.target_type === null ? null : { type: row.target_type, id: row.target_id, label: row.target_label },
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip,
  };
}

/** Whose log is read, and in which unit of work: an administrator reads its own tenant's; the operator reads any one tenant's from the platform. */
export interface AuditScope {
  tenantId: string;
  /** The tenant of the unit of work; `tenantId` is read through the readable scope when they differ. */
  readerTenantId: string;
}

function readAs(db: Database, scope: AuditScope) {
  return <T>(fn: (tx: TenantTx) => Promise<T>) =>
    withTenant(db, { id: scope.readerTenantId, readable: scope.readerTenantId === scope.tenantId ? [] : [scope.tenantId] }, fn);
}

/** One page of entries, newest first; `nextCursor` fetches the next. */
export async function listAudit(db: Database, scope: AuditScope, filter: AuditFilter, limit: number): Promise<AuditPage> {
  const rows = await readAs(db, scope)((tx) => listAuditEntries(tx, scope.tenantId, filter, limit + 1));
  const page = rows.slice(0, limit);
  return { entries: page.map(toAuditEntryView), nextCursor: rows.length > limit ? (page.at(-1)?.public_id ?? null) : null };
}

/** At most this many rows per export: narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

/** The filtered log as CSV (UTF-8 with BOM, for Excel), newest first. */
export async function exportAuditCsv(db: Database, scope: AuditScope, filter: AuditFilter): Promise<string> {
  const rows = await readAs(db, scope)((tx) => listAuditEntries(tx, scope.tenantId, filter, AUDIT_EXPORT_LIMIT));
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  return toCsv(
    ['id', 'at', 'actor_email', 'actor_id', 'action', 'target_type', 'target_id', 'target_label', 'before', 'after', 'ip', 'request_id'],
    rows.map((r) => [r.public_id, r.at.toISOString(), r.actor_email, r.actor_id, r.action, r.target_type, r.target_id, r.target_label, json(r.before), json(r.after), r.ip, r.request_id]),
  );
}
