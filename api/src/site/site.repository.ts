import type { TenantNames } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** A site text of `ownerId` (e.g. `home.welcome`): this tenant's, or one in the transaction's read scope. */
export async function findSiteText(tx: TenantTx, ownerId: string, key: string): Promise<TenantNames | undefined> {
  const row = await tx
    .selectFrom('site_texts')
    .select('value')
    .where('tenant_id', '=', ownerId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertSiteText(tx: TenantTx, key: string, value: TenantNames): Promise<void> {
  await tx
    .insertInto('site_texts')
    .values({ tenant_id: tx.tenantId, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
    .execute();
}
