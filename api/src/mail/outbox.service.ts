import type { Database } from '../db/database.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { listOutboxMessages, type OutboxRow } from './outbox.repository.ts';
import type { OutboxView } from './outbox.schemas.ts';

export function toOutboxMessageView(row: OutboxRow): OutboxView['messages'][number] {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.body_text,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

/**
 * The newest messages a tenant's outbox holds. Read from the unit of work of `readerTenantId` (the
 * platform for the operator), through the readable scope when it is another tenant.
 */
export async function listOutbox(db: Database, scope: { tenantId: string; readerTenantId: string }, limit = 50): Promise<OutboxView> {
  const readable = scope.readerTenantId === scope.tenantId ? [] : [scope.tenantId];
  const rows = await withTenant(db, { id: scope.readerTenantId, readable }, (tx) => listOutboxMessages(tx, scope.tenantId, limit));
  return { messages: rows.map(toOutboxMessageView) };
}
