import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Compiles repository functions without a database, for SQL snapshots reviewers read: each `run` records
 * the statements its function sends (a DummyDriver answers every one with no rows), and `text()` lays them
 * out as `-- name` blocks. Pass the result to `toMatchFileSnapshot`; `vitest -u` rewrites it.
 *
 * @example
 *   const s = sqlSnapshot();
 *   await s.run('listOffices', () => listOffices(s.tx as TenantTx, ['t1']));
 *   await expect(s.text()).toMatchFileSnapshot('./queries.snapshot.sql');
 */
export function sqlSnapshot(): { tx: Kysely<DB>; run: (name: string, fn: () => Promise<unknown>) => Promise<void>; text: () => string } {
  const blocks: { name: string; statements: string[] }[] = [];
  const tx = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') blocks.at(-1)?.statements.push(event.query.sql.replace(/\s+/g, ' ').trim());
    },
  });
  return {
    tx,
    async run(name, fn) {
      blocks.push({ name, statements: [] });
      // With no rows, functions that expect one throw after their statement was recorded.
      await fn().catch(() => undefined);
    },
    text: () => blocks.map((b) => `-- ${b.name}\n${b.statements.map((q) => `${q};`).join('\n')}\n`).join('\n'),
  };
}
