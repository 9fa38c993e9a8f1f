import { describe, expect, it } from 'vitest';
import { asRequest, requestRank } from '../shared/request-order.ts';
import { RequestOrderGate, type SlowUnit } from './pglite-gate.ts';

describe('the embedded database’s one connection, in request order', () => {
  it('gives the connection to the oldest request waiting, not to the first unit of work that asked', async () => {
    const gate = new RequestOrderGate();
    const served: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Request 1 holds the connection; request 3's unit asks first, then request 2's.
    const first = gate.run(async () => {
      await held;
      served.push('r1');
    }, 1);
    const third = gate.run(async () => {
      served.push('r3');
    }, 3);
    const second = gate.run(async () => {
      served.push('r2');
    }, 2);
    expect(gate.waiting).toBe(2);
    release();
    await Promise.all([first, second, third]);
    expect(served).toEqual(['r1', 'r2', 'r3']);
    expect(gate.waiting).toBe(0);
  });

  it('serves one request’s units in the order they asked, and lets the next in after a failure', async () => {
    const gate = new RequestOrderGate();
    const served: number[] = [];
    const failing = gate.run(async () => {
      throw new Error('unit failed');
    }, 5);
    const units = [1, 2, 3].map((n) => gate.run(async () => void served.push(n), 5));
    await expect(failing).rejects.toThrow('unit failed');
    await Promise.all(units);
    expect(served).toEqual([1, 2, 3]);
  });

  it('lets the event loop turn between two units of work, so waiting requests are read and answers sent', async () => {
    const gate = new RequestOrderGate();
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = gate.run(async () => {
      await held;
      // I/O that completes while the connection is busy (a request read, an answer compressed) is handled
      // on the event loop's next turn, as this callback is.
      setImmediate(() => events.push('i/o'));
      events.push('unit 1');
    }, 1);
    // Units that resolve without ever leaving the microtask queue, as PGlite's statements do.
    const others = [2, 3].map((n) => gate.run(async () => void events.push(`unit ${n}`), n));
    release();
    await Promise.all([first, ...others]);
    expect(events).toEqual(['unit 1', 'i/o', 'unit 2', 'unit 3']);
  });

  it('reports a unit that held the connection at least as long as asked, with its slowest statement and the queue', async () => {
    const slow: SlowUnit[] = [];
    const gate = new RequestOrderGate({ slowMs: 1, onSlow: (u) => slow.push(u) });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = gate.run(async () => {
      gate.statement('select 1', 0.2);
      gate.statement('select  pg_sleep(1)\n  from t', 5);
      await held;
    }, 1);
    const second = gate.run(async () => {}, 2);
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, second]);
    // The first unit's report (the second, empty, may be reported too on a busy machine).
    expect(slow[0]).toMatchObject({ statements: 2, waiting: 1, slowest: { sql: 'select pg_sleep(1) from t', ms: 5 } });
    // Off by default: no statement is even counted.
    expect(new RequestOrderGate().reporting).toBe(false);
  });

  it('ranks a request by its arrival, and the API calls it makes in-process with it', () => {
    const outer = asRequest(() => {
      const rank = requestRank();
      expect(asRequest(() => requestRank())).toBe(rank);
      return rank;
    });
    const later = asRequest(() => requestRank());
    expect(later).toBeGreaterThan(outer);
    // Work outside any request ranks after every request so far.
    expect(requestRank()).toBeGreaterThan(later);
  });

  it('keeps a page’s rank through the API calls it makes, though the page and the API load separate copies of the ordering', async () => {
    // SvelteKit's build bundles its own copy of shared/request-order.ts; the API and the gate use the source's.
    const specifier = '../shared/request-order.ts?bundled-copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('../shared/request-order.ts');
    expect(copy.asRequest).not.toBe(asRequest);
    const [page, apiCall] = copy.asRequest(() => [copy.requestRank(), asRequest(() => requestRank())]);
    expect(apiCall).toBe(page);
    // A later page ranks after it, in either copy.
    expect(asRequest(() => requestRank())).toBeGreaterThan(page as number);
  });
});
