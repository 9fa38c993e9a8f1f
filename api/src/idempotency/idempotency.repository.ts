import { sql, type QueryCreator, type RawBuilder, type Selectable } from 'kysely';
import { PREPARE } from '../db/prepared.ts';
import type { DB, IdempotencyKeysTable } from '../db/schema.ts';
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

/**
 * Work done in the claim's own statement, only when the key is claimed (a replay or a duplicate skips it):
 * the submission limit's tokens (`submissionLimit`).
 */
export interface ClaimStep {
  /** A data-modifying statement for a CTE, to do nothing unless `claimed` holds. */
  statement(claimed: RawBuilder<boolean>): RawBuilder<unknown>;
  /** Given the rows it returned (none when it did nothing), throws to refuse: the transaction rolls back, nothing is claimed. */
  settle(tx: TenantTx, rows: Record<string, unknown>[]): Promise<void>;
}

/** A row the claim's statement found in its way, as that statement saw it (no lock): see `insertClaim`. */
export type SeenKey = Pick<IdempotencyKeyRow, 'request_hash' | 'state' | 'expires_at' | 'response_status' | 'response_content_type' | 'response_body'>;

/**
 * Claims a fresh key; `claimed: false` when a row for it exists (whatever its state). With a `step`, that
 * step's statement runs in the same one (CTEs), and its rows are answered when the key was claimed; and the
 * row in the way, as the statement's snapshot saw it (`seen`), so that a replay needs no statement of its own.
 * `seen` is null when that snapshot did not hold it (committed by a transaction the claim waited for).
 */
export async function insertClaim(tx: TenantTx, id: KeyId, claim: Claim, step?: ClaimStep): Promise<{ claimed: true; rows: Record<string, unknown>[] } | { claimed: false; seen?: SeenKey | null }> {
  const insert = claimInsert(tx, id, claim);
  // Both forms are prepared statements on PostgreSQL (`PREPARE`, db/prepared.ts): every keyed submission runs one.
  if (!step) return (await insert.modifyEnd(PREPARE).executeTakeFirst()) !== undefined ? { claimed: true, rows: [] } : { claimed: false };
  const { rows } = await sql<{ claimed: boolean; rows: Record<string, unknown>[] } & { [K in keyof SeenKey]: SeenKey[K] | null }>`
    with claim as (${insert}), claim_step as (${step.statement(sql<boolean>`exists (select from claim)`)}),
    seen as (select request_hash, state, expires_at, response_status, response_content_type, response_body from idempotency_keys
             where tenant_id = ${id.tenantId} and scope = ${id.scope} and key_hash = ${id.keyHash})
    select exists (select from claim) as claimed, coalesce((select json_agg(claim_step) from claim_step), '[]') as rows,
      (select request_hash from seen) as request_hash, (select state from seen) as state, (select expires_at from seen) as expires_at,
      (select response_status from seen) as response_status, (select response_content_type from seen) as response_content_type,
      (select response_body from seen) as response_body ${PREPARE}`.execute(tx);
  const row = rows[0];
  if (row?.claimed === true) return { claimed: true, rows: row.rows };
  if (!row || row.request_hash === null || row.state === null || row.expires_at === null) return { claimed: false, seen: null };
  const { request_hash, state, expires_at, response_status, response_content_type, response_body } = row;
  return { claimed: false, seen: { request_hash, state, expires_at, response_status, response_content_type, response_body } };
}

/** A step's statement alone, once the key is this request's (`replaceWithClaim`): its rows. */
export async function runClaimStep(tx: TenantTx, step: ClaimStep): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<{ rows: Record<string, unknown>[] }>`
    with claim_step as (${step.statement(sql<boolean>`true`)})
    select coalesce((select json_agg(claim_step) from claim_step), '[]') as rows`.execute(tx);
  return rows[0]?.rows ?? [];
}

function claimInsert(tx: TenantTx, id: KeyId, claim: Claim) {
  return tx
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
    .returning('key_hash');
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

/** The key's row, as committed (no lock). */
export async function findKey(tx: TenantTx, id: KeyId): Promise<IdempotencyKeyRow | undefined> {
  return tx.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', id.tenantId).where('scope', '=', id.scope).where('key_hash', '=', id.keyHash).executeTakeFirst();
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
  return (await completeClaimPart(tx, id, claimedAt, response).executeTakeFirst()) !== undefined;
}

/**
 * `completeClaim` as a statement of its own or a part (a CTE) of the handler's statement, for an answer
 * whose bytes that statement makes (`body`, an SQL expression): it returns a row when it stored the answer.
 */
export function completeClaimPart(qc: QueryCreator<DB>, id: KeyId, claimedAt: Date, response: { status: number; contentType: string | null; body: Uint8Array | RawBuilder<Uint8Array> }) {
  return qc
    .updateTable('idempotency_keys')
    .set({ state: 'done', locked_until: null, response_status: response.status, response_content_type: response.contentType, response_body: response.body })
    .where('tenant_id', '=', id.tenantId)
    .where('scope', '=', id.scope)
    .where('key_hash', '=', id.keyHash)
    .where('state', '=', 'in_flight')
    .where('created_at', '=', claimedAt)
    .returning('key_hash');
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
