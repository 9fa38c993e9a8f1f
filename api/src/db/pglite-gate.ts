// The embedded database's one connection, handed out by the age of the request that asks (see
// shared/request-order.ts) instead of first come first served.
//
// PGlite runs each statement synchronously inside the process and resolves its promises as microtasks: a
// chain of statements never lets the event loop turn. Were the connection handed straight to the next
// waiter, one unit of work would follow another in the same turn for as long as any were waiting, and
// under load nothing else would run meanwhile: no request read, no answer compressed or sent, no timer.
// The connection therefore changes hands on the next turn (`setImmediate`), after the I/O waiting.
import { requestRank } from '../shared/request-order.ts';

interface Waiter {
  rank: number;
  /** Arrival among equals: first come first served within one request's rank. */
  seq: number;
  go: () => void;
}

/** A unit of work that held the connection longer than `slowMs` (see `GateOptions`). */
export interface SlowUnit {
  heldMs: number;
  /** How long it waited for the connection. */
  waitedMs: number;
  /** Units of work waiting when it gave the connection back. */
  waiting: number;
  statements: number;
  /** Its longest statement (text cut to 300 characters), when statements were reported. */
  slowest: { sql: string; ms: number } | null;
}

export interface GateOptions {
  /** Report units of work holding the connection at least this long (milliseconds); 0: never. */
  slowMs?: number;
  onSlow?: (unit: SlowUnit) => void;
}

export class RequestOrderGate {
  #busy = false;
  #seq = 0;
  readonly #waiting: Waiter[] = [];
  readonly #slowMs: number;
  readonly #onSlow: ((unit: SlowUnit) => void) | null;
  #statements = 0;
  #slowest: { sql: string; ms: number } | null = null;

  constructor(options: GateOptions = {}) {
    this.#slowMs = options.slowMs ?? 0;
    this.#onSlow = this.#slowMs > 0 ? (options.onSlow ?? null) : null;
  }

  /** Waits for the connection, then runs `fn`; the next waiter is the oldest request's, on the next turn. */
  async run<T>(fn: () => Promise<T>, rank = requestRank()): Promise<T> {
    const asked = this.#onSlow ? performance.now() : 0;
    if (this.#busy) {
      await new Promise<void>((go) => {
        const w: Waiter = { rank, seq: this.#seq++, go };
        // Few waiters (the connections of one process): a sorted insert is enough.
        let i = this.#waiting.length;
        while (i > 0 && before(w, this.#waiting[i - 1] as Waiter)) i--;
        this.#waiting.splice(i, 0, w);
      });
    }
    this.#busy = true;
    const got = this.#onSlow ? performance.now() : 0;
    this.#statements = 0;
    this.#slowest = null;
    try {
      return await fn();
    } finally {
      if (this.#onSlow) this.#report(asked, got);
      if (this.#waiting.length === 0) this.#busy = false;
      // Still busy until then: a unit asking meanwhile waits its turn by rank.
      else setImmediate(() => this.#handOver());
    }
  }

  /** A statement run by the unit holding the connection took `ms` (for the report of slow units). */
  statement(sql: string, ms: number): void {
    this.#statements++;
    if (!this.#slowest || ms > this.#slowest.ms) this.#slowest = { sql, ms };
  }

  /** Whether statements should be reported (`statement`): only when slow units are. */
  get reporting(): boolean {
    return this.#onSlow !== null;
  }

  /** Units of work waiting for the connection (for tests). */
  get waiting(): number {
    return this.#waiting.length;
  }

  #handOver(): void {
    const nextUp = this.#waiting.shift();
    if (nextUp) nextUp.go();
    else this.#busy = false;
  }

  #report(asked: number, got: number): void {
    const heldMs = performance.now() - got;
    if (heldMs < this.#slowMs) return;
    const slowest = this.#slowest && { sql: this.#slowest.sql.replace(/\s+/g, ' ').trim().slice(0, 300), ms: Math.round(this.#slowest.ms) };
    this.#onSlow?.({ heldMs: Math.round(heldMs), waitedMs: Math.round(got - asked), waiting: this.#waiting.length, statements: this.#statements, slowest });
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);
}
