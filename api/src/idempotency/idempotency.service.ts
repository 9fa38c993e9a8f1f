import { createHash } from 'node:crypto';
import { sql, type QueryCreator, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { listTenantIds } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  completeClaim,
  completeClaimPart,
  deleteClaim,
  deleteExpiredKeys,
  insertClaim,
  findKey,
  lockKey,
  replaceWithClaim,
  runClaimStep,
  type ClaimStep,
  type KeyId,
  type SeenKey,
  type StoredResponse,
} from './idempotency.repository.ts';

export type { ClaimStep, StoredResponse };

export interface IdempotencyPolicy {
  /** How long a stored answer is replayed. */
  ttlMs: number;
  /** How long a claim holds without an answer before another request may take it over (its holder died). */
  leaseMs: number;
}

export const DEFAULT_POLICY: IdempotencyPolicy = { ttlMs: 24 * 60 * 60_000, leaseMs: 60_000 };

export interface Attempt extends KeyId {
  requestHash: string;
  now: Date;
}

export type Admission =
  /** This request holds the key: run it, then `complete` or `release`. */
  | { kind: 'run'; claimedAt: Date }
  /** An earlier request with the same key and body was answered: give its answer again. */
  | { kind: 'replay'; response: StoredResponse }
  /** An earlier request with the same key and body is still running. */
  | { kind: 'in_flight' };

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Claims the key, or tells what became of it: the primary key makes two claims of one key impossible, and
 * the row lock makes concurrent duplicates decide one after the other. The same key with another body is
 * `422 IDEMPOTENCY_KEY_REUSED`; an expired key, or a claim past its lease, is taken over.
 */
export async function admit(db: Database, attempt: Attempt, policy: IdempotencyPolicy = DEFAULT_POLICY, onClaim?: ((tx: TenantTx) => Promise<void>) | ClaimStep): Promise<Admission> {
  return withTenant(db, { id: attempt.tenantId }, (tx) => admitWithin(tx, attempt, policy, onClaim));
}

/**
 * `admit` in a transaction the caller holds (`idempotent`'s `claimInHandler`: the claim and the handler's work
 * in one unit). A claim made here lasts only if that transaction commits; meanwhile a duplicate's claim waits
 * on the row (PostgreSQL's unique index) until it commits (then a replay) or rolls back (then it runs).
 */
export async function admitWithin(tx: TenantTx, attempt: Attempt, policy: IdempotencyPolicy = DEFAULT_POLICY, onClaim?: ((tx: TenantTx) => Promise<void>) | ClaimStep): Promise<Admission> {
  // A step is done in the claim's own statement (one round trip for both); a function after it.
  const step = typeof onClaim === 'object' ? onClaim : undefined;
  const check = typeof onClaim === 'function' ? onClaim : undefined;
  const claim = {
    requestHash: attempt.requestHash,
    claimedAt: attempt.now,
    lockedUntil: new Date(attempt.now.getTime() + policy.leaseMs),
    expiresAt: new Date(attempt.now.getTime() + policy.ttlMs),
  };
  const run: Admission = { kind: 'run', claimedAt: attempt.now };
  // What must hold before the request runs (its submission limit) is checked in the claim's
  // transaction: refused, it throws and nothing is claimed.
  // A step's rows come from the claim's statement when it inserted the key, else from a statement of its own.
  const claimed = async (stepRows?: Record<string, unknown>[]): Promise<Admission> => {
    if (step) await step.settle(tx, stepRows ?? (await runClaimStep(tx, step)));
    else await check?.(tx);
    return run;
  };
  for (let tries = 0; tries < 3; tries++) {
    const inserted = await insertClaim(tx, attempt, claim, step);
    if (inserted.claimed) return claimed(inserted.rows);
    const now = attempt.now.getTime();
    // The row the claim's statement saw, when it settles the matter: an answer to replay, or another body,
    // neither of which changes until the key expires. Else the row, locked.
    const seen = inserted.seen;
    if (seen && seen.expires_at.getTime() > now) {
      if (seen.request_hash !== attempt.requestHash) throw keyReused();
      const answer = answerOf(seen);
      if (answer) return { kind: 'replay', response: answer };
    }
    const row = await lockKey(tx, attempt);
    if (!row) continue; // purged in between: claim again
    if (row.expires_at.getTime() <= now) {
      await replaceWithClaim(tx, attempt, claim);
      return claimed();
    }
    if (row.request_hash !== attempt.requestHash) throw keyReused();
    const answer = answerOf(row);
    if (answer) return { kind: 'replay', response: answer };
    if (row.locked_until && row.locked_until.getTime() <= now) {
      await replaceWithClaim(tx, attempt, claim);
      return claimed();
    }
    return { kind: 'in_flight' };
  }
  throw new Error('idempotency key could not be claimed');
}

/** The key's stored answer, if any, read without claiming anything (a duplicate waiting for it). */
export async function storedAnswer(db: Database, id: KeyId): Promise<StoredResponse | 'in_flight' | null> {
  return withTenant(db, { id: id.tenantId }, async (tx) => {
    const row = await findKey(tx, id);
    if (!row) return null;
    return answerOf(row) ?? 'in_flight';
  });
}

/** The answer a key's row stores, once its request is done; null while it runs. */
function answerOf(row: Pick<SeenKey, 'state' | 'response_status' | 'response_content_type' | 'response_body'>): StoredResponse | null {
  if (row.state !== 'done' || row.response_status === null) return null;
  return { status: row.response_status, contentType: row.response_content_type, body: row.response_body ?? new Uint8Array() };
}

function keyReused(): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request; use a new key');
}

/**
 * Thrown by `PendingKey.claimIn` when the key is not this request's: its answer is to be replayed, or
 * another request holds it. It rolls the handler's transaction back; the handler answers with `taken.answer()`.
 */
export class KeyTaken extends Error {
  readonly admission: Exclude<Admission, { kind: 'run' }>;
  constructor(admission: Exclude<Admission, { kind: 'run' }>) {
    super(`idempotency key taken (${admission.kind})`);
    this.admission = admission;
  }
}

/**
 * A running request's hold on its key (`c.var.heldKey`, set by the `idempotent` middleware). A handler that
 * writes in one transaction stores its answer there with `answerWithin`: the answer then commits with what
 * the request did, or not at all, and no retry can run it twice even if the process dies right after.
 */
export interface HeldKey {
  readonly id: KeyId;
  readonly claimedAt: Date;
  /**
   * The answer was written in the handler's transaction. It counts only if the handler then succeeds (its
   * transaction committed); after a failure the key is released as usual, and releasing leaves an answer
   * that did commit in place.
   */
  answered: boolean;
  /**
   * With `idempotent`'s `claimInHandler`: the key is not claimed yet; the handler claims it as the first thing
   * of its own transaction (with the route's claim step), so that the claim, the work and the answer commit
   * together or not at all. Throws `KeyTaken` (replay, or held by another request) or a refusal (the key
   * reused with another body, the submission limit).
   */
  claimIn?: (tx: TenantTx) => Promise<void>;
  /** The answer to give when `claimIn` threw `KeyTaken`: the stored one, or `409` once waiting is over. */
  answerTaken?: (taken: KeyTaken) => Promise<Response>;
}

/** The answer `c.json(body, status)` gives, as stored for replay: the same bytes and media type. */
export function jsonAnswer(status: number, body: unknown): StoredResponse {
  return { status, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(body)) };
}

/** Stores the answer to replay in the handler's own transaction (see `HeldKey`). */
export async function answerWithin(tx: TenantTx, held: HeldKey, response: StoredResponse): Promise<void> {
  if (await completeClaim(tx, held.id, held.claimedAt, response)) held.answered = true;
}

/**
 * The answer stored by the handler's own statement, as a part of it (a CTE), when that statement makes the
 * answer's bytes (a complaint's tracking number): `answerWithin` without its round trip. The answer is JSON
 * text whose one slot (`ANSWER_SLOT`, a string value) the statement fills with an SQL expression of text that
 * needs no escaping in JSON; the handler checks, before it commits, that the bytes are those it will answer.
 */
export interface AnswerPart {
  /** The part: stores `json` with its slot filled by `value`; returns a row when stored. */
  statement(qc: QueryCreator<DB>, value: RawBuilder<string>): ReturnType<typeof completeClaimPart>;
  /** The bytes stored when the slot holds `value`, as `jsonAnswer` makes them. */
  bytesWith(value: string): string;
  /** Tells whether the part stored the answer (it returned a row), as `answerWithin` does. */
  settle(stored: boolean): void;
}

/** The slot of `answerPart`'s JSON: a string no answer holds (`"\u0000"` once written as JSON). */
export const ANSWER_SLOT = '\u0000';

export function answerPart(held: HeldKey, status: number, json: string): AnswerPart {
  const quotedSlot = JSON.stringify(ANSWER_SLOT);
  const at = json.indexOf(quotedSlot);
  if (at === -1 || json.indexOf(quotedSlot, at + 1) !== -1) throw new Error('an answer part needs its slot exactly once');
  const before = `${json.slice(0, at)}"`;
  const after = `"${json.slice(at + quotedSlot.length)}`;
  return {
    statement: (qc, value) =>
      completeClaimPart(qc, held.id, held.claimedAt, { status, contentType: 'application/json', body: sql<Uint8Array>`convert_to(${before}::text || ${value} || ${after}::text, 'UTF8')` }),
    bytesWith: (value) => `${before}${value}${after}`,
    settle: (stored) => {
      if (stored) held.answered = true;
    },
  };
}

/** Stores the answer to replay. False when the claim had been taken over meanwhile (nothing stored). */
export async function complete(db: Database, id: KeyId, claimedAt: Date, response: StoredResponse): Promise<boolean> {
  return withTenant(db, { id: id.tenantId }, (tx) => completeClaim(tx, id, claimedAt, response));
}

/** Gives the key back after a failure, so that a retry runs the request again. */
export async function release(db: Database, id: KeyId, claimedAt: Date): Promise<void> {
  await withTenant(db, { id: id.tenantId }, (tx) => deleteClaim(tx, id, claimedAt));
}

/**
 * Deletes expired keys, tenant by tenant (each under its own context, as row-level security wants). For a
 * periodic job; expired keys are already ignored (and overwritten) by `admit`, so this only reclaims space.
 */
export async function purgeExpiredKeys(db: Database, now: Date): Promise<number> {
  const tenantIds = await withPlatform(db, (tx) => listTenantIds(tx));
  let deleted = 0;
  for (const id of tenantIds) deleted += await withTenant(db, { id }, (tx) => deleteExpiredKeys(tx, id, now));
  return deleted;
}
