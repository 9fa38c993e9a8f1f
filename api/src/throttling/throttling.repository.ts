import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { SubmissionThrottleTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type BucketRow = Selectable<SubmissionThrottleTable>;


/** A bucket to take a token from, with its rule. */
export interface BucketTake {
  bucket: string;
  /** Tokens when full (a missing bucket is created full). */
  capacity: number;
  refillPerHour: number;
}

/**
 * Takes one token from each bucket that has a whole one, in one round trip: a missing bucket is created full
 * less the token; an existing one is refilled for the time since `updated_at` (never above its capacity, in
 * the same floating-point operations as `takeToken`) and, when that makes at least one token, gives one. Every
 * bucket's row is locked until the transaction ends, in the order given (concurrent submissions queue and
 * never deadlock), whether it gave a token or not. Answers the buckets that gave one; the caller refuses the
 * submission when one is missing and rolls the transaction back, giving the others' tokens back
 * (`takeTokens`).
 */
export async function takeFromBuckets(tx: TenantTx, buckets: readonly BucketTake[], now: Date): Promise<Set<string>> {
  if (buckets.length === 0) return new Set();
  // As a CTE, not alone: Citus (13.2) runs `INSERT … SELECT … ON CONFLICT DO UPDATE` alone in two steps, and
  // sends the second (the upsert on the shard) without the statement's parameters, which the worker then
  // refuses ("could not determine data type of parameter $1"); a data-modifying CTE is planned with them.
  const { rows } = await sql<{ bucket: string }>`with taken as (${takeFromBucketsStatement(tx.tenantId, buckets, now)}) select bucket from taken`.execute(tx);
  return new Set(rows.map((r) => r.bucket));
}

/**
 * `takeFromBuckets` as one data-modifying statement, for a CTE of a larger one (the idempotency key's claim):
 * it takes nothing unless `when` holds. Its rows are the buckets that gave a token.
 */
export function takeFromBucketsStatement(tenantId: string, buckets: readonly BucketTake[], now: Date, when: RawBuilder<boolean> = sql<boolean>`true`): RawBuilder<{ bucket: string }> {
  if (buckets.length === 0) throw new RangeError('no bucket to take from');
  for (const b of buckets) if (!(b.capacity >= 1)) throw new RangeError(`bucket ${b.bucket} holds no whole token`);
  const ruleOf = (pick: (b: BucketTake) => number) =>
    sql`case s.bucket ${sql.join(
      buckets.map((b) => sql`when ${b.bucket} then ${pick(b)}::double precision`),
      sql` `,
    )} end`;
  // Elapsed milliseconds as JavaScript counts them (`updated_at` is always written from a Date: whole ms).
  const elapsedMs = sql`greatest(0, extract(epoch from (${now}::timestamptz - s.updated_at)) * 1000)::double precision`;
  const refilled = sql`least(${ruleOf((b) => b.capacity)}, s.tokens + (${elapsedMs} / 3600000) * ${ruleOf((b) => b.refillPerHour)})`;
  // In the order given: the rows are locked in that order.
  const values = sql.join(buckets.map((b) => sql`(${tenantId}::uuid, ${b.bucket}::text, ${b.capacity - 1}::double precision, ${now}::timestamptz)`));
  // A conflicting row is locked even when the WHERE leaves it as it is; RETURNING lists only rows written.
  return sql<{ bucket: string }>`
    insert into submission_throttle as s (tenant_id, bucket, tokens, updated_at)
    select * from (values ${values}) as v (tenant_id, bucket, tokens, updated_at) where ${when}
    on conflict (tenant_id, bucket) do update set tokens = ${refilled} - 1, updated_at = excluded.updated_at
     where ${refilled} >= 1
    returning s.bucket`;
}

/** Buckets as they stand (after `takeFromBuckets` they are this transaction's, locked): to tell the wait of a refusal. */
export async function findBuckets(tx: TenantTx, buckets: readonly string[]): Promise<BucketRow[]> {
  if (buckets.length === 0) return [];
  return tx.selectFrom('submission_throttle').selectAll().where('tenant_id', '=', tx.tenantId).where('bucket', 'in', [...buckets]).execute();
}

/** Deletes buckets untouched since `before` (full again by then, like a missing one); answers how many. */
export async function deleteIdleBuckets(tx: TenantTx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('submission_throttle').where('tenant_id', '=', tx.tenantId).where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
