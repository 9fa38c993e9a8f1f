import { sql, type Selectable } from 'kysely';
import type { PlatformRole, StaffUsersTable } from '../db/schema.ts';
import { escapeLike } from '../db/sql.ts';
import type { AnyTx, PlatformAdminTx } from '../tenancy/unit-of-work.ts';

// Shared tables (accounts are platform-wide): any unit of work may read them. The request role writes only
// the columns of sign-in (see migration 0020); platform roles are granted by the platform admin only.

export type StaffUserRow = Selectable<StaffUsersTable>;

export async function findStaffUserByEmail(tx: AnyTx, email: string): Promise<StaffUserRow | undefined> {
  return tx.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findStaffUserById(tx: AnyTx, id: string): Promise<StaffUserRow | undefined> {
  return tx.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStaffUser(
  tx: AnyTx,
  row: { email: string; displayName: string; passwordHash: string; at: Date; totpSecret?: Uint8Array | null; totpEnabledAt?: Date | null },
): Promise<StaffUserRow> {
  return tx
    .insertInto('staff_users')
    .values({
      email: row.email,
      display_name: row.displayName,
      password_hash: row.passwordHash,
      password_changed_at: row.at,
      totp_secret: row.totpSecret ?? null,
      totp_enabled_at: row.totpEnabledAt ?? null,
      created_at: row.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets a new password and ends every session of the account, in every tenant (new generation). */
export async function updateStaffPassword(tx: AnyTx, userId: string, passwordHash: string, at: Date): Promise<number> {
  const row = await tx
    .updateTable('staff_users')
    .set((eb) => ({ password_hash: passwordHash, password_changed_at: at, session_generation: eb('session_generation', '+', 1) }))
    .where('id', '=', userId)
    .returning('session_generation')
    .executeTakeFirstOrThrow();
  return row.session_generation;
}

/** Disables (ending every session at once) or re-enables an account. */
export async function setStaffUserDisabled(tx: AnyTx, userId: string, at: Date | null): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set((eb) => ({ disabled_at: at, session_generation: eb('session_generation', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

/** A secret waiting to be confirmed with a code; replaces an unconfirmed one. */
export async function setPendingTotpSecret(tx: AnyTx, userId: string, secret: Uint8Array): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({ totp_secret: secret, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .execute();
}

export async function enableTotp(tx: AnyTx, userId: string, at: Date): Promise<void> {
  await tx.updateTable('staff_users').set({ totp_enabled_at: at, totp_enrolment_required_at: null }).where('id', '=', userId).execute();
}

/**
 * Records `step` as the last TOTP step used; false when it is not later than the last one (a replay,
 * possibly by a concurrent request).
 */
export async function claimTotpStep(tx: AnyTx, userId: string, step: bigint): Promise<boolean> {
  const result = await tx
    .updateTable('staff_users')
    .set({ totp_last_step: step.toString() })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step.toString())]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceRecoveryCodes(tx: AnyTx, userId: string, codeHashes: readonly string[]): Promise<void> {
  await tx.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length === 0) return;
  await tx
    .insertInto('staff_recovery_codes')
    .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h })))
    .execute();
}

/** Marks an unused code used; false when there is no such unused code. */
export async function useRecoveryCode(tx: AnyTx, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('staff_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(tx: AnyTx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasPlatformRole(tx: AnyTx, userId: string, role: PlatformRole): Promise<boolean> {
  const row = await tx.selectFrom('platform_roles').select('role').where('user_id', '=', userId).where('role', '=', role).executeTakeFirst();
  return row !== undefined;
}

export async function insertPlatformRole(tx: PlatformAdminTx, userId: string, role: PlatformRole): Promise<void> {
  await tx.insertInto('platform_roles').values({ user_id: userId, role }).onConflict((oc) => oc.doNothing()).execute();
}

/** Operators whose account is not disabled. */
export async function countActiveOperators(tx: AnyTx): Promise<number> {
  const row = await tx
    .selectFrom('platform_roles as p')
    .innerJoin('staff_users as u', 'u.id', 'p.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('p.role', '=', 'operator')
    .where('u.disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
  created_at: Date;
  operator: boolean;
}

/** Accounts for the operator, by e-mail, optionally matching `query` in e-mail or name. */
export async function listStaffAccounts(tx: AnyTx, query: string | null, limit: number): Promise<AccountRow[]> {
  let q = tx
    .selectFrom('staff_users as u')
    .select(['u.id', 'u.email', 'u.display_name', 'u.disabled_at', 'u.totp_enabled_at', 'u.created_at'])
    .select((eb) =>
      eb.exists(eb.selectFrom('platform_roles as p').select('p.role').whereRef('p.user_id', '=', 'u.id').where('p.role', '=', 'operator')).$castTo<boolean>().as('operator'),
    )
    .orderBy('u.email')
    .limit(limit);
  if (query) {
    const pattern = `%${escapeLike(query.toLowerCase())}%`;
    q = q.where((eb) => eb.or([eb('u.email', 'like', pattern), eb(sql<string>`lower(u.display_name)`, 'like', pattern)]));
  }
  return q.execute();
}

// Password resets

export async function insertPasswordReset(tx: AnyTx, row: { tokenHash: string; userId: string; expiresAt: Date; at: Date }): Promise<void> {
  await tx
    .insertInto('password_resets')
    .values({ token_hash: row.tokenHash, user_id: row.userId, expires_at: row.expiresAt, created_at: row.at })
    .execute();
}

/** Resets of one account created since `since`, to keep a mailbox from being flooded. */
export async function countRecentPasswordResets(tx: AnyTx, userId: string, since: Date): Promise<number> {
  const row = await tx
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account of a reset link that is unused and unexpired at `now`. */
export async function findUsablePasswordReset(tx: AnyTx, tokenHash: string, now: Date): Promise<{ user_id: string } | undefined> {
  return tx
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Uses a reset link once: the account's id, or undefined when it was used, expired or unknown. */
export async function claimPasswordReset(tx: AnyTx, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await tx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Every other pending link of the account stops working once the password changed. */
export async function expirePasswordResets(tx: AnyTx, userId: string, now: Date): Promise<void> {
  await tx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/**
 * The operator removes a lost second factor: no secret, no recovery code, a new enrolment owed before
 * anything else, and every session of the account ends (its generation moves on).
 */
export async function resetSecondFactor(tx: AnyTx, userId: string, at: Date): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set((eb) => ({
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      totp_enrolment_required_at: at,
      session_generation: eb('session_generation', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
  await tx.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
}

/** Ends every session of the account, on every tenant at once; answers the new generation. */
export async function bumpSessionGeneration(tx: AnyTx, userId: string): Promise<number> {
  const row = await tx
    .updateTable('staff_users')
    .set((eb) => ({ session_generation: eb('session_generation', '+', 1) }))
    .where('id', '=', userId)
    .returning('session_generation')
    .executeTakeFirstOrThrow();
  return row.session_generation;
}

/** The ids of every tenant, for a read across all of them (an account's memberships, from the platform). */
export async function listAllTenantIds(tx: AnyTx): Promise<string[]> {
  const rows = await tx.selectFrom('tenants').select('id').orderBy('code').execute();
  return rows.map((r) => r.id);
}
