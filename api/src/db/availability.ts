/**
 * Whether the database can be reached, as the process sees it: an outage starts with the first failure
 * that says the server is gone (a connection refused or dropped, a shutdown in progress) and ends with
 * the first query that succeeds afterwards. Requests during an outage answer `503` with `Retry-After`;
 * the log says it once when it starts and once when it ends, not once per request.
 */

/** SQLSTATE classes and codes that mean "the server is not there", not "your query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: `pg_ctl stop -m fast`, a restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, recovering
  '53300', // too_many_connections
]);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What node-postgres says when a connection dies under a query or is used after dying. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client was closed and is not queryable',
  'terminating connection',
];

/**
 * True when `err` (or its cause) says the database is unreachable rather than that a query failed.
 *
 * @example isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' })) // → true
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code) || code.startsWith('08')) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    // AggregateError (several addresses refused, e.g. localhost on ::1 and 127.0.0.1).
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

export type HealthChange = { state: 'down'; error: unknown } | { state: 'up'; downForMs: number };

/** The process's view of the database: up until a failure says otherwise, up again at the next success. */
export class DatabaseHealth {
  #downSince: number | null = null;
  /** During an outage, since when queries have succeeded with no failure in between. */
  #recoveringSince: number | null = null;
  readonly #subscribers = new Set<(change: HealthChange) => void>();
  readonly #clock: () => number;
  readonly #settleMs: number;

  /**
   * @param settleMs how long queries must keep succeeding before an outage counts as over: connections
   *   the pool opened before a restart fail one by one after it, and each would otherwise start a new
   *   "outage" in the log.
   */
  constructor(clock: () => number = Date.now, settleMs = 2_000) {
    this.#clock = clock;
    this.#settleMs = settleMs;
  }

  get isDown(): boolean {
    return this.#downSince !== null;
  }

  /** A failure that means unreachable; starts an outage unless one is under way. */
  markDown(error: unknown): void {
    this.#recoveringSince = null;
    if (this.#downSince !== null) return;
    this.#downSince = this.#clock();
    this.#emit({ state: 'down', error });
  }

  /**
   * A query succeeded; ends the outage once queries have kept succeeding for `settleMs`. Cheap: called
   * after every query.
   */
  markUp(): void {
    if (this.#downSince === null) return;
    const now = this.#clock();
    this.#recoveringSince ??= now;
    if (now - this.#recoveringSince < this.#settleMs) return;
    const downForMs = now - this.#downSince;
    this.#downSince = null;
    this.#recoveringSince = null;
    this.#emit({ state: 'up', downForMs });
  }

  /** Called at each change of state; returns an unsubscribe function. */
  subscribe(fn: (change: HealthChange) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  #emit(change: HealthChange): void {
    for (const fn of this.#subscribers) {
      try {
        fn(change);
      } catch {
        // A subscriber's failure must not turn a database fault into a crash.
      }
    }
  }
}
