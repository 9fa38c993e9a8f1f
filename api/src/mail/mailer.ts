import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { insertOutboxMessage } from './outbox.repository.ts';

/** One plain-text message to one recipient, on behalf of a tenant. */
export interface MailMessage {
  /** The tenant the message speaks for; the outbox files it there. */
  tenantId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail. `smtp` delivers through a server (SMTP_URL); `outbox` writes the message to the tenant's
 * `mail_outbox`, which the console shows, so invitations work with no mail server.
 */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * Delivers through an SMTP server.
 *
 * @example createSmtpMailer('smtp://127.0.0.1:2525', 'Jamaa <no-reply@jamaa.ma>')
 */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = createTransport(url);
  return {
    kind: 'smtp',
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    async close() {
      transport.close();
    },
  };
}

/** Files each message in the tenant's outbox instead of sending it. */
export function createOutboxMailer(db: Database, clock: () => Date): Mailer {
  return {
    kind: 'outbox',
    async send(message) {
      await withTenant(db, { id: message.tenantId }, (tx) =>
        insertOutboxMessage(tx, message.tenantId, { to: message.to, subject: message.subject, text: message.text, createdAt: clock() }),
      );
    },
    async close() {},
  };
}

/** SMTP when SMTP_URL is set, else the outbox. */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, db: Database, clock: () => Date): Mailer {
  return config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createOutboxMailer(db, clock);
}
