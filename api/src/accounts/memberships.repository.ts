import type { Selectable } from 'kysely';
import type { InvitationsTable, MembershipsTable, StaffRole } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type MembershipRow = Selectable<MembershipsTable>;
export type InvitationRow = Selectable<InvitationsTable>;

export async function findMembership(tx: TenantTx, userId: string): Promise<MembershipRow | undefined> {
  return tx.selectFrom('memberships').selectAll().where('tenant_id', '=', tx.tenantId).where('user_id', '=', userId).executeTakeFirst();
}

export interface MemberRow extends MembershipRow {
  email: string;
  display_name: string;
  account_disabled_at: Date | null;
  totp_enabled_at: Date | null;
}

/** Memberships of the given tenants (a commune and its arrondissements) with their accounts; of one user when given. */
export async function listMembers(tx: TenantTx, tenantIds: readonly string[], userId?: string): Promise<MemberRow[]> {
  if (tenantIds.length === 0) return [];
  let q = tx
    .selectFrom('memberships as m')
    .innerJoin('staff_users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select(['u.email', 'u.display_name', 'u.disabled_at as account_disabled_at', 'u.totp_enabled_at'])
    .where('m.tenant_id', 'in', tenantIds);
  if (userId !== undefined) q = q.where('m.user_id', '=', userId);
  return q.orderBy('u.email').execute();
}

/** Creates a membership, or replaces the role of an existing one and enables it again. */
export async function upsertMembership(
  tx: TenantTx,
  userId: string,
  values: { role: StaffRole; department: string | null; at: Date },
): Promise<void> {
  await tx
    .insertInto('memberships')
    .values({ tenant_id: tx.tenantId, user_id: userId, role: values.role, department: values.department, created_at: values.at, updated_at: values.at })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role: values.role, department: values.department, disabled_at: null, updated_at: values.at }),
    )
    .execute();
}

export async function updateMembershipRole(
  tx: TenantTx,
  userId: string,
  values: { role: StaffRole; department: string | null; at: Date },
): Promise<void> {
  await tx
    .updateTable('memberships')
    .set({ role: values.role, department: values.department, updated_at: values.at })
    .where('tenant_id', '=', tx.tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setMembershipDisabled(tx: TenantTx, userId: string, disabledAt: Date | null, at: Date): Promise<void> {
  await tx
    .updateTable('memberships')
    .set({ disabled_at: disabledAt, updated_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMembership(tx: TenantTx, userId: string): Promise<void> {
  await tx.deleteFrom('memberships').where('tenant_id', '=', tx.tenantId).where('user_id', '=', userId).execute();
}

/** Administrators of a tenant who can still act: membership and account both enabled. */
export async function countActiveAdministrators(tx: TenantTx): Promise<number> {
  const row = await tx
    .selectFrom('memberships as m')
    .innerJoin('staff_users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('m.tenant_id', '=', tx.tenantId)
    .where('m.role', '=', 'administrator')
    .where('m.disabled_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Invitations

export async function insertInvitation(
  tx: TenantTx,
  row: { tokenHash: string; email: string; role: StaffRole; department: string | null; invitedBy: string | null; expiresAt: Date; at: Date },
): Promise<InvitationRow> {
  return tx
    .insertInto('invitations')
    .values({
      tenant_id: tx.tenantId,
      token_hash: row.tokenHash,
      email: row.email,
      role: row.role,
      department: row.department,
      invited_by: row.invitedBy,
      expires_at: row.expiresAt,
      created_at: row.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findInvitationByTokenHash(tx: TenantTx, tokenHash: string): Promise<InvitationRow | undefined> {
  return tx.selectFrom('invitations').selectAll().where('tenant_id', '=', tx.tenantId).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findInvitationById(tx: TenantTx, id: string): Promise<InvitationRow | undefined> {
  return tx.selectFrom('invitations').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).executeTakeFirst();
}

/** Withdraws one invitation not yet accepted; false when it was accepted or withdrawn meanwhile. */
export async function revokeInvitation(tx: TenantTx, id: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A newer invitation of the same address replaces the pending ones. */
export async function revokePendingInvitations(tx: TenantTx, email: string, at: Date): Promise<void> {
  await tx
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Accepts a pending, unexpired invitation once; false when someone else was first (or it lapsed). */
/**
 * Locks an invitation that can still be accepted, for the rest of the transaction, and says whether
 * there was one. A second acceptance waits here until the first commits, then finds it accepted: it
 * must not get as far as creating the account (which would break the e-mail's uniqueness).
 */
export async function lockAcceptableInvitation(tx: TenantTx, id: string, now: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('invitations')
    .select('id')
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function claimInvitation(tx: TenantTx, id: string, userId: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface PendingInvitationRow extends InvitationRow {
  invited_by_email: string | null;
}

/**
 * A tenant's invitations neither accepted nor withdrawn: those still open at `now` (newest first), or
 * with `lapsed`, those that expired unaccepted (the most recently lapsed first), at most `limit`.
 */
export async function listPendingInvitations(
  tx: TenantTx,
  now: Date,
  options: { lapsed?: boolean; limit?: number } = {},
): Promise<PendingInvitationRow[]> {
  let q = tx
    .selectFrom('invitations as i')
    .leftJoin('staff_users as u', 'u.id', 'i.invited_by')
    .selectAll('i')
    .select('u.email as invited_by_email')
    .where('i.tenant_id', '=', tx.tenantId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null);
  q = options.lapsed ? q.where('i.expires_at', '<=', now).orderBy('i.expires_at', 'desc') : q.where('i.expires_at', '>', now).orderBy('i.created_at', 'desc');
  return options.limit === undefined ? q.execute() : q.limit(options.limit).execute();
}
