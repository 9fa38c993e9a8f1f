import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { isLocale, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { createDispatcher, DEFAULT_TIMINGS, type DispatchTimings, type MailTransport } from './dispatcher.ts';
import { insertOutboxMessage } from './outbox.repository.ts';
import { mailLocaleOf, tenantMailOrigin, type QueueMailDeps } from './outbox.service.ts';
import { renderSms, type SmsTemplate } from './templates.ts';

/**
 * SMS to residents, through the outbox (`mail_outbox` rows with `channel = 'sms'`, migration
 * 2026_12_07_0600): written by `queueSms` in the transaction of the change that causes them, delivered
 * afterwards by a dispatcher of their own (the mail's claims, lease and retries) to the HTTP gateway of
 * SMS_GATEWAY_URL. Without a gateway they are `held`: kept in the tenant's outbox, never sent.
 *
 * An SMS to a resident carries the private link of their complaint. It is the tenant's to read, as the same
 * acknowledgement by mail is (the agent who filed it printed that link already); the operator reading a
 * tenant's outbox sees that it went out, never the number nor the text (`toOutboxMessageView`: its kind
 * is a resident's).
 */
export interface SmsSender {
  readonly kind: 'gateway' | 'outbox';
  /** Call after the transaction that queued an SMS has committed. */
  committed(): void;
  start(): void;
  close(): Promise<void>;
}

/** An SMS the gateway refused for good (4xx but 408 and 429): trying again would not help. */
class GatewayRefusal extends Error {
  readonly permanent = true;
}

/**
 * A client of the HTTP gateway: `POST SMS_GATEWAY_URL` with `{ to, from, text }` as JSON and the token as
 * a bearer; a 2xx answer is accepted, a 4xx (but 408, 429) refused for good, anything else tried again.
 */
export function createSmsGatewayTransport(sms: NonNullable<Config['sms']>, options: { timeoutMs?: number } = {}): MailTransport {
  return {
    async send(message) {
      const response = await fetch(sms.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sms.token ? { authorization: `Bearer ${sms.token}` } : {}) },
        body: JSON.stringify({ to: message.to, from: sms.sender, text: message.text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        redirect: 'error',
      });
      // Drained, so the connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const message_ = `the SMS gateway answered ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new GatewayRefusal(message_);
      throw new Error(message_);
    },
    async close() {},
  };
}

export interface SmsSenderDeps {
  db: Database;
  logger: Logger;
  clock: () => Date;
}

/** The gateway's dispatcher when SMS_GATEWAY_URL is set, else the outbox (held). `transport` replaces the HTTP client (tests). */
export function createSmsSender(config: Pick<Config, 'sms'>, deps: SmsSenderDeps, options: { timings?: DispatchTimings; transport?: MailTransport } = {}): SmsSender {
  if (!config.sms && !options.transport) return { kind: 'outbox', committed() {}, start() {}, async close() {} };
  const transport = options.transport ?? createSmsGatewayTransport(config.sms as NonNullable<Config['sms']>);
  const dispatcher = createDispatcher({ ...deps, transport, channel: 'sms' }, options.timings ?? DEFAULT_TIMINGS);
  return {
    kind: 'gateway',
    committed: () => dispatcher.wake(),
    start: () => dispatcher.start(),
    async close() {
      await dispatcher.stop();
      await transport.close();
    },
  };
}

export interface SmsRequest {
  /** In E.164 (`shared/phone.ts`'s `moroccanMobile`). */
  to: string;
  template: SmsTemplate;
  /** The resident's language (the text and the link's); the tenant's default when absent or not one it publishes. */
  locale?: string;
  /** The page the link opens, after `/<locale>` (`/complaints/private/<token>`), for the SMS's language. */
  path: (locale: Locale) => string;
}

/**
 * Writes an SMS in the transaction of the change that causes it: in the resident's language when the
 * tenant publishes it (else its default: a link to a page in another language would be a 404), its link
 * on the tenant's canonical origin (never the request's Host). `pending` with a gateway, `held` without.
 * Nothing is sent here: once the transaction commits, call `sms.committed()`.
 */
export async function queueSms(tx: TenantTx, deps: { config: QueueMailDeps['config']; sms?: Pick<SmsSender, 'kind'> }, tenant: TenantRow, sms: SmsRequest, now: Date): Promise<{ link: string; status: 'pending' | 'held' }> {
  const locale: Locale = sms.locale && isLocale(sms.locale) && tenant.locales.includes(sms.locale) ? sms.locale : mailLocaleOf(tenant);
  const link = `${await tenantMailOrigin(tx, tenant, deps.config)}/${locale}${sms.path(locale)}`;
  const name = resolveText(tenant.names, locale, ['ar', 'fr'])?.text ?? tenant.slug;
  const content = renderSms(locale, name, sms.template, link);
  const status = deps.sms?.kind === 'gateway' ? 'pending' : 'held';
  await insertOutboxMessage(tx, { to: sms.to, subject: content.subject, text: content.text, kind: sms.template.kind, locale, secret: false, status, createdAt: now, channel: 'sms' });
  return { link, status };
}
