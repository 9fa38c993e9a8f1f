// The order in which requests arrived, carried through everything a request awaits (AsyncLocalStorage).
// On the embedded database every unit of work waits for the one connection; served by arrival of their
// *request* rather than of the unit itself, a page half made (it needs four or five units, one after the
// other) is not overtaken by every request that came after it (db/pglite-gate.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestOrder {
  storage: AsyncLocalStorage<number>;
  next: number;
}

// One per process, on `globalThis`: SvelteKit's build carries its own copy of this module (the hooks rank
// pages with it) while the API and the database's gate use the source's, as runtime.ts shares the runtime.
// With a store each, every in-process API call of a page would rank as a request of its own.
const KEY = Symbol.for('jamaa.requestOrder');
const holder = globalThis as { [KEY]?: RequestOrder };
const order: RequestOrder = (holder[KEY] ??= { storage: new AsyncLocalStorage<number>(), next: 0 });

/** Runs `fn` as one request: its units of work rank after those of requests that arrived before it. */
export function asRequest<T>(fn: () => T): T {
  // An API call a page makes in-process belongs to the page's request.
  if (order.storage.getStore() !== undefined) return fn();
  return order.storage.run(order.next++, fn);
}

/** The rank of the current request (lower: older); work outside any request ranks after every request so far. */
export function requestRank(): number {
  return order.storage.getStore() ?? order.next;
}
