import type { TenantRow } from '../db/schema.ts';
import type { AppDeps } from '../app-deps.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import { AppError } from '../shared/errors.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import type { Me } from './accounts.schemas.ts';
import { findMembership } from './memberships.repository.ts';
import { assertPasswordAcceptable, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { deleteSession, deleteUserSessions } from '../sessions/sessions.repository.ts';
import { createSession, invalidateSession, type NewSession, type StaffPrincipal } from '../sessions/sessions.service.ts';
import {
  claimPasswordReset,
  claimTotpStep,
  countRecentPasswordResets,
  countUnusedRecoveryCodes,
  enableTotp,
  expirePasswordResets,
  findStaffUserByEmail,
  findStaffUserById,
  findUsablePasswordReset,
  hasPlatformRole,
  insertPasswordReset,
  replaceRecoveryCodes,
  setPendingTotpSecret,
  updateStaffPassword,
  useRecoveryCode,
} from './staff.repository.ts';
import { trustDevice, trustedDeviceKey, type DeviceCookie } from './devices.service.ts';
import { admitSignInAttempt, clearAccountThrottle, recordSignInSuccess, type AttemptKeys, type Verdict } from './throttle.service.ts';
import { generateToken, hashToken, TOKEN_PATTERN } from '../sessions/tokens.ts';
import {
  encodeTotpSecret,
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  matchTotpStep,
  totpKeyUri,
} from './totp.ts';

export type AccountsDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>;

const HOUR = 60 * 60 * 1000;
export const RESET_LINK_MINUTES = 60;
/** Reset mails per account per hour, beyond which requests are silently dropped (no mailbox flooding). */
const RESETS_PER_HOUR = 3;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The refusal of a throttled attempt, with the seconds to wait (sent as `Retry-After`):
 * NEW_DEVICES_LOCKED when the account is locked for clients it does not know (sign in from a device used
 * before, or reset the password), else TOO_MANY_ATTEMPTS (from here: wait).
 */
export function tooManyAttempts(verdict: Verdict): AppError {
  const retryAfterSeconds = verdict.allowed ? 60 : verdict.retryAfterSeconds;
  if (!verdict.allowed && verdict.scope === 'account') {
    return new AppError('NEW_DEVICES_LOCKED', `too many failures on this account from new devices; try again in ${retryAfterSeconds} s, from a known device, or after a password reset`, {
      retryAfterSeconds,
    });
  }
  return new AppError('TOO_MANY_ATTEMPTS', `too many attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** Whether an account may sign in on `tenant`: an enabled membership there, or the operator role on the platform host. */
export async function hasAccess(tx: TenantTx, tenant: TenantRow, userId: string): Promise<boolean> {
  if (tenant.kind === 'platform') return hasPlatformRole(tx, userId, 'operator');
  const membership = await findMembership(tx, userId);
  return membership !== undefined && membership.disabled_at === null;
}

export interface SignedIn extends NewSession {
  status: 'signed_in' | 'two_factor_required';
  /** The device cookie to set once the sign-in is complete (null while the second factor is owed). */
  device: DeviceCookie | null;
}

/**
 * Email and password. The answer for an unknown e-mail, a wrong password, a disabled account or an
 * account without rights on this tenant is the same INVALID_CREDENTIALS, after the same argon2 work.
 * With TOTP enabled the session opens unverified: it can only finish signing in.
 * Throttled (see `throttle.service.ts`): from a device that completed a sign-in of this account here
 * (`deviceToken`, the device cookie) only on that device's counter; otherwise per account and address,
 * per address, and per account from every unknown client (TOO_MANY_ATTEMPTS / NEW_DEVICES_LOCKED with
 * `retryAfterSeconds`). A completed sign-in answers the device cookie to set.
 */
export async function signIn(
  deps: AccountsDeps,
  tenant: TenantRow,
  input: { email: string; password: string },
  meta: RequestMeta,
  deviceToken?: string,
): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const now = deps.clock();
  const gate = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const keys = { email, ip: meta.ip, trusted: await trustedDeviceKey(tx, tenant.id, deviceToken, email, now) };
    const verdict = await admitSignInAttempt(tx, keys, now);
    if (!verdict.allowed) return { keys, verdict, user: undefined, access: false };
    const user = await findStaffUserByEmail(tx, email);
    return { keys, verdict, user, access: user ? await hasAccess(tx, tenant, user.id) : false };
  });
  const { keys } = gate;
  if (!gate.verdict.allowed) throw tooManyAttempts(gate.verdict);

  // Outside any transaction: argon2 takes tens of milliseconds and must not hold a connection.
  const user = gate.user;
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  const usable = user !== undefined && passwordOk && user.disabled_at === null && gate.access;

  const signedIn = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    if (!usable) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: null,
        action: 'auth.sign_in_failed',
        target: { type: 'email', id: email },
        after: { factor: 'password' },
        meta,
      });
      return null;
    }
    const twoFactor = user.totp_enabled_at !== null;
    // With a second factor owed, the counters stay as they are until the code is right.
    if (!twoFactor) await recordSignInSuccess(tx, keys, now);
    const session = await createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      generation: user.session_generation,
      twoFactorVerified: !twoFactor,
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
      now,
      policy: { days: deps.config.sessionDays },
    });
    if (twoFactor) return { ...session, status: 'two_factor_required' as const, device: null };
    await recordAudit(tx, { tenantId: tenant.id, at: now, actor: { id: user.id, email: user.email }, action: 'auth.signed_in', after: { method: 'password' }, meta });
    return { ...session, status: 'signed_in' as const, device: await trustDevice(tx, tenant.id, user.id, deviceToken, now) };
  });
  if (!signedIn) throw new AppError('INVALID_CREDENTIALS', 'the e-mail or the password is wrong');
  return signedIn;
}

type SecondFactor = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string };

/**
 * Completes a sign-in with a TOTP code (each time step once: a seen code cannot be replayed) or a
 * recovery code (each once). Throttled like passwords, on the same counters (the pending session is
 * no trusted client: whoever knows the password can open many). The session is rotated: the pending
 * one is deleted and a new token is answered, so a token seen before the second factor (on a shared
 * computer, in a log) is worth nothing after it. Answers the device cookie to set too.
 */
export async function verifySecondFactor(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  factor: SecondFactor,
  meta: RequestMeta,
  deviceToken?: string,
): Promise<NewSession & { device: DeviceCookie }> {
  const now = deps.clock();
  const actor = { id: principal.userId, email: principal.email };
  type Outcome = { verdict: Verdict; session: (NewSession & { device: DeviceCookie }) | null };
  const outcome = await withTenant(deps.db, { id: tenant.id }, async (tx): Promise<Outcome> => {
    const keys = { email: principal.email, ip: meta.ip, trusted: await trustedDeviceKey(tx, tenant.id, deviceToken, principal.email, now) };
    const verdict = await admitSignInAttempt(tx, keys, now);
    if (!verdict.allowed) return { verdict, session: null };
    const user = await findStaffUserById(tx, principal.userId);
    let ok = false;
    if (user?.totp_secret && user.totp_enabled_at) {
      if (factor.kind === 'totp') {
        const lastStep = user.totp_last_step === null ? null : BigInt(user.totp_last_step);
        const step = matchTotpStep(user.totp_secret, factor.code, now, lastStep);
        ok = step !== null && (await claimTotpStep(tx, user.id, step));
      } else {
        ok = await useRecoveryCode(tx, user.id, hashRecoveryCode(factor.code), now);
      }
    }
    if (!user || !ok) {
      await recordAudit(tx, { tenantId: tenant.id, at: now, actor, action: 'auth.sign_in_failed', target: { type: 'email', id: principal.email }, after: { factor: factor.kind }, meta });
      return { verdict, session: null };
    }
    // Both attempts of this sign-in (the password and the code) are given back.
    await recordSignInSuccess(tx, keys, now, 2);
    await deleteSession(tx, principal.sessionId);
    const session = await createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      generation: user.session_generation,
      twoFactorVerified: true,
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
      now,
      policy: { days: deps.config.sessionDays },
    });
    if (factor.kind === 'recovery_code') {
      await recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor,
        action: 'auth.recovery_code_used',
        after: { remaining: await countUnusedRecoveryCodes(tx, principal.userId) },
        meta,
      });
    }
    await recordAudit(tx, { tenantId: tenant.id, at: now, actor, action: 'auth.signed_in', after: { method: factor.kind }, meta });
    return { verdict, session: { ...session, device: await trustDevice(tx, tenant.id, user.id, deviceToken, now) } };
  });
  if (!outcome.verdict.allowed) throw tooManyAttempts(outcome.verdict);
  if (!outcome.session) throw new AppError('INVALID_CODE', 'the code is wrong or was already used', [{ path: 'code', code: 'invalid_code' }]);
  return outcome.session;
}

/** Ends the session of `token` on this tenant, if there is one: signing out always succeeds. */
export async function signOut(deps: AccountsDeps, tenant: TenantRow, token: string | undefined): Promise<void> {
  if (token && TOKEN_PATTERN.test(token)) await invalidateSession(deps.db, tenant.id, hashToken(token));
}

export function toMe(p: StaffPrincipal): Me {
  return {
    user: { id: p.userId, email: p.email, displayName: p.displayName, twoFactorEnabled: p.twoFactorEnabled, twoFactorEnrolmentRequired: p.twoFactorEnrolmentRequired },
    tenantId: p.tenantId,
    role: p.role,
    department: p.department,
    operator: p.operator,
    twoFactorPending: !p.twoFactorVerified,
    expiresAt: p.expiresAt.toISOString(),
  };
}

/**
 * Mails a reset link when the address has an account with rights on this tenant; otherwise does
 * nothing. Either way the caller answers 202 at once, telling nothing about the account. The mail is
 * queued in the transaction that stores the link (see `queueMail`: only its recipient can read it), on
 * the tenant's canonical origin, never the request's Host.
 */
export async function requestPasswordReset(deps: AccountsDeps, tenant: TenantRow, input: { email: string }, meta: RequestMeta): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = deps.clock();
  const token = generateToken();
  const queued = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const user = await findStaffUserByEmail(tx, email);
    if (!user || user.disabled_at !== null || !(await hasAccess(tx, tenant, user.id))) return null;
    if ((await countRecentPasswordResets(tx, user.id, new Date(now.getTime() - HOUR))) >= RESETS_PER_HOUR) return null;
    await insertPasswordReset(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000), at: now });
    await recordAudit(tx, { tenantId: tenant.id, at: now, actor: null, action: 'auth.password_reset_requested', target: { type: 'staff', id: user.id, label: user.email }, meta });
    // The console is `/<locale>/admin` on every host: the operator's is on the platform host.
    return queueMail(
      tx,
      deps,
      tenant,
      { to: user.email, template: { kind: 'password_reset', email: user.email, minutes: RESET_LINK_MINUTES }, path: `/admin/password-reset/${token}` },
      now,
    );
  });
  if (queued) deps.mailer.committed([queued]);
}

/**
 * Sets a new password from a reset link (single use, one hour), ends every session of the account,
 * voids its other links and lifts the lock on new devices. Does not sign in: the second factor still
 * applies. The link proved the mailbox: this browser becomes a trusted device of the account (answered
 * as the device cookie to set), so a stranger who keeps failing cannot lock the owner out again.
 */
export async function resetPassword(
  deps: AccountsDeps,
  tenant: TenantRow,
  input: { token: string; password: string },
  meta: RequestMeta,
  deviceToken?: string,
): Promise<{ device: DeviceCookie }> {
  const now = deps.clock();
  const tokenHash = hashToken(input.token);
  const pending = await withTenant(deps.db, { id: tenant.id }, (tx) => findUsablePasswordReset(tx, tokenHash, now));
  if (!pending) throw new AppError('RESET_LINK_INVALID', 'this reset link was used, has expired or does not exist');
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const userId = await claimPasswordReset(tx, tokenHash, now);
    const user = userId ? await findStaffUserById(tx, userId) : undefined;
    if (!user) throw new AppError('RESET_LINK_INVALID', 'this reset link was used, has expired or does not exist');
    await updateStaffPassword(tx, user.id, passwordHash, now);
    await expirePasswordResets(tx, user.id, now);
    await deleteUserSessions(tx, user.id);
    await clearAccountThrottle(tx, user.email, now);
    await recordAudit(tx, { tenantId: tenant.id, at: now, actor: { id: user.id, email: user.email }, action: 'auth.password_reset', target: { type: 'staff', id: user.id, label: user.email }, meta });
    return { device: await trustDevice(tx, tenant.id, user.id, deviceToken, now) };
  });
}

/**
 * A signed-in change of password: every session of the account ends (everywhere), and this device gets
 * a new one, already past the second factor.
 */
export async function changePassword(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<NewSession> {
  // The new password is checked first: a refused one must not count as a failed attempt.
  assertPasswordAcceptable(input.newPassword, 'newPassword');
  const { now, keys } = await reconfirmPassword(deps, tenant, principal, input.currentPassword, 'currentPassword', meta);
  const passwordHash = await hashPassword(input.newPassword);
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    await recordSignInSuccess(tx, keys, now);
    const generation = await updateStaffPassword(tx, principal.userId, passwordHash, now);
    await expirePasswordResets(tx, principal.userId, now);
    await deleteUserSessions(tx, principal.userId);
    const session = await createSession(tx, {
      tenantId: tenant.id,
      userId: principal.userId,
      generation,
      twoFactorVerified: true,
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
      now,
      policy: { days: deps.config.sessionDays },
    });
    const actor = { id: principal.userId, email: principal.email };
    await recordAudit(tx, { tenantId: tenant.id, at: now, actor, action: 'auth.password_changed', target: { type: 'staff', id: principal.userId, label: principal.email }, meta });
    return session;
  });
}

/** Starts TOTP enrolment: a new secret, to be confirmed with a code before it counts. */
export async function beginTotpEnrollment(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal): Promise<{ secret: string; uri: string }> {
  const secret = generateTotpSecret();
  await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const user = await findStaffUserById(tx, principal.userId);
    if (user?.totp_enabled_at) throw new AppError('TOTP_ALREADY_ENABLED', 'two-factor sign-in is already enabled');
    await setPendingTotpSecret(tx, principal.userId, secret);
  });
  return { secret: encodeTotpSecret(secret), uri: totpKeyUri(principal.email, secret) };
}

/** Confirms enrolment with a first code; answers the ten recovery codes, shown this once. */
export async function confirmTotpEnrollment(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal, code: string, meta: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  const now = deps.clock();
  const keys = sessionKeys(principal, meta);
  const recoveryCodes = generateRecoveryCodes();
  const outcome = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const user = await findStaffUserById(tx, principal.userId);
    if (user?.totp_enabled_at) throw new AppError('TOTP_ALREADY_ENABLED', 'two-factor sign-in is already enabled');
    if (!user?.totp_secret) throw new AppError('TOTP_NOT_ENROLLED', 'start the enrolment first');
    const verdict = await admitSignInAttempt(tx, keys, now);
    if (!verdict.allowed) return { verdict, ok: false };
    const step = matchTotpStep(user.totp_secret, code, now, null);
    if (step === null || !(await claimTotpStep(tx, user.id, step))) return { verdict, ok: false };
    await recordSignInSuccess(tx, keys, now);
    await enableTotp(tx, user.id, now);
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode));
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: { id: user.id, email: user.email },
      action: 'auth.totp_enabled',
      target: { type: 'staff', id: user.id, label: user.email },
      meta,
    });
    return { verdict, ok: true };
  });
  if (!outcome.verdict.allowed) throw tooManyAttempts(outcome.verdict);
  if (!outcome.ok) throw new AppError('INVALID_CODE', 'the code is wrong', [{ path: 'code', code: 'invalid_code' }]);
  return { recoveryCodes };
}

/**
 * A signed-in session is a trusted client: its own counter only, so a stranger's failures elsewhere
 * never stop the owner from changing a password or renewing codes. (A stolen session still gets only
 * five guesses per quarter of an hour, and cannot open another without the password.)
 */
function sessionKeys(principal: StaffPrincipal, meta: RequestMeta): AttemptKeys {
  return { email: principal.email, ip: meta.ip, trusted: `session:${principal.sessionId}` };
}

/**
 * A signed-in staff member gives their password again before a sensitive change. Throttled like signing
 * in (TOO_MANY_ATTEMPTS); INVALID_CREDENTIALS naming `field` when wrong. The hash is checked outside any
 * transaction: argon2 must not hold a connection.
 */
async function reconfirmPassword(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  password: string,
  field: string,
  meta: RequestMeta,
): Promise<{ now: Date; keys: AttemptKeys }> {
  const now = deps.clock();
  const keys = sessionKeys(principal, meta);
  const gate = await withTenant(deps.db, { id: tenant.id }, async (tx) => ({
    verdict: await admitSignInAttempt(tx, keys, now),
    user: await findStaffUserById(tx, principal.userId),
  }));
  if (!gate.verdict.allowed) throw tooManyAttempts(gate.verdict);
  if (!gate.user || !(await verifyPassword(gate.user.password_hash, password))) {
    throw new AppError('INVALID_CREDENTIALS', 'the password given again is wrong', [{ path: field, code: 'invalid_credentials' }]);
  }
  return { now, keys };
}

/**
 * Ten new recovery codes for a signed-in account with TOTP, after its password is given again; the old
 * ones stop working at once. Answered this once. INVALID_CREDENTIALS for a wrong password (throttled
 * like signing in), TOTP_NOT_ENROLLED without a second factor.
 */
export async function regenerateRecoveryCodes(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  password: string,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const { now, keys } = await reconfirmPassword(deps, tenant, principal, password, 'password', meta);
  const recoveryCodes = generateRecoveryCodes();
  await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    await recordSignInSuccess(tx, keys, now);
    const user = await findStaffUserById(tx, principal.userId);
    if (!user?.totp_enabled_at) throw new AppError('TOTP_NOT_ENROLLED', 'recovery codes come with two-factor sign-in: enable it first');
    const previous = await countUnusedRecoveryCodes(tx, user.id);
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode));
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: { id: user.id, email: user.email },
      action: 'auth.recovery_codes_regenerated',
      target: { type: 'staff', id: user.id, label: user.email },
      before: { unused: previous },
      after: { unused: recoveryCodes.length },
      meta,
    });
  });
  return { recoveryCodes };
}
