import type { Logger } from 'pino';
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createDispatcher, DEFAULT_TIMINGS, type DispatchTimings, type MailTransport } from './dispatcher.ts';
import type { QueuedMail } from './outbox.service.ts';

/**
 * The mail of the process. Messages are written by `queueMail` in the transaction of the change that
 * causes them; the Mailer only acts once that transaction has committed.
 *
 * - `smtp` (SMTP_URL set): a dispatcher delivers pending messages, woken after each commit and polling
 *   for retries and for mail queued by other processes.
 * - `outbox` (no SMTP_URL): messages stay in the outbox, `held`. A secret one is in the platform's
 *   outbox, which only the operator reads; in demo mode its link is also logged (one line) so that a
 *   local run can follow it.
 */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  /** Call after the transaction that queued `mail` has committed. */
  committed(mail: readonly QueuedMail[]): void;
  /** Starts delivering (SMTP); does nothing otherwise. */
  start(): void;
  /** Stops delivering and closes the connection to the mail server. */
  close(): Promise<void>;
}

export interface MailerDeps {
  db: Database;
  logger: Logger;
  clock: () => Date;
}

/**
 * An SMTP client (nodemailer) with timeouts short enough that a dead server fails an attempt quickly
 * (the dispatcher retries later), instead of nodemailer's default two minutes.
 *
 * @example createSmtpTransport('smtp://127.0.0.1:2525', 'Jamaa <no-reply@jamaa.ma>')
 */
export function createSmtpTransport(url: string, from: string): MailTransport {
  const transport = createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    async close() {
      transport.close();
    },
  };
}

/** Delivers through SMTP with a dispatcher. `transport` replaces the SMTP client (tests). */
export function createSmtpMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  deps: MailerDeps,
  options: { timings?: DispatchTimings; transport?: MailTransport } = {},
): Mailer {
  if (!config.smtpUrl && !options.transport) throw new Error('an SMTP mailer needs SMTP_URL');
  const transport = options.transport ?? createSmtpTransport(config.smtpUrl as string, config.mailFrom);
  const dispatcher = createDispatcher({ ...deps, transport }, options.timings ?? DEFAULT_TIMINGS);
  return {
    kind: 'smtp',
    committed: () => dispatcher.wake(),
    start: () => dispatcher.start(),
    async close() {
      await dispatcher.stop();
      await transport.close();
    },
  };
}

/** Keeps mail in the outbox; in demo mode, logs each held secret link once, for a local run. */
export function createOutboxMailer(config: Pick<Config, 'demo'>, deps: Pick<MailerDeps, 'logger'>): Mailer {
  return {
    kind: 'outbox',
    committed(mail) {
      if (!config.demo) return;
      for (const m of mail) {
        if (m.secret) deps.logger.info({ mail: { to: m.to, subject: m.subject, link: m.link } }, 'demo: secret mail held in the platform outbox (no SMTP_URL)');
      }
    },
    start() {},
    async close() {},
  };
}

/** SMTP when SMTP_URL is set, else the outbox. */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'demo'>, deps: MailerDeps, options: { timings?: DispatchTimings } = {}): Mailer {
  return config.smtpUrl ? createSmtpMailer(config, deps, options) : createOutboxMailer(config, deps);
}
