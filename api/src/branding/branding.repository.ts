import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** Deletes a tenant's logo files, except `keepId` (the one its branding now points to). */
export async function deleteLogoFiles(tx: TenantTx, tenantId: string, keepId: string | null): Promise<number> {
  let q = tx.deleteFrom('tenant_files').where('tenant_id', '=', tenantId).where('purpose', '=', 'logo');
  if (keepId !== null) q = q.where('id', '!=', keepId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
