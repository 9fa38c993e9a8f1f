import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { findLastNumber, formatTrackingNumber, nextNumber, numberInline, parseTrackingNumber } from './counters.ts';

class RolledBack extends Error {
  readonly taken: number;
  constructor(taken: number) {
    super('rolled back on purpose');
    this.taken = taken;
  }
}

describe('tracking numbers', () => {
  it('are formatted as PREFIX-YEAR-000123, with more digits past 999 999', () => {
    expect(formatTrackingNumber({ prefix: 'CASA', year: 2026, number: 123 })).toBe('CASA-2026-000123');
    expect(formatTrackingNumber({ prefix: 'T2', year: 2027, number: 1_234_567 })).toBe('T2-2027-1234567');
    expect(() => formatTrackingNumber({ prefix: 'casa', year: 2026, number: 1 })).toThrow(RangeError);
    expect(() => formatTrackingNumber({ prefix: 'CASA', year: 2026, number: 0 })).toThrow(RangeError);
  });

  it('are read back as a resident types them', () => {
    const casa = { prefix: 'CASA', year: 2026, number: 123 };
    expect(parseTrackingNumber('CASA-2026-000123')).toEqual(casa);
    expect(parseTrackingNumber('  casa 2026 123 ')).toEqual(casa);
    expect(parseTrackingNumber('CASA–2026–000123')).toEqual(casa);
    expect(parseTrackingNumber('CASA-٢٠٢٦-٠٠٠١٢٣')).toEqual(casa);
    expect(parseTrackingNumber('CASA-2026-000000')).toBeNull();
    expect(parseTrackingNumber('CASA2026000123')).toBeNull();
    expect(parseTrackingNumber("'; drop table counters; --")).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('counters (%s)', (kind) => {
  let db: TestDatabase;
  let a: TenantRow;
  let b: TenantRow;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    a = await newTenant(db, { slug: 'a' });
    b = await newTenant(db, { slug: 'b' });
  });
  afterAll(() => db.dispose());

  const take = (tenant: TenantRow, series: string, year: number, on: Database = db) =>
    withTenant(on, { id: tenant.id }, (tx) => nextNumber(tx, { tenantId: tenant.id, series, year }));
  const last = (tenant: TenantRow, series: string, year: number) => withTenant(db, { id: tenant.id }, (tx) => findLastNumber(tx, tenant.id, series, year));

  it('numbers from 1 in each series, year and tenant', async () => {
    expect([await take(a, 'first', 2026), await take(a, 'first', 2026), await take(a, 'first', 2026)]).toEqual([1, 2, 3]);
    expect(await take(a, 'first', 2027)).toBe(1);
    expect(await take(a, 'other', 2026)).toBe(1);
    expect(await take(b, 'first', 2026)).toBe(1);
    expect(await take(a, 'first', 2026)).toBe(4);
  });

  it('gives a rolled-back number to the next taker', async () => {
    expect(await take(a, 'rollback', 2026)).toBe(1);
    await expect(
      withTenant(db, { id: a.id }, async (tx) => {
        throw new RolledBack(await nextNumber(tx, { tenantId: a.id, series: 'rollback', year: 2026 }));
      }),
    ).rejects.toMatchObject({ taken: 2 });
    expect(await take(a, 'rollback', 2026)).toBe(2);
  });

  it('numbers by the year in Morocco: a submission at 00:30 on 1 January starts the new year', async () => {
    const numbered = (at: Date, prefix = 'CASA') =>
      withTenant(db, { id: a.id }, (tx) => {
        const n = numberInline({ tenantId: a.id, series: 'complaints', prefix, at });
        return tx.with(n.name, n.counter).selectFrom(n.name).select([n.number.as('number'), n.tracking.as('tracking')]).executeTakeFirstOrThrow();
      });
    // Morocco was on UTC+1 at the end of 2025.
    expect((await numbered(new Date('2025-12-31T22:59:00Z'))).tracking).toBe('CASA-2025-000001');
    expect((await numbered(new Date('2025-12-31T23:30:00Z'))).tracking).toBe('CASA-2026-000001');
    expect(await numbered(new Date('2026-01-02T09:00:00Z'))).toEqual({ number: 2, tracking: 'CASA-2026-000002' });
    // Past 999 999 the number takes more digits, as formatTrackingNumber writes it (lpad alone would cut it).
    await withTenant(db, { id: a.id }, (tx) => sql`update counters set last = 999999 where series = 'complaints' and year = 2026`.execute(tx));
    expect((await numbered(new Date('2026-01-02T09:00:00Z'))).tracking).toBe(formatTrackingNumber({ prefix: 'CASA', year: 2026, number: 1_000_000 }));
    expect(() => numberInline({ tenantId: a.id, series: 'complaints', prefix: 'casa', at: new Date() })).toThrow(RangeError);
  });

  it("hides a tenant's counters from the others, and refuses to create or advance them", async () => {
    await take(a, 'private', 2026);
    expect(await withTenant(db, { id: b.id }, (tx) => findLastNumber(tx, a.id, 'private', 2026))).toBe(0);
    await expect(withTenant(db, { id: b.id }, (tx) => nextNumber(tx, { tenantId: a.id, series: 'private', year: 2026 }))).rejects.toThrow(
      /row-level security/,
    );
    await expect(withTenant(db, { id: b.id }, (tx) => nextNumber(tx, { tenantId: a.id, series: 'fresh', year: 2026 }))).rejects.toThrow(
      /row-level security/,
    );
    expect(await last(a, 'private', 2026)).toBe(1);
    const { rows } = await withPlatform(db, (tx) => sql`select * from counters`.execute(tx));
    expect(rows).toEqual([]);
  });

  it('refuses to lower or delete a counter through the request role', async () => {
    await take(a, 'kept', 2026);
    await expect(withTenant(db, { id: a.id }, (tx) => sql`delete from counters where tenant_id = ${a.id}`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      withTenant(db, { id: a.id }, (tx) => sql`update counters set last = -1 where tenant_id = ${a.id} and series = 'kept'`.execute(tx)),
    ).rejects.toThrow(/check constraint/);
  });

  it(
    'never skips nor repeats a number under many concurrent transactions, some rolled back',
    async () => {
      // On PostgreSQL: 200 transactions at once over a pool of 10 connections. PGlite has one connection
      // (Kysely serialises its transactions), so fewer: the rule is the same, the interleaving is not.
      const pool = kind === 'postgres' && db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 10 }) : db;
      const total = kind === 'postgres' ? 200 : 40;
      try {
        const outcomes = await Promise.all(
          Array.from({ length: total }, (_, i) =>
            withTenant(pool, { id: a.id }, async (tx) => {
              const year = i % 5 === 4 ? 2027 : 2026;
              const taken = await nextNumber(tx, { tenantId: a.id, series: 'concurrent', year });
              // Keep the lock a moment, as a real submission writing its record would.
              await sql`select 1`.execute(tx);
              if (i % 7 === 3) throw new RolledBack(taken);
              return { year, taken };
            }).catch((err: unknown) => {
              if (err instanceof RolledBack) return null;
              throw err;
            }),
          ),
        );
        for (const year of [2026, 2027]) {
          const committed = outcomes.filter((o) => o?.year === year).map((o) => o?.taken ?? 0);
          expect(committed.length).toBeGreaterThan(0);
          expect([...committed].sort((x, y) => x - y)).toEqual(Array.from({ length: committed.length }, (_, i) => i + 1));
          expect(await last(a, 'concurrent', year)).toBe(committed.length);
        }
        expect(outcomes.filter((o) => o === null)).toHaveLength(Math.floor((total - 4) / 7) + 1);
      } finally {
        if (pool !== db) await pool.close();
      }
    },
    180_000,
  );
});
