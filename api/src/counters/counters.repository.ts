import { sql, type QueryCreator } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';



async function increment(tx: TenantTx, tenantId: string, series: string, year: number): Promise<number | undefined> {
  const row = await tx
    .updateTable('counters')
    .set({ last: sql<number>`last + 1` })
    .where('tenant_id', '=', tenantId)
    .where('series', '=', series)
    .where('year', '=', year)
    .returning('last')
    .executeTakeFirst();
  return row?.last;
}

/**
 * The next number of the series for the year, in the caller's transaction. The update locks the row until
 * the transaction ends, so concurrent takers queue; a rollback gives the number back. The first number of
 * a year creates the row (`INSERT … ON CONFLICT DO NOTHING`, which waits for a concurrent creator).
 */
export async function takeNextNumber(tx: TenantTx, tenantId: string, series: string, year: number): Promise<number> {
  const taken = await increment(tx, tenantId, series, year);
  if (taken !== undefined) return taken;
  await tx
    .insertInto('counters')
    .values({ tenant_id: tenantId, series, year, last: 0 })
    .onConflict((oc) => oc.columns(['tenant_id', 'series', 'year']).doNothing())
    .execute();
  const created = await increment(tx, tenantId, series, year);
  if (created === undefined) throw new Error(`counter ${series}/${year} of tenant ${tenantId} could not be created`);
  return created;
}

/** The last number handed out (0 when none), without taking one. */
export async function findLastNumber(tx: TenantTx, tenantId: string, series: string, year: number): Promise<number> {
  const row = await tx
    .selectFrom('counters')
    .select('last')
    .where('tenant_id', '=', tenantId)
    .where('series', '=', series)
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.last ?? 0;
}

/**
 * Takes the next number of the series for the year as one statement, to be a CTE of the statement that writes
 * what it numbers: the year's row is created at 1, or its `last` incremented, and locked until the
 * transaction ends, as `takeNextNumber` does (a concurrent creator is waited for by the insert's conflict).
 * Answers one row, `last`.
 */
export function takeNextNumberStatement(qc: QueryCreator<DB>, tenantId: string, series: string, year: number) {
  return qc
    .insertInto('counters')
    .values({ tenant_id: tenantId, series, year, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'series', 'year']).doUpdateSet({ last: sql<number>`counters.last + 1` }))
    .returning('last');
}
