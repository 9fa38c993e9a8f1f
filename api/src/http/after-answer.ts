import type { Logger } from 'pino';

/** Work waiting or running; beyond this, new work is dropped (and logged) rather than piling up. */
const MAX_PENDING = 1000;
/** A piece of work that takes longer (a database that hangs) stops holding up the ones behind it. */
const MAX_WAIT_MS = 15_000;

let tail: Promise<void> = Promise.resolve();
let pending = 0;
let dropped = 0;

/**
 * Runs `work` after the answer has gone, one piece at a time per process, with its failure logged.
 * For requests whose answer must not depend on (nor take as long as) what they do, such as a password
 * reset request, whose timing would otherwise tell whether the address has an account. Running one at a
 * time also bounds what a flood of such requests costs the database: at most one connection.
 * Answers false when the work was dropped because too much is waiting.
 *
 * @example runAfterAnswer(deps.logger, 'password reset request', meta.requestId, () => requestPasswordReset(…));
 */
export function runAfterAnswer(logger: Logger, label: string, requestId: string | null, work: () => Promise<void>): boolean {
  if (pending >= MAX_PENDING) {
    if (dropped++ % 100 === 0) logger.warn({ label, dropped }, 'too much work waiting: dropped');
    return false;
  }
  pending++;
  tail = tail
    // setImmediate: the answer is written before the work starts.
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => {
      let timer: NodeJS.Timeout | undefined;
      const done = work().catch((err: unknown) => logger.error({ err, requestId }, `${label} failed`));
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn({ requestId }, `${label}: still running after ${MAX_WAIT_MS} ms; the next goes ahead`);
          resolve();
        }, MAX_WAIT_MS);
        timer.unref();
      });
      return Promise.race([done, late]).finally(() => clearTimeout(timer));
    })
    .finally(() => {
      pending--;
    });
  return true;
}

/** Resolves once everything queued so far has run (tests; a graceful shutdown). */
export async function afterAnswerSettled(): Promise<void> {
  let seen: Promise<void>;
  do {
    seen = tail;
    await seen;
  } while (seen !== tail);
}
