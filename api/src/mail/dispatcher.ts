import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { OutboxChannel } from '../db/schema.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import {
  claimDueMessages,
  listTenantsWithDueMail,
  markMessageAttemptFailed,
  markMessageSent,
  type OutboxRow,
} from './outbox.repository.ts';

/**
 * Hands one message to a mail server (or an SMS gateway); throws when it is refused or unreachable. An
 * error with `permanent: true` (or a mail server's 5xx `responseCode`) gives the message up at once.
 */
export interface MailTransport {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): Promise<void>;
}

export interface DispatchTimings {
  /** How often every process looks for due mail (retries, and mail queued by another process). */
  pollMs: number;
  /** Messages taken from one tenant at a time. */
  batchSize: number;
  /** Attempts before a message is given up (`failed`). */
  maxAttempts: number;
  /** How long a taken message is reserved for the dispatcher that took it (longer than any send). */
  leaseMs: number;
  /** Delay after the first failed attempt; doubled after each one, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** About 17 hours of attempts (30 s, 1 min, 2 min … capped at 4 h) before a message is given up. */
export const DEFAULT_TIMINGS: DispatchTimings = {
  pollMs: 15_000,
  batchSize: 20,
  maxAttempts: 12,
  leaseMs: 5 * 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 4 * 60 * 60_000,
};

export interface Dispatcher {
  /** Delivers what is due now, then every `pollMs`. */
  start(): void;
  /** Delivers what is due now (after a commit that queued mail); never runs two passes at once. */
  wake(): void;
  /** One full pass; resolves with the number of messages sent. For tests and `wake`. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the pass under way. */
  stop(): Promise<void>;
}

export interface DispatcherDeps {
  db: Database;
  transport: MailTransport;
  logger: Logger;
  clock: () => Date;
  /** Which outbox rows this dispatcher delivers: `mail` (SMTP) unless said. */
  channel?: OutboxChannel;
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function retryDelay(attempts: number, timings: Pick<DispatchTimings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(timings.retryBaseMs * 2 ** Math.max(0, attempts - 1), timings.retryMaxMs);
}

/** A mail server's 5xx answer (no such mailbox, refused): trying again would not help. */
function isPermanent(err: unknown): boolean {
  if ((err as { permanent?: unknown } | null)?.permanent === true) return true;
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Delivers pending outbox messages through `transport`. Safe with several processes: each message is
 * taken (`claimDueMessages`: row locks skipped, a lease) by one dispatcher before it is sent, and every
 * database step runs as jamaa_app in the unit of work of the message's tenant. A crash between sending
 * and recording leaves the lease to expire: the message is sent again (at least once, never lost).
 */
export function createDispatcher(deps: DispatcherDeps, timings: DispatchTimings = DEFAULT_TIMINGS): Dispatcher {
  const { db, transport, logger, clock } = deps;
  const channel = deps.channel ?? 'mail';
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function deliver(row: OutboxRow): Promise<boolean> {
    try {
      await transport.send({ to: row.to_address, subject: row.subject, text: row.body_text });
    } catch (err) {
      const giveUp = isPermanent(err) || row.attempts >= timings.maxAttempts;
      const retryAt = giveUp ? null : new Date(clock().getTime() + retryDelay(row.attempts, timings));
      const error = err instanceof Error ? err.message.slice(0, 500) : String(err).slice(0, 500);
      await withTenant(db, { id: row.tenant_id }, (tx) => markMessageAttemptFailed(tx, row.id, { error, retryAt }));
      logger.warn({ err, mailId: row.id, tenantId: row.tenant_id, attempts: row.attempts, retryAt }, giveUp ? `${channel} given up` : `${channel} not delivered; will retry`);
      return false;
    }
    await withTenant(db, { id: row.tenant_id }, (tx) => markMessageSent(tx, row.id, clock()));
    return true;
  }

  async function pass(): Promise<number> {
    let sent = 0;
    const tenants = await withPlatform(db, (tx) => listTenantsWithDueMail(tx, clock(), channel));
    for (const tenantId of tenants) {
      for (let more = true; more && !stopped; ) {
        const at = clock();
        const batch = await withTenant(db, { id: tenantId }, (tx) =>
          claimDueMessages(tx, { at, until: new Date(at.getTime() + timings.leaseMs), limit: timings.batchSize, channel }),
        );
        for (const row of batch) if (await deliver(row)) sent++;
        more = batch.length === timings.batchSize;
      }
    }
    return sent;
  }

  async function loop(): Promise<number> {
    let sent = 0;
    do {
      again = false;
      try {
        sent += await pass();
      } catch (err) {
        logger.error({ err, channel }, `${channel} dispatch failed; will try again`);
      }
    } while (again && !stopped);
    return sent;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void runOnce(), timings.pollMs);
      timer.unref();
      void runOnce();
    },
    wake() {
      if (!stopped) void runOnce();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
