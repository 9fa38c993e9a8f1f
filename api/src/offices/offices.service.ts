import type { Database } from '../db/database.ts';
import type { OfficeView } from '../catalogue/catalogue.schemas.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { listOffices, type OfficeRow } from './offices.repository.ts';

/** The API shape of an office; `tenantId` is the tenant whose page shows it. */
export function toOfficeView(row: OfficeRow, tenantId: string): OfficeView {
  const located = row.latitude !== null && row.longitude !== null;
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    names: row.names,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    hours: row.hours,
    phone: row.phone,
    email: row.email,
    mapUrl: located ? `https://www.openstreetmap.org/?mlat=${row.latitude}&mlon=${row.longitude}#map=18/${row.latitude}/${row.longitude}` : null,
    inherited: row.tenant_id !== tenantId,
  };
}

/** A tenant's offices, then its commune's (an arrondissement's residents may use both). */
export async function listTenantOffices(db: Database, resolved: ResolvedTenant): Promise<OfficeView[]> {
  const chain = [resolved.tenant, ...resolved.ancestors].filter((t) => t.kind !== 'platform');
  const ids = chain.map((t) => t.id);
  const rows = await withTenant(db, { id: resolved.tenant.id, readable: ids }, (tx) => listOffices(tx, ids));
  const rank = new Map(ids.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => (rank.get(a.tenant_id) ?? 0) - (rank.get(b.tenant_id) ?? 0))
    .map((row) => toOfficeView(row, resolved.tenant.id));
}
