import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { TestApp } from './app.ts';

const seen = new AsyncLocalStorage<string[]>();
const counted = Symbol('counted');

/**
 * Records, per request, the statements its unit of work sends on the pool's connections (issue 14: each
 * is a round trip to PostgreSQL). Call once per pool; then `statementsOf` runs a request and answers them.
 */
function countQueries(pool: pg.Pool): void {
  pool.on('acquire', (client) => {
    const c = client as pg.PoolClient & { [counted]?: true };
    if (c[counted]) return;
    c[counted] = true;
    const query = c.query.bind(c) as (...args: unknown[]) => unknown;
    (c as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '?');
      seen.getStore()?.push(text.replace(/\s+/g, ' ').slice(0, 80));
      return query(...args);
    };
  });
}

/** Counts the statements of the pool the app serves requests from (PostgreSQL only). */
export async function countServingQueries(db: TestApp['db']): Promise<void> {
  const pool = (await db.serving()).pgPool;
  if (!pool) throw new Error('round trips are counted on PostgreSQL only');
  countQueries(pool);
}

/** Runs `fn` (one request) and answers its result with the statements it sent on a counted pool. */
export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const result = await seen.run(statements, fn);
  return { result, statements };
}
