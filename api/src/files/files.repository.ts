import type { FilePurpose } from '../db/schema.ts';
import type { AnyTx, TenantTx } from '../tenancy/unit-of-work.ts';

/** A file's metadata row: what it is and where its bytes are. */
export interface FileRow {
  tenantId: string;
  id: string;
  purpose: FilePurpose;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string | null;
  createdAt: Date;
}

const COLUMNS = ['tenant_id', 'id', 'purpose', 'content_type', 'size', 'sha256', 'storage_key', 'created_at'] as const;

function toFileRow(row: {
  tenant_id: string;
  id: string;
  purpose: FilePurpose;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string | null;
  created_at: Date;
}): FileRow {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    purpose: row.purpose,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    storageKey: row.storage_key,
    createdAt: row.created_at,
  };
}

export async function insertFileRow(
  tx: TenantTx,
  file: { tenantId: string; id: string; purpose: FilePurpose; contentType: string; size: number; sha256: string; storageKey: string },
): Promise<FileRow> {
  const row = await tx
    .insertInto('tenant_files')
    .values({
      tenant_id: file.tenantId,
      id: file.id,
      purpose: file.purpose,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      storage_key: file.storageKey,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toFileRow(row);
}

/** A file of `tenantId` (which must be in the transaction's scope). */
export async function findFileRow(tx: TenantTx, tenantId: string, fileId: string): Promise<FileRow | undefined> {
  const row = await tx.selectFrom('tenant_files').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', fileId).executeTakeFirst();
  return row && toFileRow(row);
}

/**
 * Deletes files of `tenantId` with `purpose`, or the one `fileId`, except `keepId`; answers their storage
 * keys (the bytes go once the transaction has committed).
 */
export async function deleteFileRows(
  tx: TenantTx,
  which: { purpose?: FilePurpose; fileId?: string; keepId?: string | null },
): Promise<{ id: string; storageKey: string | null }[]> {
  let q = tx.deleteFrom('tenant_files').where('tenant_id', '=', tx.tenantId);
  if (which.purpose !== undefined) q = q.where('purpose', '=', which.purpose);
  if (which.fileId !== undefined) q = q.where('id', '=', which.fileId);
  if (which.keepId) q = q.where('id', '!=', which.keepId);
  const rows = await q.returning(['id', 'storage_key']).execute();
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
}

/** Files of `tenantId` whose bytes are still in the database (stored before 2026_12_04_0040). */
export async function listLegacyFiles(tx: TenantTx): Promise<{ id: string; purpose: FilePurpose; contentType: string; bytes: Uint8Array }[]> {
  const rows = await tx
    .selectFrom('tenant_files')
    .select(['id', 'purpose', 'content_type', 'legacy_bytes'])
    .where('tenant_id', '=', tx.tenantId)
    .where('legacy_bytes', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.legacy_bytes ? [{ id: r.id, purpose: r.purpose, contentType: r.content_type, bytes: r.legacy_bytes }] : []));
}

/** Records that a file's bytes are now in storage under `storageKey`. */
export async function markFileStored(tx: TenantTx, fileId: string, storageKey: string): Promise<void> {
  await tx
    .updateTable('tenant_files')
    .set({ storage_key: storageKey, legacy_bytes: null })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', fileId)
    .execute();
}

/** Whether a once-per-database start-up step has run (recorded in `seed_runs`). */
export async function hasStartupStepRun(tx: AnyTx, name: string): Promise<boolean> {
  return (await tx.selectFrom('seed_runs').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function recordStartupStep(tx: AnyTx, name: string): Promise<void> {
  await tx.insertInto('seed_runs').values({ name }).execute();
}
