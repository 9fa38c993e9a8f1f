import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Citus, the distributed PostgreSQL (docs/scaling.md): what this platform needs of it.
 *
 * - Shared tables (tenants, domains, the catalogue, staff accounts… — no key led by `tenant_id`) become
 *   REFERENCE tables, copied to every node, so a join with them stays on the node of the tenant's rows.
 * - Tenant-owned tables (`tenant_id` first in the primary key, with row-level security) are DISTRIBUTED by `tenant_id`, all in one colocation group,
 *   so one tenant's rows of every table sit on the same node and a unit of work stays on one node.
 * - The tables are read from the catalogue, not listed here: a table another feature adds is covered as soon
 *   as it exists. `distribute` is idempotent and runs after every migration (`npm run citus:distribute`, and
 *   `npm run migrate -- up` calls it on a Citus coordinator).
 *
 * Nothing here runs on plain PostgreSQL or PGlite: `isCitus` is false there.
 */

/** Tables that stay local to the coordinator: the migrator's own bookkeeping. */
const LOCAL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** The column every tenant-owned table is distributed by. */
export const DISTRIBUTION_COLUMN = 'tenant_id';

/** Roles Citus must be able to log in as on every worker: it connects to the workers as the current role. */
export const WORKER_LOGIN_ROLES = ['jamaa_app', 'jamaa_provisioner', 'jamaa_platform_admin'] as const;

export interface CatalogTable {
  name: string;
  /**
   * Tenant-owned: `tenant_id` leads its primary key (CONVENTIONS: every key of a tenant-owned table starts
   * with it). A shared table may still name a tenant (`tenant_domains`, keyed by the domain, unique
   * platform-wide): that one stays a reference table, as Citus needs the distribution column in every
   * unique key.
   */
  tenantOwned: boolean;
  /** Tables this one has a foreign key to (other than itself). */
  references: string[];
  /**
   * Already a Citus table (reference or distributed). A "Citus local" table — one Citus took into its
   * metadata by itself because it has a foreign key to a reference table — counts as not yet done.
   */
  citus: 'reference' | 'distributed' | null;
}

export interface DistributionPlan {
  /** In an order where every table comes after those it references. */
  reference: string[];
  /** Likewise; the first one anchors the colocation group. */
  distributed: string[];
  /** A shared table referencing a tenant-owned one: Citus cannot make it a reference table. */
  problems: string[];
}

/** Is the Citus extension installed in this database? (PGlite and plain PostgreSQL: no.) */
export async function isCitus(db: Database): Promise<boolean> {
  if (db.kind !== 'postgres') return false;
  const { rows } = await sql<{ present: boolean }>`select exists (select from pg_extension where extname = 'citus') as present`.execute(db.kysely);
  return rows[0]?.present === true;
}

/**
 * What `distribute` would do, from the catalogue's tables. Pure, so it is tested without Citus.
 *
 * @example planDistribution([{ name: 'tenants', tenantOwned: false, references: [], citus: null }]).reference // → ['tenants']
 */
export function planDistribution(tables: readonly CatalogTable[]): DistributionPlan {
  const byName = new Map(tables.filter((t) => !LOCAL_TABLES.has(t.name)).map((t) => [t.name, t]));
  const ordered: CatalogTable[] = [];
  const seen = new Set<string>();
  const visit = (t: CatalogTable, path: Set<string>) => {
    if (seen.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of [...t.references].sort()) {
      const target = byName.get(r);
      if (target) visit(target, path);
    }
    path.delete(t.name);
    seen.add(t.name);
    ordered.push(t);
  };
  for (const t of [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(t, new Set());
  const problems = ordered
    .filter((t) => !t.tenantOwned)
    .flatMap((t) => t.references.filter((r) => byName.get(r)?.tenantOwned).map((r) => `${t.name} (shared) references ${r} (tenant-owned)`));
  return {
    reference: ordered.filter((t) => !t.tenantOwned && t.citus === null).map((t) => t.name),
    distributed: ordered.filter((t) => t.tenantOwned && t.citus === null).map((t) => t.name),
    problems,
  };
}

/** The ordinary tables of schema public with what `planDistribution` needs to know of them. */
export async function catalogTables(db: Database): Promise<CatalogTable[]> {
  const citus = await isCitus(db);
  const { rows } = await sql<{ name: string; tenant_owned: boolean; refs: string[]; citus_type: string | null }>`
    select c.relname as name,
      exists (select from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
              where i.indrelid = c.oid and i.indisprimary and a.attname = ${DISTRIBUTION_COLUMN}) as tenant_owned,
      coalesce((select array_agg(distinct f.confrelid::regclass::text) from pg_constraint f
                where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid), '{}') as refs,
      ${citus ? sql`(select p.partmethod::text || p.repmodel::text from pg_dist_partition p where p.logicalrelid = c.oid)` : sql`null::text`} as citus_type
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db.kysely);
  return rows.map((r) => ({
    name: r.name,
    tenantOwned: r.tenant_owned,
    references: r.refs,
    // pg_dist_partition: partmethod 'h' hash-distributed; 'n' with repmodel 't' a reference table, 'n' with
    // another a Citus local table (taken in by Citus when a foreign key to a reference table appeared).
    citus: r.citus_type?.startsWith('h') ? 'distributed' : r.citus_type === 'nt' ? 'reference' : null,
  }));
}

export interface DistributeResult {
  reference: string[];
  distributed: string[];
}

/**
 * Makes shared tables reference tables and tenant-owned tables distributed by `tenant_id` in one colocation
 * group, then lets the request roles log in on the workers. Run as the owner (a Citus superuser or the
 * tables' owner) on the coordinator; idempotent.
 */
export async function distribute(db: Database, log: (line: string) => void = () => {}): Promise<DistributeResult> {
  if (!(await isCitus(db))) throw new Error('the Citus extension is not installed in this database: nothing to distribute');
  const tables = await catalogTables(db);
  const plan = planDistribution(tables);
  if (plan.problems.length) throw new Error(`cannot distribute: ${plan.problems.join('; ')}`);
  // Citus distributes no table that a local one still references, and lets no local table reference a
  // distributed one: the foreign keys between tenant-owned tables still to distribute are set aside
  // and put back once every one of them is distributed (in one colocation group, with tenant_id in each
  // key, as Citus requires of keys between distributed tables). Put back even when a step fails.
  const between = await foreignKeysBetween(db, plan.distributed);
  for (const fk of between) await sql`alter table ${sql.id(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(db.kysely);
  try {
    for (const name of plan.reference) {
      await sql`select create_reference_table(${name}::regclass)`.execute(db.kysely);
      log(`reference   ${name}`);
    }
    // The colocation anchor: a table distributed earlier, else the first of this run.
    let anchor = tables.find((t) => t.citus === 'distributed')?.name ?? null;
    for (const name of plan.distributed) {
      await sql`select create_distributed_table(${name}::regclass, ${DISTRIBUTION_COLUMN}, colocate_with => ${anchor ?? 'default'})`.execute(db.kysely);
      anchor ??= name;
      log(`distributed ${name} by ${DISTRIBUTION_COLUMN}`);
    }
  } finally {
    for (const fk of between) {
      await sql`alter table ${sql.id(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(db.kysely);
    }
  }
  if (between.length) log(`foreign keys between distributed tables put back: ${between.length}`);
  const columnGrants = await propagateColumnGrants(db);
  if (columnGrants) log(`column-level grants copied to the shards: ${columnGrants}`);
  await allowWorkerLogins(db);
  return { reference: plan.reference, distributed: plan.distributed };
}

/**
 * Citus copies a table's grants to its shards, but not column-level ones (`staff_users`: the request role
 * may read and change some columns only): each is granted again on every placement of its table, so a
 * query on a shard is allowed what the same query on the table is. Idempotent (a GRANT given twice is one).
 */
async function propagateColumnGrants(db: Database): Promise<number> {
  const { rows } = await sql<{ table: string; privilege: string; role: string; columns: string[] }>`
    select c.oid::regclass::text as table, acl.privilege_type as privilege, acl.grantee::regrole::text as role,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_dist_partition p
      join pg_class c on c.oid = p.logicalrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attacl is not null
      cross join lateral aclexplode(a.attacl) acl
     where acl.grantee <> 0 and acl.grantee <> c.relowner
     group by 1, 2, 3
     order by 1, 2, 3`.execute(db.kysely);
  for (const g of rows) await grantOnPlacements(db, g.table, g.privilege, g.columns, g.role);
  // Citus sends an INSERT to the shards with every column named, the defaults filled in on the coordinator:
  // whoever may insert some columns must, on the shards only, be allowed the defaulted ones too. The
  // coordinator's table, where the query is planned and checked, keeps the narrower grant.
  const { rows: defaults } = await sql<{ table: string; role: string; columns: string[] }>`
    select c.oid::regclass::text as table, g.role,
           array_agg(d.attname::text order by d.attnum) as columns
      from pg_dist_partition p
      join pg_class c on c.oid = p.logicalrelid
      join lateral (
        select distinct acl.grantee::regrole::text as role
          from pg_attribute a cross join lateral aclexplode(a.attacl) acl
         where a.attrelid = c.oid and a.attnum > 0 and a.attacl is not null and acl.privilege_type = 'INSERT'
           and acl.grantee <> 0 and acl.grantee <> c.relowner
      ) g on true
      join pg_attribute d on d.attrelid = c.oid and d.attnum > 0 and not d.attisdropped and d.atthasdef
     group by 1, 2
     order by 1, 2`.execute(db.kysely);
  for (const g of defaults) await grantOnPlacements(db, g.table, 'INSERT', g.columns, g.role);
  return rows.length + defaults.length;
}

/** `GRANT privilege (columns) ON <each placement of table> TO role`; throws with the first refusal. */
async function grantOnPlacements(db: Database, table: string, privilege: string, columns: readonly string[], role: string): Promise<void> {
  const list = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  const { rows } = await sql<{ success: boolean; result: string }>`
    select success, result from run_command_on_placements(${table}::regclass, ${`grant ${privilege} (${list}) on %s to ${role}`})`.execute(db.kysely);
  const failed = rows.find((r) => !r.success);
  if (failed) throw new Error(`could not grant ${privilege} on columns of ${table} to ${role}: ${failed.result}`);
}

/** Foreign keys from one of `tables` to another of them (not to itself), with their definitions. */
async function foreignKeysBetween(db: Database, tables: readonly string[]): Promise<{ table: string; name: string; definition: string }[]> {
  if (tables.length === 0) return [];
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select f.conrelid::regclass::text as table, f.conname as name, pg_get_constraintdef(f.oid) as definition
      from pg_constraint f
     where f.contype = 'f' and f.conrelid <> f.confrelid
       and f.conrelid::regclass::text in (${sql.join(tables)})
       and f.confrelid::regclass::text in (${sql.join(tables)})
     order by 1, 2`.execute(db.kysely);
  return rows;
}

/**
 * Citus opens its connections to the workers as the CURRENT role, which inside a unit of work is
 * `jamaa_app` (or `jamaa_provisioner`): NOLOGIN roles on the coordinator. On the workers only, they get
 * LOGIN; who may connect is then pg_hba.conf's business on the workers (the coordinator's address only,
 * with a password from pg_dist_authinfo or a certificate; see docs/scaling.md). Roles of a worker added
 * later are synced NOLOGIN from the coordinator: run `npm run citus:distribute` again after adding one.
 * The worker must not pass the ALTER ROLE on to the other nodes (metadata is synced to every node, so it
 * would, back to the coordinator waiting for it: a distributed deadlock), hence the SET before it.
 */
export async function allowWorkerLogins(db: Database): Promise<void> {
  for (const role of WORKER_LOGIN_ROLES) {
    const { rows } = await sql<{ nodename: string; nodeport: number; success: boolean; result: string }>`
      select nodename, nodeport, success, result from run_command_on_workers(${`set citus.enable_alter_role_propagation = off; alter role ${role} login`})`.execute(db.kysely);
    const failed = rows.filter((r) => !r.success);
    if (failed.length) throw new Error(`could not let ${role} log in on ${failed.map((r) => `${r.nodename}:${r.nodeport} (${r.result})`).join(', ')}`);
  }
}

/** The workers registered with this coordinator (host and port as the coordinator reaches them). */
export async function workerNodes(db: Database): Promise<{ host: string; port: number }[]> {
  const { rows } = await sql<{ host: string; port: number }>`
    select nodename as host, nodeport as port from pg_dist_node where noderole = 'primary' and groupid <> 0 and isactive
    order by nodename, nodeport`.execute(db.kysely);
  return rows;
}
