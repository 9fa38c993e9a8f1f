import { createHash, randomBytes } from 'node:crypto';
import { fflate, type Zippable } from './zip.ts';
import type { Database } from '../db/database.ts';
import type { Storage } from '../files/storage.ts';
import { assertStorageKey } from '../files/storage.ts';
import { recordAudit, type ChangeContext } from '../audit/audit.service.ts';
import { AppError } from '../shared/errors.ts';
import { countChildTenants, findPlatformTenant, findTenantByCode, findTenantById, lockTenantById } from '../tenancy/tenants.repository.ts';
import { actAsTenant, announceTenantChanged, withProvisioning, type ProvisioningTx } from '../tenancy/unit-of-work.ts';
import {
  deleteRows,
  deleteTenantRow,
  existingAccountIds,
  exportAccounts,
  exportCatalogueVersions,
  exportRows,
  exportTenantRow,
  importRows,
  importTenantRow,
  insertArchivedAccounts,
  lastExportAt,
  listTenantTables,
  mapCatalogueVersions,
  referencedIds,
  setTimeZoneUtc,
  tenantStorageKeys,
  type TenantTable,
} from './archive.repository.ts';
import { toStatusView } from './lifecycle.service.ts';

/** The archive format (docs/TENANT-ARCHIVE.md). Raise `ARCHIVE_VERSION` when its meaning changes. */
export const ARCHIVE_FORMAT = 'jamaa-tenant-archive';
export const ARCHIVE_VERSION = 1;
/** Tenant-owned tables that never leave the database: a session is a live credential (everyone signs in again). */
export const NOT_EXPORTED = ['sessions'] as const;

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: string;
  tenant: { id: string; code: string; slug: string; kind: string; parentCode: string | null };
  tables: Record<string, number>;
  files: { key: string; path: string; size: number; sha256: string }[];
  accounts: number;
  notExported: string[];
}

export interface ExportedArchive {
  zip: Uint8Array;
  manifest: ArchiveManifest;
  fileName: string;
  sha256: string;
}

/** Who asks: the operator through the API (audited on the platform), or the CLI (no actor). */
export type ArchiveActor = ChangeContext | null;

/**
 * Exports a tenant whole: its row, every tenant-owned table's rows (enumerated from the catalog, so
 * tables added later are included), the staff accounts its rows name (who they are, no secret) and its
 * files from storage, as a zip (docs/TENANT-ARCHIVE.md). Read in one transaction: a consistent
 * snapshot. Recorded in the platform's audit log (`tenant.exported`), which deletion requires.
 */
export async function exportTenant(deps: { db: Database; storage: Storage; clock: () => Date }, tenantId: string, by: ArchiveActor): Promise<ExportedArchive> {
  const now = deps.clock();
  const snapshot = await withProvisioning(deps.db, async (tx) => {
    await setTimeZoneUtc(tx);
    const tenant = await findTenantById(tx, tenantId);
    if (!tenant || tenant.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    const parent = tenant.parent_id ? await findTenantById(tx, tenant.parent_id) : undefined;
    const tenantRow = await exportTenantRow(tx, tenant.id);
    if (!tenantRow) throw new AppError('NOT_FOUND', 'no such tenant');
    const asTenant = await actAsTenant(tx, { id: tenant.id });
    const tables: { table: TenantTable; rows: string[] }[] = [];
    const accountIds = new Set<string>();
    const versionIds = new Set<string>();
    for (const table of await listTenantTables(asTenant)) {
      if ((NOT_EXPORTED as readonly string[]).includes(table.name)) continue;
      tables.push({ table, rows: await exportRows(asTenant, table) });
      for (const id of await referencedIds(asTenant, table, table.accountColumns)) accountIds.add(id);
      for (const id of await referencedIds(asTenant, table, table.versionColumns)) versionIds.add(id);
    }
    const accounts = await exportAccounts(asTenant, [...accountIds]);
    const versions = await exportCatalogueVersions(asTenant, [...versionIds]);
    const keys = await tenantStorageKeys(asTenant);
    return { tenant, parentCode: parent && parent.kind !== 'platform' ? parent.code : null, tenantRow, tables, accounts, versions, keys };
  });

  const { strToU8, zipSync } = await fflate();
  const entries: Zippable = {};
  const files: ArchiveManifest['files'] = [];
  for (const key of snapshot.keys) {
    const object = await deps.storage.get(key);
    if (!object) continue; // a row whose bytes went missing: the manifest lists only what the archive holds
    const bytes = new Uint8Array(await new Response(object.body).arrayBuffer());
    const path = `files/${key}`;
    entries[path] = [bytes, { level: 0 }];
    files.push({ key, path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now.toISOString(),
    tenant: { id: snapshot.tenant.id, code: snapshot.tenant.code, slug: snapshot.tenant.slug, kind: snapshot.tenant.kind, parentCode: snapshot.parentCode },
    tables: Object.fromEntries(snapshot.tables.map(({ table, rows }) => [table.name, rows.length])),
    files,
    accounts: snapshot.accounts.length,
    notExported: [...NOT_EXPORTED],
  };
  entries['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  entries['tenant.json'] = strToU8(`${snapshot.tenantRow}\n`);
  entries['accounts.json'] = strToU8(jsonArray(snapshot.accounts));
  entries['catalogue-versions.json'] = strToU8(jsonArray(snapshot.versions));
  for (const { table, rows } of snapshot.tables) entries[`tables/${table.name}.json`] = strToU8(jsonArray(rows));
  const zip = zipSync(entries, { level: 6, mtime: now });
  const sha256 = createHash('sha256').update(zip).digest('hex');

  await recordOnPlatform(deps.db, by, 'tenant.exported', snapshot.tenant, { sha256, bytes: zip.byteLength, tables: manifest.tables, files: files.length });
  const stamp = now.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-');
  return { zip, manifest, fileName: `${snapshot.tenant.slug}-${stamp}.zip`, sha256 };
}

/** One JSON array per file, one row per line: diffable, and exactly the database's own JSON. */
function jsonArray(rows: readonly string[]): string {
  return rows.length === 0 ? '[]\n' : `[\n${rows.join(',\n')}\n]\n`;
}

/** The archive's entries, read and checked (format, version, paths). */
export async function readArchive(zip: Uint8Array): Promise<{ manifest: ArchiveManifest; text: (path: string) => string | null; bytes: (path: string) => Uint8Array | null }> {
  const { strFromU8, unzipSync } = await fflate();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw new AppError('ARCHIVE_INVALID', 'not a zip archive');
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) throw new AppError('ARCHIVE_INVALID', 'the archive has no manifest.json');
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(strFromU8(manifestBytes)) as ArchiveManifest;
  } catch {
    throw new AppError('ARCHIVE_INVALID', 'manifest.json is not JSON');
  }
  if (manifest.format !== ARCHIVE_FORMAT || manifest.version !== ARCHIVE_VERSION) {
    throw new AppError('ARCHIVE_INVALID', `expected ${ARCHIVE_FORMAT} version ${ARCHIVE_VERSION}`, { format: manifest.format, version: manifest.version });
  }
  return {
    manifest,
    text: (path) => {
      const b = entries[path];
      return b ? strFromU8(b) : null;
    },
    bytes: (path) => entries[path] ?? null,
  };
}

export interface ImportReport {
  tenant: ReturnType<typeof toStatusView>;
  rows: Record<string, number>;
  files: number;
  accountsCreated: number;
}

/**
 * Imports an archive into a database where the tenant is absent (its id, code and slug free under its
 * parent, which must exist: found by registry code, the platform for a commune). Staff accounts the
 * rows name are created when missing, under their archived ids, with no usable password ("forgot
 * password" sets one). Files are written to storage first (a failed import removes them), then every
 * row in one transaction: all of it, or nothing. Recorded in the platform's audit log only, so that
 * export → delete → import → export gives the same tables.
 */
export async function importTenant(deps: { db: Database; storage: Storage; clock: () => Date }, zip: Uint8Array, by: ArchiveActor): Promise<ImportReport> {
  const archive = await readArchive(zip);
  const { manifest } = archive;
  const tenantJson = archive.text('tenant.json');
  if (!tenantJson) throw new AppError('ARCHIVE_INVALID', 'the archive has no tenant.json');
  const tenantId = manifest.tenant.id;
  for (const file of manifest.files) {
    try {
      assertStorageKey(file.key);
    } catch {
      throw new AppError('ARCHIVE_INVALID', `bad file key ${file.key}`);
    }
    if (!file.key.startsWith(`${tenantId}/`)) throw new AppError('ARCHIVE_INVALID', `file ${file.key} is not the tenant's`);
    if (!archive.bytes(file.path)) throw new AppError('ARCHIVE_INVALID', `missing ${file.path}`);
  }
  // Refuse early (before writing files) when the tenant is already there.
  await withProvisioning(deps.db, async (tx) => assertAbsent(tx, manifest));

  const written: string[] = [];
  try {
    for (const file of manifest.files) {
      const bytes = archive.bytes(file.path)!;
      if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new AppError('ARCHIVE_INVALID', `${file.path} does not match its hash`);
      await deps.storage.put(file.key, bytes, 'application/octet-stream');
      written.push(file.key);
    }
    const report = await withProvisioning(deps.db, async (tx) => {
      await setTimeZoneUtc(tx);
      await assertAbsent(tx, manifest);
      const parent = manifest.tenant.parentCode ? await findTenantByCode(tx, manifest.tenant.parentCode) : await findPlatformTenant(tx);
      if (!parent) throw new AppError('ARCHIVE_PARENT_MISSING', `the parent ${manifest.tenant.parentCode ?? 'platform'} is not in this database`);
      const accountsJson = archive.text('accounts.json') ?? '[]';
      const accountIds = (JSON.parse(accountsJson) as { id: string }[]).map((a) => a.id);
      const before = await existingAccountIds(tx, accountIds);
      await insertArchivedAccounts(tx, accountsJson, `!imported:${randomBytes(16).toString('hex')}`, deps.clock());
      const after = await existingAccountIds(tx, accountIds);
      const missing = accountIds.filter((id) => !after.has(id));
      if (missing.length > 0) throw new AppError('ARCHIVE_ACCOUNT_CONFLICT', 'an archived account e-mail belongs to another account here', { accounts: missing });
      await importTenantRow(tx, tenantJson, parent.id);
      const asTenant = await actAsTenant(tx, { id: tenantId });
      const tables = await listTenantTables(asTenant);
      const known = new Set(tables.map((t) => t.name));
      const unknown = Object.keys(manifest.tables).filter((name) => !known.has(name));
      if (unknown.length > 0) throw new AppError('ARCHIVE_INVALID', 'the archive has tables this database does not', { tables: unknown });
      const versions = await mapCatalogueVersions(tx, archivedVersions(archive.text, tables));
      const rows: Record<string, number> = {};
      for (const table of tables) {
        const json = archive.text(`tables/${table.name}.json`);
        if (json === null) continue;
        const count = manifest.tables[table.name] ?? 0;
        if (count > 0) await importRows(asTenant, table, json, versions);
        rows[table.name] = count;
      }
      await announceTenantChanged(tx, tenantId);
      const tenant = await findTenantById(tx, tenantId);
      if (!tenant) throw new Error('unreachable: the imported tenant is gone');
      return { tenant: toStatusView(tenant), rows, files: manifest.files.length, accountsCreated: after.size - before.size, row: tenant };
    });
    await recordOnPlatform(deps.db, by, 'tenant.imported', report.row, { rows: report.rows, files: report.files, accountsCreated: report.accountsCreated });
    const { row: _row, ...rest } = report;
    return rest;
  } catch (err) {
    for (const key of written) await deps.storage.delete(key).catch(() => undefined);
    throw err;
  }
}

/**
 * The catalogue versions an archive's rows name: those of `catalogue-versions.json` (id and content hash),
 * and any other id found in a version column (an archive made before that entry existed: no hash).
 */
function archivedVersions(text: (path: string) => string | null, tables: readonly TenantTable[]): { id: string; content_hash: string | null }[] {
  const listed = JSON.parse(text('catalogue-versions.json') ?? '[]') as { id: string; content_hash: string }[];
  const byId = new Map<string, string | null>(listed.map((v) => [v.id, v.content_hash]));
  for (const table of tables) {
    if (table.versionColumns.length === 0) continue;
    const json = text(`tables/${table.name}.json`);
    if (json === null) continue;
    for (const row of JSON.parse(json) as Record<string, unknown>[]) {
      for (const c of table.versionColumns) {
        const id = row[c];
        if (typeof id === 'string' && !byId.has(id)) byId.set(id, null);
      }
    }
  }
  return [...byId].map(([id, content_hash]) => ({ id, content_hash }));
}

async function assertAbsent(tx: ProvisioningTx, manifest: ArchiveManifest): Promise<void> {
  if ((await findTenantById(tx, manifest.tenant.id)) || (await findTenantByCode(tx, manifest.tenant.code))) {
    throw new AppError('TENANT_EXISTS', `tenant ${manifest.tenant.code} is already in this database`);
  }
}

/**
 * Deletes a tenant and everything it owns, for good: only when it is no longer active (suspended or
 * archived), has no arrondissements left, was exported since its last change, and the operator typed
 * its slug. Rows go table by table (the catalog's order, reversed) as `jamaa_provisioner` under the
 * tenant's row-level security; its files leave storage after commit. The platform's audit log keeps
 * the deletion.
 */
export async function deleteTenant(
  deps: { db: Database; storage: Storage; clock: () => Date },
  tenantId: string,
  confirmSlug: string,
  by: ArchiveActor,
): Promise<{ id: string; slug: string; rowsDeleted: number; filesDeleted: number }> {
  const result = await withProvisioning(deps.db, async (tx) => {
    const tenant = await lockTenantById(tx, tenantId);
    if (!tenant || tenant.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    if (confirmSlug.trim() !== tenant.slug) throw new AppError('CONFIRMATION_MISMATCH', 'type the slug of the tenant to delete', { expected: 'slug' });
    if (tenant.status === 'active' || tenant.status === 'provisioning') {
      throw new AppError('TENANT_STATUS_CONFLICT', 'suspend or archive the tenant before deleting it', { status: tenant.status });
    }
    const children = await countChildTenants(tx, [tenant.id], ['provisioning', 'active', 'suspended', 'archived']);
    if ((children.get(tenant.id) ?? 0) > 0) throw new AppError('TENANT_HAS_CHILDREN', 'delete its arrondissements first');
    const platform = await findPlatformTenant(tx);
    if (!platform) throw new Error('unreachable: no platform tenant');
    const exportedAt = await lastExportAt(await actAsTenant(tx, { id: platform.id }), tenant.id);
    if (!exportedAt || exportedAt.getTime() < tenant.updated_at.getTime()) {
      throw new AppError('EXPORT_REQUIRED', 'export the tenant (after its last change) before deleting it', { exportedAt: exportedAt?.toISOString() ?? null });
    }
    const asTenant = await actAsTenant(tx, { id: tenant.id });
    const keys = await tenantStorageKeys(asTenant);
    let rowsDeleted = 0;
    for (const table of (await listTenantTables(asTenant)).reverse()) rowsDeleted += await deleteRows(asTenant, table);
    await deleteTenantRow(tx, tenant.id);
    await announceTenantChanged(tx, tenant.id);
    await recordAudit(await actAsTenant(tx, { id: platform.id }), {
      tenantId: platform.id,
      at: by?.at ?? new Date(),
      actor: by?.actor ?? null,
      action: 'tenant.deleted',
      target: { type: 'tenant', id: tenant.id, label: tenant.slug },
      before: { code: tenant.code, slug: tenant.slug, status: tenant.status, exportedAt: exportedAt.toISOString() },
      after: { rowsDeleted, files: keys.length },
      meta: by?.meta ?? { ip: null, requestId: null },
    });
    return { id: tenant.id, slug: tenant.slug, rowsDeleted, keys };
  });
  for (const key of result.keys) await deps.storage.delete(key);
  return { id: result.id, slug: result.slug, rowsDeleted: result.rowsDeleted, filesDeleted: result.keys.length };
}

/** An entry in the platform's audit log (the CLI, with no actor, records as the system). */
async function recordOnPlatform(db: Database, by: ArchiveActor, action: 'tenant.exported' | 'tenant.imported', tenant: { id: string; slug: string }, after: unknown): Promise<void> {
  await withProvisioning(db, async (tx) => {
    const platform = await findPlatformTenant(tx);
    if (!platform) return;
    const asPlatform = await actAsTenant(tx, { id: platform.id });
    await recordAudit(asPlatform, {
      tenantId: platform.id,
      at: by?.at ?? new Date(),
      actor: by?.actor ?? null,
      action,
      target: { type: 'tenant', id: tenant.id, label: tenant.slug },
      after,
      meta: by?.meta ?? { ip: null, requestId: null },
    });
  });
}
