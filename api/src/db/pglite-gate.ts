// The embedded database's one connection, handed out by the age of the request that asks (see
// shared/request-order.ts) instead of first come first served.
import { requestRank } from '../shared/request-order.ts';

interface Waiter {
  rank: number;
  /** Arrival among equals: first come first served within one request's rank. */
  seq: number;
  go: () => void;
}

export class RequestOrderGate {
  #busy = false;
  #seq = 0;
  readonly #waiting: Waiter[] = [];

  /** Waits for the connection, then runs `fn`; the next waiter is the oldest request's. */
  async run<T>(fn: () => Promise<T>, rank = requestRank()): Promise<T> {
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
    try {
      return await fn();
    } finally {
      const nextUp = this.#waiting.shift();
      if (nextUp) nextUp.go();
      else this.#busy = false;
    }
  }

  /** Units of work waiting for the connection (for tests). */
  get waiting(): number {
    return this.#waiting.length;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);
}
