import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicReads } from '../app-deps.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { isDatabaseUnavailable } from './availability.ts';
import { servingUrl } from './roles.ts';
import { openReadDatabase, type ReadDatabase } from './read-replica.ts';

/** Two PostgreSQL databases stand for the primary and its replica; each tells its name. */
describe.skipIf(!process.env.DATABASE_URL)('read replica with fallback to the primary (postgres)', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let reads: ReadDatabase;
  const where = async (db: { kysely: ReadDatabase['kysely'] }) =>
    (await sql<{ name: string }>`select current_database() as name`.execute(db.kysely)).rows[0]?.name;

  beforeAll(async () => {
    primary = await newTestDatabase('postgres');
    replica = await newTestDatabase('postgres');
    reads = openReadDatabase(await primary.serving(), servingUrl(replica.url!, process.env.DATABASE_SERVER_PASSWORD || null), { cooldownMs: 60_000 });
  });
  afterAll(async () => {
    await reads.close();
    await primary.dispose();
    await replica.dispose().catch(() => {});
  });

  it('sends public reads, units of work included, to the replica while it answers', async () => {
    const replicaName = await where(replica);
    expect(await where(reads)).toBe(replicaName);
    const inTenant = await withTenant(reads, { id: '00000000-0000-4000-8000-000000000001' }, async (tx) => {
      const { rows } = await sql<{ name: string; role: string }>`select current_database() as name, current_user as role`.execute(tx);
      return rows[0];
    });
    expect(inTenant).toEqual({ name: replicaName, role: 'jamaa_app' });
    expect(publicReads({ db: primary, readDb: reads })).toBe(reads);
    expect(publicReads({ db: primary })).toBe(primary);
  });

  it('falls back to the primary when the replica goes away, without failing the reads that follow', async () => {
    const primaryName = await where(primary);
    const before = reads.served.primary;
    await replica.dispose(); // drops the database, cutting the replica's connections
    let answer: string | undefined;
    for (let attempt = 0; attempt < 2 && answer === undefined; attempt++) {
      // A connection cut under the first query may fail that one query (as unreachable), never another.
      answer = await where(reads).catch((err: unknown) => {
        expect(isDatabaseUnavailable(err)).toBe(true);
        return undefined;
      });
    }
    expect(answer).toBe(primaryName);
    expect(await where(reads)).toBe(primaryName);
    expect(reads.served.primary).toBeGreaterThan(before);
  });
});
