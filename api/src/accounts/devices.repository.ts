import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** Whether the device of `tokenHash` completed a sign-in of the account of `email` on this tenant, and is still trusted. */
export async function isTrustedDevice(tx: TenantTx, tokenHash: string, email: string, now: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('trusted_devices as d')
    .innerJoin('staff_users as u', 'u.id', 'd.user_id')
    .select('d.user_id')
    .where('d.tenant_id', '=', tx.tenantId)
    .where('d.token_hash', '=', tokenHash)
    .where('u.email', '=', email)
    .where('d.expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Trusts (again) the device of `tokenHash` for `userId` until `expiresAt`. */
export async function upsertTrustedDevice(tx: TenantTx, row: { tenantId: string; tokenHash: string; userId: string; at: Date; expiresAt: Date }): Promise<void> {
  await tx
    .insertInto('trusted_devices')
    .values({ tenant_id: row.tenantId, token_hash: row.tokenHash, user_id: row.userId, created_at: row.at, last_used_at: row.at, expires_at: row.expiresAt })
    .onConflict((oc) => oc.columns(['tenant_id', 'token_hash', 'user_id']).doUpdateSet({ last_used_at: row.at, expires_at: row.expiresAt }))
    .execute();
}

/** Forgets the account's devices here whose trust has lapsed. */
export async function deleteExpiredTrustedDevices(tx: TenantTx, userId: string, now: Date): Promise<void> {
  await tx.deleteFrom('trusted_devices').where('tenant_id', '=', tx.tenantId).where('user_id', '=', userId).where('expires_at', '<=', now).execute();
}
