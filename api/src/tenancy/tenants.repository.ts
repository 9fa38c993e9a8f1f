import { sql, type SelectQueryBuilder } from 'kysely';
import type { AnyTx, ProvisioningTx } from './unit-of-work.ts';
import type { DB, NewTenantRow, TenantRow, TenantUpdate } from '../db/schema.ts';
import type { HostTarget } from './host.ts';

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

/** A host's tenant, its ancestors (parent first) and its active custom domains: what host resolution needs. */
export interface HostTenant {
  tenant: TenantRow;
  ancestors: TenantRow[];
  domains: string[];
}

/** How many ancestors `findHostTenant` reads in its one statement: an arrondissement's commune and the platform. */
const ANCESTORS_AT_ONCE = 2;

/**
 * The tenant a host names (see `HostTarget`), with its parent, its grandparent and its active custom domains,
 * in one statement: one round trip instead of three to five (issue 14). Only shared tables (Citus reference
 * tables), so the statement runs on one node. A deeper chain than the platform, a commune and an
 * arrondissement, which no tenant has, would be read on parent by parent. Its domains are in the order
 * `listActiveDomainsOf` answers them (none asked).
 */
export async function findHostTenant(tx: AnyTx, target: HostTarget): Promise<HostTenant | undefined> {
  const found = hostTargetQuery(tx, target);
  if (!found) return undefined;
  const { rows } = await sql<TenantRow & { depth: number; active_domains: string[] | null }>`
    with target as (${found.limit(1)})
    select t.*, 0 as depth, array(select d.domain from tenant_domains d where d.tenant_id = t.id and d.state = 'active') as active_domains from target t
    union all
    select p.*, 1, null from target t join tenants p on p.id = t.parent_id
    union all
    select g.*, 2, null from target t join tenants p on p.id = t.parent_id join tenants g on g.id = p.parent_id
    order by depth`.execute(tx);
  const [first, ...rest] = rows.map(({ depth: _depth, active_domains: domains, ...row }) => ({ row: row as TenantRow, domains }));
  if (!first) return undefined;
  const ancestors = rest.map((r) => r.row);
  for (let id = ancestors.length === ANCESTORS_AT_ONCE ? ancestors[ANCESTORS_AT_ONCE - 1]?.parent_id : null; id; ) {
    const parent = await findTenantById(tx, id);
    if (!parent) break;
    ancestors.push(parent);
    id = parent.parent_id;
  }
  return { tenant: first.row, ancestors, domains: first.domains ?? [] };
}

/** The query of the tenant a host names (columns of `tenants`), or null when it can name none. */
function hostTargetQuery(tx: AnyTx, target: HostTarget): SelectQueryBuilder<DB, 'tenants', TenantRow> | null {
  switch (target.type) {
    case 'platform':
      return tx.selectFrom('tenants').selectAll().where('kind', '=', 'platform');
    case 'subdomain': {
      const [commune, arrondissement] = target.slugs;
      if (!commune || target.slugs.length > 2) return null;
      const byCommune = tx
        .selectFrom('tenants')
        .where('slug', '=', commune)
        .where('parent_id', '=', (eb) => eb.selectFrom('tenants as p').select('p.id').where('p.kind', '=', 'platform'));
      if (arrondissement === undefined) return byCommune.selectAll();
      return tx
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', arrondissement)
        .where('parent_id', '=', byCommune.select('id'));
    }
    case 'custom': {
      // The domain itself; else `anfa.casablancacity.ma`: an arrondissement below its commune's custom domain.
      const byDomain = (domain: string) => tx.selectFrom('tenant_domains').select('tenant_id').where('domain', '=', domain);
      const direct = tx.selectFrom('tenants').selectAll().where('id', '=', byDomain(target.domain));
      const dot = target.domain.indexOf('.');
      if (dot < 0) return direct;
      const below = tx
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', target.domain.slice(0, dot))
        .where('parent_id', '=', (eb) =>
          eb.selectFrom('tenants as c').select('c.id').where('c.kind', '=', 'commune').where('c.id', '=', byDomain(target.domain.slice(dot + 1))),
        )
        // Only when the whole name is no tenant's domain: that one is the direct one's.
        .where((eb) => eb.not(eb.exists(byDomain(target.domain))));
      return direct.unionAll(below);
    }
  }
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
