// The order in which requests arrived, carried through everything a request awaits (AsyncLocalStorage).
// On the embedded database every unit of work waits for the one connection; served by arrival of their
// *request* rather than of the unit itself, a page half made (it needs four or five units, one after the
// other) is not overtaken by every request that came after it (db/pglite-gate.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

const order = new AsyncLocalStorage<number>();
let next = 0;

/** Runs `fn` as one request: its units of work rank after those of requests that arrived before it. */
export function asRequest<T>(fn: () => T): T {
  // An API call a page makes in-process belongs to the page's request.
  if (order.getStore() !== undefined) return fn();
  return order.run(next++, fn);
}

/** The rank of the current request (lower: older); work outside any request ranks after every request so far. */
export function requestRank(): number {
  return order.getStore() ?? next;
}
