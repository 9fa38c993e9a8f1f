import { sql } from 'kysely';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** A grant with the e-mail of whoever gave and revoked it. */
export interface GrantRow {
  id: string;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  revoked_at: Date | null;
  granted_by: string;
  granted_by_email: string | null;
  revoked_by: string | null;
  revoked_by_email: string | null;
}

function grants(tx: TenantTx) {
  return tx
    .selectFrom('operator_access_grants as g')
    .leftJoin('staff_users as giver', 'giver.id', 'g.granted_by')
    .leftJoin('staff_users as revoker', 'revoker.id', 'g.revoked_by')
    .select(['g.id', 'g.reason', 'g.starts_at', 'g.ends_at', 'g.revoked_at', 'g.granted_by', 'giver.email as granted_by_email', 'g.revoked_by', 'revoker.email as revoked_by_email'])
    .where('g.tenant_id', '=', tx.tenantId);
}

/** The tenant's grants, newest first. */
export async function listGrants(tx: TenantTx, limit: number): Promise<GrantRow[]> {
  return grants(tx).orderBy('g.starts_at', 'desc').orderBy('g.id').limit(limit).execute();
}

export async function findGrant(tx: TenantTx, id: string): Promise<GrantRow | undefined> {
  return grants(tx).where('g.id', '=', id).executeTakeFirst();
}

/** The grant in force at `now` (begun, not ended, not revoked), if any. */
export async function findActiveGrant(tx: TenantTx, now: Date): Promise<GrantRow | undefined> {
  return grants(tx).where('g.revoked_at', 'is', null).where('g.starts_at', '<=', now).where('g.ends_at', '>', now).orderBy('g.starts_at', 'desc').executeTakeFirst();
}

/**
 * Holds the tenant's grants until the transaction ends: two administrators granting at once cannot both
 * find none in force (whether one is in force depends on the clock, so no unique index can say it).
 */
export async function lockGrants(tx: TenantTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('jamaa:operator-access'), hashtext(${tx.tenantId}::text))`.execute(tx);
}

export async function insertGrant(tx: TenantTx, grant: { grantedBy: string; reason: string; startsAt: Date; endsAt: Date }): Promise<string> {
  const row = await tx
    .insertInto('operator_access_grants')
    .values({ tenant_id: tx.tenantId, granted_by: grant.grantedBy, reason: grant.reason, starts_at: grant.startsAt, ends_at: grant.endsAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ends a grant still in force at `at`; false when it had already ended (revoked or expired). */
export async function revokeGrant(tx: TenantTx, id: string, by: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('operator_access_grants')
    .set({ revoked_at: at, revoked_by: by })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('ends_at', '>', at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What the operator's view of a complaint reads; the service decides which of it leaves. */
export interface OperatorComplaintRow {
  tracking: string;
  category: string;
  state: string;
  channel: string;
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  due_at: Date;
  due_date: string;
  description: string;
  address: string | null;
  landmark: string | null;
  latitude: number | null;
  longitude: number | null;
  anonymous: boolean;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}

/** The tenant's complaints, newest first. */
export async function listComplaintsForOperator(tx: TenantTx, limit: number): Promise<OperatorComplaintRow[]> {
  return tx
    .selectFrom('complaints')
    .select([
      'tracking', 'category', 'state', 'channel', 'merged_into', 'created_at', 'updated_at', 'closed_at', 'due_at', 'due_date',
      'description', 'address', 'landmark', 'latitude', 'longitude', 'anonymous', 'contact_name', 'contact_email', 'contact_phone',
    ])
    .where('tenant_id', '=', tx.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('tracking', 'desc')
    .limit(limit)
    .execute();
}

export async function countComplaints(tx: TenantTx): Promise<number> {
  const row = await tx.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tx.tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}
