/**
 * Throttling of anonymous submissions (complaints, Open311 requests, …) with token buckets kept in the
 * database, so that every replica shares them: one bucket per tenant and operation (a flood from many
 * addresses cannot bury a commune's staff queue) and one per client address and operation. A submission
 * takes a token from each; when one is empty it is refused with the wait until that bucket has a token
 * again, and takes nothing from the others.
 *
 * Addresses: IPv6 clients are grouped by /64 (one subscriber gets a whole /64), IPv4-mapped IPv6 is read
 * as IPv4, and the bucket stores a hash of the address salted with the tenant id, never the address itself
 * (law 09.08: personal data not needed in clear). Many Moroccan mobile subscribers share an IPv4 address
 * behind carrier NAT: the per-address rule is sized for a few residents, not one.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Database } from '../db/database.ts';
import { listTenantIds } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { AppError } from '../shared/errors.ts';
import { deleteIdleBuckets, findBuckets, takeFromBuckets, type BucketTake } from './throttling.repository.ts';

export interface BucketRule {
  /** Tokens when full: the burst allowed. */
  capacity: number;
  /** Tokens added per hour: the sustained rate. */
  refillPerHour: number;
}

/** Per client address: a burst of 10, then 20 an hour (one every 3 minutes). */
export const PER_ADDRESS: BucketRule = { capacity: 10, refillPerHour: 20 };
/** Per tenant: a burst of 200, then 200 an hour. */
export const PER_TENANT: BucketRule = { capacity: 200, refillPerHour: 200 };

export interface BucketState {
  tokens: number;
  updatedAt: Date;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const HOUR_MS = 3_600_000;

/**
 * Refills the bucket for the time elapsed (never above capacity), then takes one token or tells how long
 * until one is there.
 *
 * @example takeToken({ tokens: 0.5, updatedAt: now }, now, { capacity: 10, refillPerHour: 20 })
 *   // → { verdict: { allowed: false, retryAfterSeconds: 90 }, state: { tokens: 0.5, updatedAt: now } }
 */
export function takeToken(state: BucketState, now: Date, rule: BucketRule): { verdict: Verdict; state: BucketState } {
  const elapsed = Math.max(0, now.getTime() - state.updatedAt.getTime());
  const tokens = Math.min(rule.capacity, state.tokens + (elapsed / HOUR_MS) * rule.refillPerHour);
  if (tokens >= 1) return { verdict: { allowed: true }, state: { tokens: tokens - 1, updatedAt: now } };
  const retryAfterSeconds = Math.max(1, Math.ceil(((1 - tokens) / rule.refillPerHour) * 3600));
  return { verdict: { allowed: false, retryAfterSeconds }, state: { tokens, updatedAt: now } };
}

function expandIpv6(address: string): number[] | null {
  const [head = '', tail, ...rest] = address.split('::');
  if (rest.length > 0) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  let left = part(head);
  let right = tail === undefined ? [] : part(tail);
  // An embedded IPv4 in the last group (::ffff:1.2.3.4) counts as two groups.
  const convert = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const o = g.split('.').map(Number);
      return [(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16), (((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)];
    });
  left = convert(left);
  right = convert(right);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...left, ...Array(missing).fill('0'), ...right].map((g) => parseInt(g, 16));
}

/**
 * The part of a client address that identifies a subscriber: an IPv4 address, or the /64 of an IPv6 one.
 * Null when unknown or unreadable.
 *
 * @example subscriberOf('2001:db8:1:2:aaaa::1') // → '2001:db8:1:2::/64'
 */
export function subscriberOf(address: string | null): string | null {
  if (!address) return null;
  const bare = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(bare) === 4) return bare;
  if (isIP(bare) !== 6) return null;
  const groups = expandIpv6(bare.toLowerCase());
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] ?? 0, groups[7] ?? 0].flatMap((g) => [g >> 8, g & 0xff]).join('.');
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

export interface SubmissionAttempt {
  tenantId: string;
  /** What is submitted: `complaints.create`, `open311.requests.create`. */
  operation: string;
  /** The client address (null when unknown: only the tenant's bucket applies). */
  address: string | null;
  now: Date;
}

export interface SubmissionRules {
  perAddress: BucketRule;
  perTenant: BucketRule;
}

const OPERATION = /^[a-z][a-z0-9_.-]{0,59}$/;

function bucketsOf(attempt: SubmissionAttempt, rules: SubmissionRules): { bucket: string; rule: BucketRule }[] {
  if (!OPERATION.test(attempt.operation)) throw new RangeError(`throttled operation '${attempt.operation}' is not a valid name`);
  const subscriber = subscriberOf(attempt.address);
  const hashed = subscriber && createHash('sha256').update(`${attempt.tenantId}|${subscriber}`).digest('hex').slice(0, 40);
  // Always in this order (tenant, then address), so that concurrent submissions lock alike and never deadlock.
  return [
    { bucket: `${attempt.operation}|tenant`, rule: rules.perTenant },
    ...(hashed ? [{ bucket: `${attempt.operation}|address|${hashed}`, rule: rules.perAddress }] : []),
  ];
}

/** Takes a token from each of the submission's buckets, or refuses with the longest wait and takes none. */
export async function admitSubmission(db: Database, attempt: SubmissionAttempt, rules: SubmissionRules = { perAddress: PER_ADDRESS, perTenant: PER_TENANT }): Promise<Verdict> {
  try {
    return await withTenant(db, { id: attempt.tenantId }, (tx) => takeTokens(tx, attempt, rules));
  } catch (err) {
    // The refusal rolled the transaction back: nothing was taken.
    if (err instanceof AppError && err.code === 'TOO_MANY_SUBMISSIONS') return { allowed: false, retryAfterSeconds: (err.details as { retryAfterSeconds: number }).retryAfterSeconds };
    throw err;
  }
}

/**
 * `admitSubmission` inside a transaction of the caller's (the tenant's), in one round trip when allowed (two
 * when refused): the buckets stay locked until it ends. A refusal throws `429 TOO_MANY_SUBMISSIONS` (with
 * `retryAfterSeconds`, the longest wait), which rolls the transaction back: the tokens it took from the other
 * buckets go back with it.
 */
export async function takeTokens(tx: TenantTx, attempt: SubmissionAttempt, rules: SubmissionRules): Promise<{ allowed: true }> {
  const plan = tokensToTake(attempt, rules);
  await refuseUnlessTaken(tx, plan, await takeFromBuckets(tx, plan.takes, attempt.now));
  return { allowed: true };
}

/** What `takeTokens` takes: for `takeFromBuckets`, or its statement inside another (`takeFromBucketsStatement`). */
export interface TokenPlan {
  takes: BucketTake[];
  now: Date;
}

export function tokensToTake(attempt: SubmissionAttempt, rules: SubmissionRules): TokenPlan {
  const buckets = bucketsOf(attempt, rules);
  return { takes: buckets.map(({ bucket, rule }) => ({ bucket, ...rule })), now: attempt.now };
}

/** After the buckets were taken from: throws `429` with the longest wait unless every one gave a token. */
export async function refuseUnlessTaken(tx: TenantTx, plan: TokenPlan, taken: ReadonlySet<string>): Promise<void> {
  const empty = plan.takes.filter(({ bucket }) => !taken.has(bucket));
  if (empty.length === 0) return;
  // The wait until each empty bucket has a token, as `takeToken` tells it from the row as it stands.
  const rows = new Map((await findBuckets(tx, empty.map((b) => b.bucket))).map((r) => [r.bucket, r]));
  const waits = empty.map(({ bucket, ...rule }) => {
    const row = rows.get(bucket);
    if (!row) throw new Error(`submission bucket ${bucket} was not locked`);
    const { verdict } = takeToken({ tokens: row.tokens, updatedAt: row.updated_at }, plan.now, rule);
    return verdict.allowed ? 1 : verdict.retryAfterSeconds;
  });
  throw new AppError('TOO_MANY_SUBMISSIONS', 'too many submissions; retry later', { retryAfterSeconds: Math.max(...waits) });
}

/**
 * Deletes buckets idle for `idleMs` (default a day), tenant by tenant. A deleted bucket starts full, so this
 * loses nothing as long as every rule refills completely within `idleMs`.
 */
export async function purgeIdleBuckets(db: Database, now: Date, idleMs = 24 * HOUR_MS): Promise<number> {
  const before = new Date(now.getTime() - idleMs);
  const tenantIds = await withPlatform(db, (tx) => listTenantIds(tx));
  let deleted = 0;
  for (const id of tenantIds) deleted += await withTenant(db, { id }, (tx) => deleteIdleBuckets(tx, before));
  return deleted;
}
