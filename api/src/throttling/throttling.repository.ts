import { sql, type Selectable } from 'kysely';
import type { SubmissionThrottleTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type BucketRow = Selectable<SubmissionThrottleTable>;


/**
 * The buckets, each created full when missing, locked for the rest of the transaction in the order given
 * (so that concurrent submissions take their tokens one after the other and never deadlock), in one round
 * trip: the conflicting insert's no-op update takes the row lock and returns the row as it stands.
 */
export async function lockBuckets(tx: TenantTx, buckets: readonly { bucket: string; full: number }[], now: Date): Promise<BucketRow[]> {
  if (buckets.length === 0) return [];
  const rows = await tx
    .insertInto('submission_throttle')
    .values(buckets.map(({ bucket, full }) => ({ tenant_id: tx.tenantId, bucket, tokens: full, updated_at: now })))
    .onConflict((oc) => oc.columns(['tenant_id', 'bucket']).doUpdateSet((eb) => ({ tokens: eb.ref('submission_throttle.tokens') })))
    .returningAll()
    .execute();
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return buckets.map(({ bucket }) => {
    const row = byBucket.get(bucket);
    if (!row) throw new Error(`submission bucket ${bucket} was not locked`);
    return row;
  });
}

/** Writes the buckets' new levels, in one statement. */
export async function saveBuckets(tx: TenantTx, rows: readonly BucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.bucket}, ${r.tokens}::double precision, ${r.updated_at}::timestamptz)`));
  await sql`
    update submission_throttle as s set tokens = v.tokens, updated_at = v.updated_at
      from (values ${values}) as v (bucket, tokens, updated_at)
     where s.tenant_id = ${tx.tenantId} and s.bucket = v.bucket`.execute(tx);
}

/** Deletes buckets untouched since `before` (full again by then, like a missing one); answers how many. */
export async function deleteIdleBuckets(tx: TenantTx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('submission_throttle').where('tenant_id', '=', tx.tenantId).where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
