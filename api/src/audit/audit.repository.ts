import { sql, type Selectable } from 'kysely';
import { escapeLike } from '../db/sql.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { isUuid } from '../shared/uuid.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type AuditRow = Selectable<AuditLogTable>;

/** An entry of the transaction's tenant (`tx.tenantId`). */
export interface NewAuditRow {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** Appends one entry; the request role cannot update or delete any (grants in migration 0003). */
export async function insertAuditEntry(tx: TenantTx, row: NewAuditRow): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      tenant_id: tx.tenantId,
      at: row.at,
      actor_id: row.actorId,
      actor_email: row.actorEmail,
      action: row.action,
      target_type: row.targetType,
      target_id: row.targetId,
      target_label: row.targetLabel,
      before: row.before === undefined || row.before === null ? null : JSON.stringify(row.before),
      after: row.after === undefined || row.after === null ? null : JSON.stringify(row.after),
      ip: row.ip,
      request_id: row.requestId,
    })
    .execute();
}

export interface AuditFilter {
  /** An account id, or part of the actor's e-mail. */
  actor?: string | undefined;
  /** An exact action (`staff.invited`), or a prefix ending with a dot (`auth.`). */
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Free text: actor, action, target, before and after. */
  text?: string | undefined;
  /** Entries older than the one of this public id (the cursor of the previous page). */
  before?: string | undefined;
}


/** One tenant's entries, newest first. */
export async function listAuditEntries(tx: TenantTx, tenantId: string, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  let q = tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.actor) {
    const actor = filter.actor;
    q = isUuid(actor) ? q.where('actor_id', '=', actor) : q.where('actor_email', 'like', `%${escapeLike(actor.toLowerCase())}%`);
  }
  if (filter.action) q = filter.action.endsWith('.') ? q.where('action', 'like', `${escapeLike(filter.action)}%`) : q.where('action', '=', filter.action);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  if (filter.before) {
    // The cursor is an entry's public id; the order is the internal one, which never leaves the database.
    const cursor = filter.before;
    q = q.where('id', '<', (eb) => eb.selectFrom('audit_log').select('id').where('tenant_id', '=', tenantId).where('public_id', '=', cursor));
  }
  if (filter.text) {
    const pattern = `%${escapeLike(filter.text.toLowerCase())}%`;
    q = q.where(
      sql<boolean>`lower(concat_ws(' ', actor_email, action, target_type, target_id, target_label, before::text, after::text)) like ${pattern}`,
    );
  }
  return q.orderBy('id', 'desc').limit(limit).execute();
}
