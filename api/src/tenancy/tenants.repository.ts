import type { AnyTx, ProvisioningTx } from './unit-of-work.ts';
import type { NewTenantRow, TenantRow, TenantUpdate } from '../db/schema.ts';

export async function findTenantById(tx: AnyTx, id: string): Promise<TenantRow | undefined> {
  return tx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a tenant and locks its row until the transaction ends: changes based on it are not lost to a concurrent one. */
export async function lockTenantById(tx: AnyTx, id: string): Promise<TenantRow | undefined> {
  return tx.selectFrom('tenants').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findTenantByCode(tx: AnyTx, code: string): Promise<TenantRow | undefined> {
  return tx.selectFrom('tenants').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findPlatformTenant(tx: AnyTx): Promise<TenantRow | undefined> {
  return tx.selectFrom('tenants').selectAll().where('kind', '=', 'platform').executeTakeFirst();
}

/** The tenant whose slug path is `slugs` below the platform: `['casablanca']`, `['casablanca', 'anfa']`. */
export async function findTenantBySlugPath(tx: AnyTx, slugs: readonly string[]): Promise<TenantRow | undefined> {
  const [commune, arrondissement] = slugs;
  if (!commune || slugs.length > 2) return undefined;
  const query = tx
    .selectFrom('tenants as c')
    .innerJoin('tenants as p', 'p.id', 'c.parent_id')
    .where('p.kind', '=', 'platform')
    .where('c.slug', '=', commune);
  if (arrondissement === undefined) return query.selectAll('c').executeTakeFirst();
  return query
    .innerJoin('tenants as a', 'a.parent_id', 'c.id')
    .where('a.slug', '=', arrondissement)
    .selectAll('a')
    .executeTakeFirst();
}

export async function findTenantByDomain(tx: AnyTx, domain: string): Promise<TenantRow | undefined> {
  return tx
    .selectFrom('tenant_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .where('d.domain', '=', domain)
    .selectAll('t')
    .executeTakeFirst();
}

export async function findChildTenantBySlug(tx: AnyTx, parentId: string, slug: string): Promise<TenantRow | undefined> {
  return tx
    .selectFrom('tenants')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** Children of a tenant with a given status, in registry-code order. */
export async function listChildTenants(
  tx: AnyTx,
  parentId: string,
  statuses: readonly TenantRow['status'][],
): Promise<TenantRow[]> {
  return tx
    .selectFrom('tenants')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('status', 'in', statuses)
    .orderBy('code')
    .execute();
}

/** How many children each of `parentIds` has with one of `statuses`. */
export async function countChildTenants(
  tx: AnyTx,
  parentIds: readonly string[],
  statuses: readonly TenantRow['status'][],
): Promise<Map<string, number>> {
  if (parentIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenants')
    .select(['parent_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('parent_id', 'in', parentIds)
    .where('status', 'in', statuses)
    .groupBy('parent_id')
    .execute();
  return new Map(rows.map((r) => [r.parent_id as string, Number(r.n)]));
}

export async function listDomainsOf(tx: AnyTx, tenantId: string): Promise<string[]> {
  const rows = await tx.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => r.domain);
}

/** A tenant's custom domains that serve (a certificate was obtained): what its canonical address may use. */
export async function listActiveDomainsOf(tx: AnyTx, tenantId: string): Promise<string[]> {
  const rows = await tx.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', tenantId).where('state', '=', 'active').execute();
  return rows.map((r) => r.domain);
}

export async function insertTenant(tx: ProvisioningTx, row: NewTenantRow): Promise<TenantRow> {
  return tx.insertInto('tenants').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates a tenant and bumps its version, which is part of every cached page's ETag. */
export async function updateTenant(tx: ProvisioningTx, id: string, patch: TenantUpdate): Promise<TenantRow | undefined> {
  return tx
    .updateTable('tenants')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertTenantDomain(tx: ProvisioningTx, tenantId: string, domain: string): Promise<void> {
  await tx.insertInto('tenant_domains').values({ tenant_id: tenantId, domain }).execute();
}

/** Every tenant's id, for platform-wide operations that must visit each tenant under its own context. */
export async function listTenantIds(tx: AnyTx): Promise<string[]> {
  const rows = await tx.selectFrom('tenants').select('id').orderBy('code').execute();
  return rows.map((r) => r.id);
}
