import type { Selectable } from 'kysely';
import type { MailOutboxTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type OutboxRow = Selectable<MailOutboxTable>;

export async function insertOutboxMessage(
  tx: TenantTx,
  tenantId: string,
  message: { to: string; subject: string; text: string; createdAt: Date },
): Promise<string> {
  const row = await tx
    .insertInto('mail_outbox')
    .values({ tenant_id: tenantId, to_address: message.to, subject: message.subject, body_text: message.text, created_at: message.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The newest messages of one tenant first. */
export async function listOutboxMessages(tx: TenantTx, tenantId: string, limit: number): Promise<OutboxRow[]> {
  return tx
    .selectFrom('mail_outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
