import type { Selectable } from 'kysely';
import type { SessionsTable, StaffRole } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type SessionRow = Selectable<SessionsTable>;

export async function insertSession(
  tx: TenantTx,
  row: { tenantId: string; id: string; userId: string; generation: number; twoFactorVerified: boolean; expiresAt: Date; at: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await tx
    .insertInto('sessions')
    .values({
      tenant_id: row.tenantId,
      id: row.id,
      user_id: row.userId,
      generation: row.generation,
      two_factor_verified: row.twoFactorVerified,
      expires_at: row.expiresAt,
      created_at: row.at,
      last_seen_at: row.at,
      ip: row.ip,
      user_agent: row.userAgent,
    })
    .execute();
}

/** A session with what deciding on it needs: the account, its role in this tenant, its platform role. */
export interface SessionWithAccess {
  id: string;
  tenant_id: string;
  user_id: string;
  generation: number;
  two_factor_verified: boolean;
  expires_at: Date;
  last_seen_at: Date;
  email: string;
  display_name: string;
  user_generation: number;
  account_disabled_at: Date | null;
  totp_enabled_at: Date | null;
  totp_enrolment_required_at: Date | null;
  role: StaffRole | null;
  department: string | null;
  membership_disabled_at: Date | null;
  operator: boolean;
}

export async function findSessionWithAccess(tx: TenantTx, sessionId: string): Promise<SessionWithAccess | undefined> {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.tenant_id', '=', 's.tenant_id').onRef('m.user_id', '=', 's.user_id'))
    .select([
      's.id',
      's.tenant_id',
      's.user_id',
      's.generation',
      's.two_factor_verified',
      's.expires_at',
      's.last_seen_at',
      'u.email',
      'u.display_name',
      'u.session_generation as user_generation',
      'u.disabled_at as account_disabled_at',
      'u.totp_enabled_at',
      'u.totp_enrolment_required_at',
      'm.role',
      'm.department',
      'm.disabled_at as membership_disabled_at',
    ])
    .select((eb) =>
      eb.exists(eb.selectFrom('platform_roles as p').select('p.role').whereRef('p.user_id', '=', 's.user_id').where('p.role', '=', 'operator')).$castTo<boolean>().as('operator'),
    )
    .where('s.tenant_id', '=', tx.tenantId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export async function updateSessionActivity(tx: TenantTx, id: string, values: { expiresAt: Date; lastSeenAt: Date }): Promise<void> {
  await tx
    .updateTable('sessions')
    .set({ expires_at: values.expiresAt, last_seen_at: values.lastSeenAt })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(tx: TenantTx, id: string): Promise<void> {
  await tx.deleteFrom('sessions').where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

export async function deleteUserSessions(tx: TenantTx, userId: string): Promise<void> {
  await tx.deleteFrom('sessions').where('tenant_id', '=', tx.tenantId).where('user_id', '=', userId).execute();
}

/** The sessions of a user on this tenant that still count: second factor given, same generation, not expired. */
export async function listUserSessions(tx: TenantTx, userId: string, now: Date): Promise<SessionRow[]> {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .where('s.tenant_id', '=', tx.tenantId)
    .where('s.user_id', '=', userId)
    .where('s.two_factor_verified', '=', true)
    .where('s.expires_at', '>', now)
    .whereRef('s.generation', '=', 'u.session_generation')
    .orderBy('s.last_seen_at', 'desc')
    .execute();
}

/** Keeps one session alive across a generation change (signing out everywhere else). */
export async function setSessionGeneration(tx: TenantTx, id: string, generation: number): Promise<void> {
  await tx.updateTable('sessions').set({ generation }).where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}
