import type { OfficeClosure, OfficeHours, OfficesTable, TenantNames } from '../db/schema.ts';
import { sql, type Selectable } from 'kysely';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { sharedText, sharedTexts } from '../shared/shared-texts.ts';

export type OfficeRow = Selectable<OfficesTable>;

export interface NewOffice {
  key: string;
  kind: string;
  names: TenantNames;
  address: TenantNames;
  latitude: number | null;
  longitude: number | null;
  hours: OfficeHours[];
  phone: string | null;
  email: string | null;
  position: number;
  /** Opening periods during Ramadan; left out: unchanged (empty on a new office: the usual hours apply). */
  ramadanHours?: OfficeHours[];
  /** Dated closures; left out: unchanged (none on a new office). */
  closures?: OfficeClosure[];
}

/** The columns of an office, its JSON fields serialised. */
function officeColumns({ ramadanHours, closures, ...office }: NewOffice) {
  return {
    ...office,
    names: JSON.stringify(office.names),
    address: JSON.stringify(office.address),
    hours: JSON.stringify(office.hours),
    ...(ramadanHours ? { ramadan_hours: JSON.stringify(ramadanHours) } : {}),
    ...(closures ? { closures: JSON.stringify(closures) } : {}),
  };
}

export async function insertOffice(tx: TenantTx, office: NewOffice): Promise<string> {
  const row = await tx
    .insertInto('offices')
    .values({ tenant_id: tx.tenantId, ...officeColumns(office) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The offices of the given tenants (a tenant and its commune), in display order. */
export async function listOffices(tx: TenantTx, tenantIds: readonly string[]): Promise<OfficeRow[]> {
  if (tenantIds.length === 0) return [];
  const rows = await tx.selectFrom('offices').selectAll().where('tenant_id', 'in', tenantIds).orderBy('position').orderBy('key').execute();
  // Kept by the cache of public reads (the catalogue, the offices' views): every commune's seat carries the
  // same provisioned names, one copy of each in memory (shared-texts.ts).
  return rows.map((row) => ({ ...row, key: sharedText(row.key), kind: sharedText(row.kind), names: sharedTexts(row.names) }));
}

export async function findOffice(tx: TenantTx, id: string): Promise<OfficeRow | undefined> {
  return tx.selectFrom('offices').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).executeTakeFirst();
}

/** The keys of a tenant's offices starting with `prefix` (to make a new key unique). */
export async function listOfficeKeys(tx: TenantTx, prefix: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('offices')
    .select('key')
    .where('tenant_id', '=', tx.tenantId)
    .where((eb) => eb.or([eb('key', '=', prefix), eb('key', 'like', `${prefix}-%`)]))
    .execute();
  return rows.map((r) => r.key);
}

/** The position after the tenant's last office. */
export async function nextOfficePosition(tx: TenantTx): Promise<number> {
  const row = await tx
    .selectFrom('offices')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('tenant_id', '=', tx.tenantId)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function updateOffice(tx: TenantTx, id: string, office: NewOffice, at: Date): Promise<OfficeRow | undefined> {
  return tx
    .updateTable('offices')
    .set({ ...officeColumns(office), updated_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Sets the closures of this tenant's office `key` (demo seed); false when there is no such office. */
export async function setOfficeClosures(tx: TenantTx, key: string, closures: OfficeClosure[]): Promise<boolean> {
  const row = await tx
    .updateTable('offices')
    .set({ closures: JSON.stringify(closures) })
    .where('tenant_id', '=', tx.tenantId)
    .where('key', '=', key)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteOffice(tx: TenantTx, id: string): Promise<void> {
  await tx.deleteFrom('offices').where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

/**
 * Offerings (of `tenantIds`: a commune and its arrondissements, in the transaction's scope) whose
 * override names the office. (`service_offerings` belongs to the catalogue; this is the one question
 * offices ask of it.)
 */
export async function listOfferingsUsingOffice(tx: TenantTx, tenantIds: readonly string[], officeId: string): Promise<{ tenant_id: string; service_code: string }[]> {
  if (tenantIds.length === 0) return [];
  return tx
    .selectFrom('service_offerings')
    .select(['tenant_id', 'service_code'])
    .where('tenant_id', 'in', tenantIds)
    .where(sql<string>`overrides->>'officeId'`, '=', officeId)
    .orderBy('service_code')
    .execute();
}
