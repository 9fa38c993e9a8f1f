import type { TenantNames } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** A site text of `tenantId` (e.g. `home.welcome`); the tenant must be in the transaction's scope. */
export async function findSiteText(tx: TenantTx, tenantId: string, key: string): Promise<TenantNames | undefined> {
  const row = await tx
    .selectFrom('site_texts')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertSiteText(tx: TenantTx, tenantId: string, key: string, value: TenantNames): Promise<void> {
  await tx
    .insertInto('site_texts')
    .values({ tenant_id: tenantId, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
    .execute();
}

export interface StoredFile {
  id: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

export async function findTenantFile(tx: TenantTx, tenantId: string, fileId: string): Promise<StoredFile | undefined> {
  const row = await tx
    .selectFrom('tenant_files')
    .select(['id', 'content_type', 'bytes', 'sha256'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row && { id: row.id, contentType: row.content_type, bytes: row.bytes, sha256: row.sha256 };
}

export async function insertTenantFile(
  tx: TenantTx,
  tenantId: string,
  file: { purpose: 'logo'; contentType: string; bytes: Uint8Array; sha256: string },
): Promise<string> {
  const row = await tx
    .insertInto('tenant_files')
    .values({ tenant_id: tenantId, purpose: file.purpose, content_type: file.contentType, bytes: file.bytes, sha256: file.sha256 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
