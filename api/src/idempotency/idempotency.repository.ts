import type { Selectable } from 'kysely';
import type { IdempotencyKeysTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;


export interface KeyId {
  tenantId: string;
  scope: string;
  keyHash: string;
}

export interface Claim {
  requestHash: string;
  /** Identifies this claim: completing or releasing it touches nothing if another request took it over. */
  claimedAt: Date;
  lockedUntil: Date;
  expiresAt: Date;
}

/** Claims a fresh key; false when a row for it exists (whatever its state). */
export async function insertClaim(tx: TenantTx, id: KeyId, claim: Claim): Promise<boolean> {
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({
      tenant_id: id.tenantId,
      scope: id.scope,
      key_hash: id.keyHash,
      request_hash: claim.requestHash,
      state: 'in_flight',
      locked_until: claim.lockedUntil,
      response_status: null,
      response_content_type: null,
      response_body: null,
      created_at: claim.claimedAt,
      expires_at: claim.expiresAt,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key_hash']).doNothing())
    .returning('key_hash')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The key's row, locked until the transaction ends. */
export async function lockKey(tx: TenantTx, id: KeyId): Promise<IdempotencyKeyRow | undefined> {
  return tx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('tenant_id', '=', id.tenantId)
    .where('scope', '=', id.scope)
    .where('key_hash', '=', id.keyHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Replaces an expired row, or an in-flight claim whose holder stopped renewing it, with a new claim. */
export async function replaceWithClaim(tx: TenantTx, id: KeyId, claim: Claim): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({
      request_hash: claim.requestHash,
      state: 'in_flight',
      locked_until: claim.lockedUntil,
      response_status: null,
      response_content_type: null,
      response_body: null,
      created_at: claim.claimedAt,
      expires_at: claim.expiresAt,
    })
    .where('tenant_id', '=', id.tenantId)
    .where('scope', '=', id.scope)
    .where('key_hash', '=', id.keyHash)
    .execute();
}

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: Uint8Array;
}

/** Stores the first answer; false when the claim is no longer this request's. */
export async function completeClaim(tx: TenantTx, id: KeyId, claimedAt: Date, response: StoredResponse): Promise<boolean> {
  const result = await tx
    .updateTable('idempotency_keys')
    .set({ state: 'done', locked_until: null, response_status: response.status, response_content_type: response.contentType, response_body: response.body })
    .where('tenant_id', '=', id.tenantId)
    .where('scope', '=', id.scope)
    .where('key_hash', '=', id.keyHash)
    .where('state', '=', 'in_flight')
    .where('created_at', '=', claimedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives the key back (the request failed): a retry will run. */
export async function deleteClaim(tx: TenantTx, id: KeyId, claimedAt: Date): Promise<void> {
  await tx
    .deleteFrom('idempotency_keys')
    .where('tenant_id', '=', id.tenantId)
    .where('scope', '=', id.scope)
    .where('key_hash', '=', id.keyHash)
    .where('state', '=', 'in_flight')
    .where('created_at', '=', claimedAt)
    .execute();
}

/** Deletes the tenant's expired keys; answers how many. */
export async function deleteExpiredKeys(tx: TenantTx, tenantId: string, now: Date): Promise<number> {
  const result = await tx.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
