import { lockThrottle, saveThrottle, type ThrottleRow, type ThrottleScope } from './throttle.repository.ts';
import type { AnyTx } from '../tenancy/unit-of-work.ts';

export interface ThrottleRule {
  /** Failures allowed within a window; the next attempt locks. */
  limit: number;
  windowMs: number;
  /** The first lock; each further lock doubles it, up to `lockMaxMs`. */
  lockBaseMs: number;
  lockMaxMs: number;
}

const MINUTE = 60_000;
/** After a day without a lock, the next one starts from `lockBaseMs` again. */
const LOCKOUT_MEMORY_MS = 24 * 60 * MINUTE;

/** 5 failures per 15 minutes per account (by the e-mail typed, known or not). */
export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: 24 * 60 * MINUTE };
/** 20 per 15 minutes per client address: a town hall's staff may share one. */
export const IP_RULE: ThrottleRule = { limit: 20, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: 24 * 60 * MINUTE };

export type ThrottleState = Pick<ThrottleRow, 'failures' | 'window_started_at' | 'lockouts' | 'locked_until'>;
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt before it is checked (so concurrent guesses are all counted), or refuses it:
 * while locked; or when the window already holds `limit` failures, which starts a lock of
 * `lockBaseMs × 2^lockouts`. A success undoes the count (`afterSuccess`).
 *
 * @example admitAttempt({ failures: 5, window_started_at: now, lockouts: 0, locked_until: null }, now, ACCOUNT_RULE)
 *   // → { verdict: { allowed: false, retryAfterSeconds: 900 }, state: { …, lockouts: 1 } }
 */
export function admitAttempt(state: ThrottleState, now: Date, rule: ThrottleRule): { verdict: Verdict; state: ThrottleState } {
  const t = now.getTime();
  if (state.locked_until && t < state.locked_until.getTime()) {
    return { verdict: { allowed: false, retryAfterSeconds: Math.ceil((state.locked_until.getTime() - t) / 1000) }, state };
  }
  let next: ThrottleState = { ...state, locked_until: null };
  if (state.locked_until || t - next.window_started_at.getTime() >= rule.windowMs) {
    const idle = t - next.window_started_at.getTime();
    next = { failures: 0, window_started_at: now, lockouts: idle >= LOCKOUT_MEMORY_MS ? 0 : next.lockouts, locked_until: null };
  }
  if (next.failures >= rule.limit) {
    const duration = Math.min(rule.lockBaseMs * 2 ** next.lockouts, rule.lockMaxMs);
    const lockedUntil = new Date(t + duration);
    return {
      verdict: { allowed: false, retryAfterSeconds: Math.ceil(duration / 1000) },
      state: { failures: 0, window_started_at: now, lockouts: next.lockouts + 1, locked_until: lockedUntil },
    };
  }
  return { verdict: { allowed: true }, state: { ...next, failures: next.failures + 1 } };
}

/** A success: the account starts afresh; a shared address only gets its attempt back. */
export function afterSuccess(state: ThrottleState, scope: ThrottleScope): ThrottleState {
  return scope === 'account' ? { ...state, failures: 0, lockouts: 0, locked_until: null } : { ...state, failures: Math.max(0, state.failures - 1) };
}

export interface AttemptKeys {
  /** The e-mail typed, normalised: unknown addresses are throttled exactly like known ones. */
  email: string;
  /** Null when the client address is unknown: only the account is throttled then. */
  ip: string | null;
}

function keysOf(keys: AttemptKeys): { scope: ThrottleScope; key: string; rule: ThrottleRule }[] {
  return [
    { scope: 'account' as const, key: keys.email, rule: ACCOUNT_RULE },
    ...(keys.ip ? [{ scope: 'ip' as const, key: keys.ip, rule: IP_RULE }] : []),
  ];
}

/**
 * Admits a sign-in attempt (password, TOTP or recovery code) under both counters, or refuses it with
 * the longer wait. A refused attempt counts against neither.
 */
export async function admitSignInAttempt(tx: AnyTx, keys: AttemptKeys, now: Date): Promise<Verdict> {
  const outcomes = [];
  for (const k of keysOf(keys)) {
    const row = await lockThrottle(tx, k.scope, k.key, now);
    outcomes.push({ row, ...admitAttempt(row, now, k.rule) });
  }
  const refused = outcomes.filter((o) => !o.verdict.allowed);
  if (refused.length === 0) {
    for (const o of outcomes) await saveThrottle(tx, { ...o.row, ...o.state });
    return { allowed: true };
  }
  // Only a lock that has just started is written; the other counter keeps its attempt.
  for (const o of refused) if (o.state !== o.row) await saveThrottle(tx, { ...o.row, ...o.state });
  const wait = Math.max(...refused.map((o) => (o.verdict.allowed ? 0 : o.verdict.retryAfterSeconds)));
  return { allowed: false, retryAfterSeconds: wait };
}

export async function recordSignInSuccess(tx: AnyTx, keys: AttemptKeys, now: Date): Promise<void> {
  for (const k of keysOf(keys)) {
    const row = await lockThrottle(tx, k.scope, k.key, now);
    await saveThrottle(tx, { ...row, ...afterSuccess(row, k.scope) });
  }
}

/** A password reset proves the owner: their account is unlocked. */
export async function clearAccountThrottle(tx: AnyTx, email: string, now: Date): Promise<void> {
  const row = await lockThrottle(tx, 'account', email, now);
  await saveThrottle(tx, { ...row, failures: 0, lockouts: 0, locked_until: null });
}
