import { sql, type Selectable } from 'kysely';
import type { MailOutboxTable, MailStatus, OutboxChannel } from '../db/schema.ts';
import type { PlatformTx, TenantTx } from '../tenancy/unit-of-work.ts';

export type OutboxRow = Selectable<MailOutboxTable>;

export interface NewOutboxMessage {
  to: string;
  subject: string;
  text: string;
  kind: string;
  locale: string | null;
  secret: boolean;
  /** `pending` to deliver (from `createdAt`), `held` to keep in the outbox with no mail server. */
  status: Extract<MailStatus, 'pending' | 'held'>;
  createdAt: Date;
  /** `mail` unless said: an SMS (`to` a number in E.164) is delivered by the SMS dispatcher. */
  channel?: OutboxChannel;
}

export async function insertOutboxMessage(tx: TenantTx, message: NewOutboxMessage): Promise<string> {
  const row = await tx
    .insertInto('mail_outbox')
    .values({
      tenant_id: tx.tenantId,
      to_address: message.to,
      subject: message.subject,
      body_text: message.text,
      kind: message.kind,
      locale: message.locale,
      secret: message.secret,
      status: message.status,
      next_attempt_at: message.status === 'pending' ? message.createdAt : null,
      created_at: message.createdAt,
      channel: message.channel ?? 'mail',
    })
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

/**
 * The tenants that have messages of `channel` due at `at` (pending, its time come, not taken by a live
 * dispatcher), read through row-level security by `app.outbox_due_tenants`, which answers ids only.
 */
export async function listTenantsWithDueMail(tx: PlatformTx, at: Date, channel: OutboxChannel = 'mail'): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from app.outbox_due_tenants(${at}::timestamptz, ${channel}) as id`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * Takes up to `limit` due messages of a tenant for one dispatcher until `until`, counting the attempt.
 * Rows another dispatcher holds (locked now, or taken until later) are skipped, never waited for, so
 * two dispatchers never take the same message.
 */
export async function claimDueMessages(tx: TenantTx, claim: { at: Date; until: Date; limit: number; channel?: OutboxChannel }): Promise<OutboxRow[]> {
  return tx
    .updateTable('mail_outbox')
    .set((eb) => ({ claimed_until: claim.until, attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', '=', tx.tenantId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('tenant_id', '=', tx.tenantId)
        .where('status', '=', 'pending')
        .where('channel', '=', claim.channel ?? 'mail')
        .where('next_attempt_at', '<=', claim.at)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', claim.at)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(claim.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/** A message went out: sent, released, and a secret one's body blanked (no link stays at rest). */
export async function markMessageSent(tx: TenantTx, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      claimed_until: null,
      next_attempt_at: null,
      last_error: null,
      body_text: eb.case().when('secret', '=', true).then('').else(eb.ref('body_text')).end(),
    }))
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * A delivery attempt failed: try again at `retryAt`, or give up when it is null (`failed`, a secret
 * message's body blanked).
 */
export async function markMessageAttemptFailed(tx: TenantTx, id: string, failure: { error: string; retryAt: Date | null }): Promise<void> {
  await tx
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: failure.retryAt ? 'pending' : 'failed',
      next_attempt_at: failure.retryAt,
      claimed_until: null,
      last_error: failure.error,
      body_text: failure.retryAt ? eb.ref('body_text') : eb.case().when('secret', '=', true).then('').else(eb.ref('body_text')).end(),
    }))
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
}
