import type { Selectable } from 'kysely';
import type { SubmissionThrottleTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type BucketRow = Selectable<SubmissionThrottleTable>;


/**
 * The bucket, created full when missing and locked for the rest of the transaction, so that concurrent
 * submissions take their tokens one after the other.
 */
export async function lockBucket(tx: TenantTx, bucket: string, full: number, now: Date): Promise<BucketRow> {
  await tx
    .insertInto('submission_throttle')
    .values({ tenant_id: tx.tenantId, bucket, tokens: full, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'bucket']).doNothing())
    .execute();
  return tx
    .selectFrom('submission_throttle')
    .selectAll()
    .where('tenant_id', '=', tx.tenantId)
    .where('bucket', '=', bucket)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function saveBucket(tx: TenantTx, row: BucketRow): Promise<void> {
  await tx
    .updateTable('submission_throttle')
    .set({ tokens: row.tokens, updated_at: row.updated_at })
    .where('tenant_id', '=', row.tenant_id)
    .where('bucket', '=', row.bucket)
    .execute();
}

/** Deletes buckets untouched since `before` (full again by then, like a missing one); answers how many. */
export async function deleteIdleBuckets(tx: TenantTx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('submission_throttle').where('tenant_id', '=', tx.tenantId).where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
