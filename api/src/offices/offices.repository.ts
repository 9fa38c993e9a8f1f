import type { OfficeHours, OfficesTable, TenantNames } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

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
}

export async function insertOffice(tx: TenantTx, tenantId: string, office: NewOffice): Promise<string> {
  const row = await tx
    .insertInto('offices')
    .values({
      tenant_id: tenantId,
      ...office,
      names: JSON.stringify(office.names),
      address: JSON.stringify(office.address),
      hours: JSON.stringify(office.hours),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The offices of the given tenants (a tenant and its commune), in display order. */
export async function listOffices(tx: TenantTx, tenantIds: readonly string[]): Promise<OfficeRow[]> {
  if (tenantIds.length === 0) return [];
  return tx.selectFrom('offices').selectAll().where('tenant_id', 'in', tenantIds).orderBy('position').orderBy('key').execute();
}
