import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { isLocale, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import { findPlatformTenant, findTenantById, listDomainsOf } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withTenant, type AnyTx, type TenantTx } from '../tenancy/unit-of-work.ts';
import { canonicalOrigin } from './links.ts';
import type { Mailer } from './mailer.ts';
import { insertOutboxMessage, listOutboxMessages, type OutboxRow } from './outbox.repository.ts';
import type { OutboxView } from './outbox.schemas.ts';
import { grantsAccess, isToResident, renderMail, type MailTemplate } from './templates.ts';

export interface QueueMailDeps {
  config: Pick<Config, 'publicUrl' | 'platformDomain'>;
  mailer: Pick<Mailer, 'kind'>;
}

/** One message to one recipient, on behalf of a tenant. */
export interface MailRequest {
  to: string;
  template: MailTemplate;
  /** The console path the link opens after `/<locale>` (`/admin/invitation/<token>`). */
  path: string;
  /** The language of the message and its link (a resident's own); the tenant's default when left out. */
  locale?: Locale;
}

/** What `queueMail` wrote, for `Mailer.committed` once the transaction has committed. */
export interface QueuedMail {
  tenantId: string;
  to: string;
  subject: string;
  link: string;
  /** Its link grants access (an invitation, a password reset): only its recipient may read it. */
  secret: boolean;
  /** `pending`: the dispatcher delivers it. `held`: no mail server; the full text is in `heldIn`'s outbox. */
  status: 'pending' | 'held';
  heldIn: string | null;
}

/** The language of a tenant's mail: its default locale. */
export function mailLocaleOf(tenant: TenantRow): Locale {
  return isLocale(tenant.default_locale) ? tenant.default_locale : 'ar';
}

function nameIn(tenant: TenantRow, locale: Locale): string {
  return resolveText(tenant.names, locale, ['ar', 'fr'])?.text ?? tenant.slug;
}

/** The tenant's canonical origin (`links.ts`), from its ancestors and custom domains read in `tx`. */
export async function tenantMailOrigin(tx: AnyTx, tenant: TenantRow, config: QueueMailDeps['config']): Promise<string> {
  const chain: TenantRow[] = [tenant];
  for (let parentId = tenant.parent_id; parentId; ) {
    const parent = await findTenantById(tx, parentId);
    if (!parent) break;
    chain.push(parent);
    parentId = parent.parent_id;
  }
  return canonicalOrigin(chain, await listDomainsOf(tx, tenant.id), config);
}

/**
 * Writes a message in the transaction of the change that causes it, in the tenant's default language,
 * its link on the tenant's canonical origin (never the request's). Nothing is sent here: if the
 * transaction rolls back, nothing was; once it commits, call `deps.mailer.committed([queued])`.
 *
 * Where it is written depends on the mail server:
 * - SMTP_URL set: in the tenant's outbox as `pending`; the dispatcher delivers it with retries, then
 *   blanks a secret message's body. The console shows the tenant's staff only its recipient and subject.
 * - no SMTP_URL: a secret message (its link grants access) must reach only its owner, never the tenant's
 *   administrators: its full text is written `held` to the platform's outbox, which only the operator
 *   reads, and the tenant's outbox keeps a trace without the text. A message without a secret is held in
 *   the tenant's outbox.
 */
export async function queueMail(tx: TenantTx, deps: QueueMailDeps, tenant: TenantRow, mail: MailRequest, now: Date): Promise<QueuedMail> {
  const locale = mail.locale ?? mailLocaleOf(tenant);
  const link = `${await tenantMailOrigin(tx, tenant, deps.config)}/${locale}${mail.path}`;
  const content = renderMail(locale, nameIn(tenant, locale), mail.template, link);
  const secret = grantsAccess(mail.template);
  const message = { to: mail.to, subject: content.subject, kind: mail.template.kind, locale, secret, createdAt: now };
  const queued = { tenantId: tenant.id, to: mail.to, subject: content.subject, link, secret };

  if (deps.mailer.kind === 'smtp') {
    await insertOutboxMessage(tx, { ...message, text: content.text, status: 'pending' });
    return { ...queued, status: 'pending', heldIn: null };
  }
  if (!secret) {
    await insertOutboxMessage(tx, { ...message, text: content.text, status: 'held' });
    return { ...queued, status: 'held', heldIn: tenant.id };
  }
  const platform = tenant.kind === 'platform' ? tenant : await findPlatformTenant(tx);
  if (!platform) throw new Error('the platform tenant must exist to hold secret mail');
  if (platform.id === tenant.id) {
    await insertOutboxMessage(tx, { ...message, text: content.text, status: 'held' });
  } else {
    await insertOutboxMessage(tx, { ...message, text: '', status: 'held' });
    await insertOutboxMessage(await actAsTenant(tx, { id: platform.id }), { ...message, text: content.text, status: 'held' });
    // Back to the caller's tenant, which `tx` names: the caller goes on with `tx`.
    await actAsTenant(tx, { id: tx.tenantId, readable: tx.readable });
  }
  return { ...queued, status: 'held', heldIn: platform.id };
}

/**
 * A message as a reader sees it. The body of a secret message is shown only where it is the only copy
 * its recipient can be given: held in the platform's own outbox, to the operator. Everywhere else —
 * any tenant's outbox, pending or delivered mail — a secret message shows its recipient and subject only.
 * A message to a resident (a complaint's acknowledgement, with its private link; a reply) is the tenant's
 * to read: the operator looking at a tenant's outbox sees its subject and state, never the address or text.
 */
export function toOutboxMessageView(row: OutboxRow, reader: { operatorOnPlatform: boolean; platformId: string | null }): OutboxView['messages'][number] {
  const withheld = reader.operatorOnPlatform && row.tenant_id !== reader.platformId && isToResident(row.kind);
  const visible = !withheld && (!row.secret || (reader.operatorOnPlatform && row.tenant_id === reader.platformId && row.status === 'held'));
  return {
    id: row.id,
    channel: row.channel,
    to: withheld ? '' : row.to_address,
    subject: row.subject,
    text: visible ? row.body_text : '',
    withheld,
    secret: row.secret,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

/**
 * The newest messages a tenant's outbox holds. Read from the unit of work of `readerTenantId` (the
 * platform for the operator), through the readable scope when it is another tenant. `operator`: the
 * reader is the operator on the platform host (the only one shown held secret mail, of the platform).
 */
export async function listOutbox(db: Database, scope: { tenantId: string; readerTenantId: string; operator: boolean }, limit = 50): Promise<OutboxView> {
  const readable = scope.readerTenantId === scope.tenantId ? [] : [scope.tenantId];
  const rows = await withTenant(db, { id: scope.readerTenantId, readable }, (tx) => listOutboxMessages(tx, scope.tenantId, limit));
  const reader = { operatorOnPlatform: scope.operator, platformId: scope.operator ? scope.readerTenantId : null };
  return { messages: rows.map((row) => toOutboxMessageView(row, reader)) };
}
