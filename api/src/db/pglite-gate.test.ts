import { describe, expect, it } from 'vitest';
import { asRequest, requestRank } from '../shared/request-order.ts';
import { RequestOrderGate } from './pglite-gate.ts';

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
