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
const DAY = 24 * 60 * MINUTE;
/** After a day without a lock, the next one starts from `lockBaseMs` again. */
const LOCKOUT_MEMORY_MS = DAY;

/** 5 failures per 15 minutes for one account from one address: a guesser there is stopped first. */
export const PAIR_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: DAY };
/** 20 per 15 minutes per client address, whatever the accounts: a town hall's staff may share one. */
export const IP_RULE: ThrottleRule = { limit: 20, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: DAY };
/**
 * 10 per 15 minutes for one account from every client it does not trust, together: guessing spread over
 * many addresses. Reaching it locks out new devices only; the owner's trusted browser is not held back.
 */
export const ACCOUNT_RULE: ThrottleRule = { limit: 10, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: DAY };
/** 5 per 15 minutes for one account from one trusted client (a device it signed in from, a signed-in session). */
export const DEVICE_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockBaseMs: 15 * MINUTE, lockMaxMs: DAY };

export type ThrottleState = Pick<ThrottleRow, 'failures' | 'window_started_at' | 'lockouts' | 'locked_until'>;
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: ThrottleScope };

/**
 * Counts one attempt before it is checked (so concurrent guesses are all counted), or refuses it:
 * while locked; or when the window already holds `limit` failures, which starts a lock of
 * `lockBaseMs × 2^lockouts`. A success undoes the count (`afterSuccess`).
 *
 * @example admitAttempt({ failures: 5, window_started_at: now, lockouts: 0, locked_until: null }, now, PAIR_RULE)
 *   // → { verdict: { allowed: false, retryAfterSeconds: 900 }, state: { …, lockouts: 1 } }
 */
export function admitAttempt(state: ThrottleState, now: Date, rule: ThrottleRule): { verdict: { allowed: true } | { allowed: false; retryAfterSeconds: number }; state: ThrottleState } {
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

/**
 * A success: the account (from there) starts afresh; a shared address only gets back the attempts the
 * sign-in took (two with a second factor: the password and the code).
 */
export function afterSuccess(state: ThrottleState, scope: ThrottleScope, attempts = 1): ThrottleState {
  return scope === 'ip' ? { ...state, failures: Math.max(0, state.failures - attempts) } : { ...state, failures: 0, lockouts: 0, locked_until: null };
}

export interface AttemptKeys {
  /** The e-mail typed, normalised: unknown addresses are throttled exactly like known ones. */
  email: string;
  /** Null when the client address is unknown: the address counters are skipped then. */
  ip: string | null;
  /**
   * A client the account already trusts — `device:<hash>` (a browser that completed a sign-in of this
   * account here) or `session:<id>` (a signed-in session giving its password again) — or null. A
   * trusted client is held to its own counter only: nobody else's failures can lock it.
   */
  trusted: string | null;
}

/**
 * The counters an attempt is held to, always in this order (so that concurrent attempts lock rows in
 * one order). A trusted client: its own. Anyone else: the account from this address, the address, and
 * the account from every untrusted client together.
 */
function countersOf(keys: AttemptKeys): { scope: ThrottleScope; key: string; rule: ThrottleRule }[] {
  if (keys.trusted) return [{ scope: 'device', key: `${keys.email} ${keys.trusted}`, rule: DEVICE_RULE }];
  return [
    ...(keys.ip
      ? [
          { scope: 'account_ip' as const, key: `${keys.email} ${keys.ip}`, rule: PAIR_RULE },
          { scope: 'ip' as const, key: keys.ip, rule: IP_RULE },
        ]
      : []),
    { scope: 'account' as const, key: keys.email, rule: ACCOUNT_RULE },
  ];
}

/**
 * Admits a sign-in attempt (password, TOTP or recovery code) under every counter it is held to, or
 * refuses it with the longest wait, naming the counter (`account`: new devices are locked out of this
 * account, the owner's trusted browser is not). A refused attempt counts against none.
 */
export async function admitSignInAttempt(tx: AnyTx, keys: AttemptKeys, now: Date): Promise<Verdict> {
  const outcomes = [];
  for (const k of countersOf(keys)) {
    const row = await lockThrottle(tx, k.scope, k.key, now);
    outcomes.push({ row, scope: k.scope, ...admitAttempt(row, now, k.rule) });
  }
  const refused = outcomes.filter((o) => !o.verdict.allowed);
  if (refused.length === 0) {
    for (const o of outcomes) await saveThrottle(tx, { ...o.row, ...o.state });
    return { allowed: true };
  }
  // Only a lock that has just started is written; the other counters keep their attempt.
  for (const o of refused) if (o.state !== o.row) await saveThrottle(tx, { ...o.row, ...o.state });
  const wait = (o: (typeof refused)[number]) => (o.verdict.allowed ? 0 : o.verdict.retryAfterSeconds);
  const longest = refused.reduce((a, b) => (wait(b) > wait(a) ? b : a));
  // The account-wide lock is named whenever it holds: it is the one the user can do something about.
  const scope = refused.some((o) => o.scope === 'account') ? 'account' : longest.scope;
  return { allowed: false, retryAfterSeconds: wait(longest), scope };
}

/**
 * A completed sign-in (or password re-check) undoes the counts of its attempts. Not to be called when
 * the password was right but a second factor is still owed: otherwise whoever knows the password could
 * clear the counters before each guess of a code.
 */
export async function recordSignInSuccess(tx: AnyTx, keys: AttemptKeys, now: Date, attempts = 1): Promise<void> {
  for (const k of countersOf(keys)) {
    const row = await lockThrottle(tx, k.scope, k.key, now);
    await saveThrottle(tx, { ...row, ...afterSuccess(row, k.scope, attempts) });
  }
}

/** A password reset proves the owner: new devices may try again (until a stranger locks them out again). */
export async function clearAccountThrottle(tx: AnyTx, email: string, now: Date): Promise<void> {
  const row = await lockThrottle(tx, 'account', email, now);
  await saveThrottle(tx, { ...row, failures: 0, lockouts: 0, locked_until: null });
}
