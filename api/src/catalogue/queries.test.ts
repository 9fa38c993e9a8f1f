import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.ts';
import { buildVocabulary, planQuery } from '@jamaa/tenants/text-folding.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { searchLocalServices, searchNationalServices, suggestNationalServices } from './catalogue.repository.ts';

/**
 * The search queries of the catalogue, compiled, in a file reviewers read: a change to the SQL shows in the
 * diff (`vitest -u` rewrites it). The plan is one query with a corrected word and a Tifinagh plural.
 */
describe('catalogue search queries', () => {
  it('compile to the SQL in queries.snapshot.sql', async () => {
    const blocks: { name: string; statements: string[] }[] = [];
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        if (event.level === 'query') blocks.at(-1)?.statements.push(event.query.sql);
      },
    });
    const tx = db as unknown as TenantTx;
    const run = async (name: string, fn: () => Promise<unknown>) => {
      blocks.push({ name, statements: [] });
      await fn().catch(() => undefined);
    };
    const plan = planQuery('شهادة الاقمة ⵜⵉⴹⵕⵉⴱⵉⵏ', buildVocabulary(['شهادة الإقامة', 'ⵜⴰⴹⵕⵉⴱⵜ ⵏ ⵜⵣⴷⵖⴰ', 'ⵜⵉⴹⵕⵉⴱⵉⵏ']));
    await run('searchNationalServices', () => searchNationalServices(tx, 'v', plan, 60));
    await run('searchLocalServices', () => searchLocalServices(tx, ['t1', 't2'], plan, 20));
    await run('suggestNationalServices', () => suggestNationalServices(tx, 'v', plan.correctedPhrase, 0.3, 15));
    const text = blocks.map((b) => `-- ${b.name}\n${b.statements.map((q) => `${q};`).join('\n')}\n`).join('\n');
    await expect(text).toMatchFileSnapshot('./queries.snapshot.sql');
  });
});
