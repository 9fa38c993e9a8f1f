import { sql } from 'kysely';
import type { AnyTx, ProvisioningTx, TenantTx } from '../tenancy/unit-of-work.ts';

/** A tenant-owned table as the catalog describes it: what export, import and deletion need. */
export interface TenantTable {
  name: string;
  /** Columns written by an import, in table order (generated columns are left out: the database computes them). */
  columns: string[];
  /** Primary-key columns (rows are exported in this order, so two exports of the same data are identical). */
  key: string[];
  /** `generated always as identity` columns: imported with `overriding system value`. */
  identity: string[];
  /** Columns numbered by a sequence they own (identity or serial): the sequence is moved past imported values. */
  sequenced: string[];
  /** Tenant-owned tables this one references (imported before it, deleted after it). */
  dependsOn: string[];
  /** Columns referencing `staff_users (id)`: the accounts the archive must carry. */
  accountColumns: string[];
  /**
   * Columns referencing `catalogue_versions (id)` (an override's `base_version_id`): a national version's id
   * is this database's own, so the archive names each version by its content hash and an import maps it
   * to the same version's id in its database.
   */
  versionColumns: string[];
}

/**
 * Every table of `public` with a `tenant_id` column, read from the catalog (never a hand list, so a
 * table another feature adds is exported, imported and deleted with the rest), ordered so that a table
 * comes after every tenant-owned table it references.
 */
export async function listTenantTables(tx: AnyTx): Promise<TenantTable[]> {
  const { rows } = await sql<{
    name: string;
    columns: string[];
    key: string[];
    identity: string[];
    sequenced: string[];
    depends_on: string[];
    account_columns: string[];
    version_columns: string[];
  }>`
    with owned as (
      select c.oid, c.relname::text as name
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    )
    select o.name,
      array(select a.attname::text from pg_attribute a
             where a.attrelid = o.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
             order by a.attnum) as columns,
      array(select a.attname::text from pg_index i
              cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = o.oid and a.attnum = k.attnum
             where i.indrelid = o.oid and i.indisprimary order by k.ord) as key,
      array(select a.attname::text from pg_attribute a
             where a.attrelid = o.oid and a.attidentity = 'a' and not a.attisdropped order by a.attnum) as identity,
      array(select a.attname::text from pg_attribute a
             where a.attrelid = o.oid and a.attnum > 0 and not a.attisdropped
               and pg_get_serial_sequence(format('public.%I', o.name), a.attname) is not null order by a.attnum) as sequenced,
      array(select distinct r.name from pg_constraint f join owned r on r.oid = f.confrelid
             where f.conrelid = o.oid and f.contype = 'f' and r.oid <> o.oid order by 1) as depends_on,
      array(select a.attname::text from pg_constraint f
              cross join lateral unnest(f.conkey) as k(attnum)
              join pg_attribute a on a.attrelid = o.oid and a.attnum = k.attnum
             where f.conrelid = o.oid and f.contype = 'f' and f.confrelid = 'public.staff_users'::regclass
             order by 1) as account_columns,
      array(select a.attname::text from pg_constraint f
              cross join lateral unnest(f.conkey) as k(attnum)
              join pg_attribute a on a.attrelid = o.oid and a.attnum = k.attnum
             where f.conrelid = o.oid and f.contype = 'f' and f.confrelid = 'public.catalogue_versions'::regclass
             order by 1) as version_columns
      from owned o
     order by o.name`.execute(tx);
  const tables = rows.map((r) => ({
    name: r.name,
    columns: r.columns,
    key: r.key,
    identity: r.identity,
    sequenced: r.sequenced,
    dependsOn: r.depends_on,
    accountColumns: r.account_columns,
    versionColumns: r.version_columns,
  }));
  return orderByDependencies(tables);
}

/** Topological order (each table after those it references), ties by name: stable from run to run. */
export function orderByDependencies<T extends { name: string; dependsOn: string[] }>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: T[] = [];
  const visit = (t: T) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys between tenant-owned tables form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const d of t.dependsOn) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    visiting.delete(t.name);
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return ordered;
}

/**
 * The tenant's rows of `table` as JSON texts, one per row, exactly as PostgreSQL writes them
 * (`row_to_json`: timestamps in ISO 8601 in the session's time zone, bytea as `\x…` hex, jsonb nested),
 * in primary-key order. Kept as text: nothing is lost to JavaScript numbers.
 */
export async function exportRows(tx: TenantTx, table: TenantTable): Promise<string[]> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const order = table.key.length > 0 ? sql.join(table.key.map((c) => sql.ref(c))) : sql.join(table.columns.map((c) => sql`${sql.ref(c)}::text`));
  const { rows } = await sql<{ row: string }>`
    select row_to_json(x)::text as row
      from (select ${columns} from ${sql.table(table.name)} where tenant_id = ${tx.tenantId} order by ${order}) x`.execute(tx);
  return rows.map((r) => r.row);
}

/** Rows per INSERT when importing. */
const IMPORT_BATCH = 200;

/**
 * Writes rows given as JSON objects (`json_populate_record` turns each back into the table's types); rows
 * of another tenant are left out. `versions` maps the archive's catalogue version ids to this database's
 * (null: a version this database never had) in the table's `versionColumns`. A plain INSERT … VALUES in batches rather than INSERT … SELECT from
 * `json_populate_recordset`: Citus carries out the latter with COPY, which it refuses under row-level
 * security, while it evaluates the VALUES on the coordinator and routes each row to its shard.
 */
export async function importRows(tx: TenantTx, table: TenantTable, rowsJson: string, versions: ReadonlyMap<string, string | null> = new Map()): Promise<void> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const overriding = table.identity.length > 0 ? sql`overriding system value` : sql``;
  const rows = (JSON.parse(rowsJson) as Record<string, unknown>[])
    .filter((r) => r.tenant_id === tx.tenantId)
    .map((r) => {
      for (const c of table.versionColumns) {
        const id = r[c];
        if (typeof id === 'string' && versions.has(id)) r[c] = versions.get(id) ?? null;
      }
      return JSON.stringify(r);
    });
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
    const values = rows.slice(i, i + IMPORT_BATCH).map((row) => {
      const record = sql`json_populate_record(null::${sql.table(table.name)}, ${row}::json)`;
      return sql`(${sql.join(table.columns.map((c) => sql`(${record}).${sql.ref(c)}`))})`;
    });
    await sql`insert into ${sql.table(table.name)} (${columns}) ${overriding} values ${sql.join(values)}`.execute(tx);
  }
  for (const column of table.sequenced) {
    // Two statements, not one: on Citus a statement reading a distributed table runs on that tenant's
    // worker, whose copy of the sequence counts in another range; the sequence that numbers new rows is
    // the coordinator's, where a statement naming no table runs.
    const { rows: top } = await sql<{ max: string }>`
      select coalesce(max(${sql.ref(column)}), 1)::text as max from ${sql.table(table.name)} where tenant_id = ${tx.tenantId}`.execute(tx);
    await sql`select app.advance_identity(${table.name}::regclass, ${column}::name, ${top[0]?.max ?? '1'}::bigint)`.execute(tx);
  }
}

export async function deleteRows(tx: TenantTx, table: TenantTable): Promise<number> {
  const result = await sql`delete from ${sql.table(table.name)} where tenant_id = ${tx.tenantId}`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** The tenant's row as PostgreSQL writes it (for the archive's `tenant.json`). */
export async function exportTenantRow(tx: AnyTx, tenantId: string): Promise<string | undefined> {
  const { rows } = await sql<{ row: string }>`select row_to_json(t)::text as row from tenants t where id = ${tenantId}`.execute(tx);
  return rows[0]?.row;
}

/** Inserts the archived tenant row under its parent in this database (found by its registry code). */
export async function importTenantRow(tx: ProvisioningTx, rowJson: string, parentId: string | null): Promise<void> {
  await sql`
    insert into tenants
    select (r).* from (
      select json_populate_record(null::tenants, jsonb_set(${rowJson}::jsonb, '{parent_id}', coalesce(to_jsonb(${parentId}::uuid), 'null'::jsonb))::json) as r
    ) x`.execute(tx);
}

/** When this tenant was last exported, from the platform's audit log (`tenant.exported` entries). */
export async function lastExportAt(platformTx: TenantTx, tenantId: string): Promise<Date | null> {
  const row = await platformTx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('tenant_id', '=', platformTx.tenantId)
    .where('action', '=', 'tenant.exported')
    .where('target_id', '=', tenantId)
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

/** Storage keys of the tenant's files (removed from storage once its rows are deleted). */
export async function tenantStorageKeys(tx: TenantTx): Promise<string[]> {
  const rows = await tx.selectFrom('tenant_files').select('storage_key').where('tenant_id', '=', tx.tenantId).where('storage_key', 'is not', null).orderBy('storage_key').execute();
  return rows.flatMap((r) => (r.storage_key ? [r.storage_key] : []));
}

/** Staff accounts by id, as the archive carries them: who they are, never a secret. */
export async function exportAccounts(tx: AnyTx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ row: string }>`
    select row_to_json(x)::text as row
      from (select id, email, display_name, created_at, disabled_at from staff_users where id = any(${[...ids]}::uuid[]) order by id) x`.execute(tx);
  return rows.map((r) => r.row);
}

export async function existingAccountIds(tx: AnyTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`select id::text as id from staff_users where id = any(${[...ids]}::uuid[])`.execute(tx);
  return new Set(rows.map((r) => r.id));
}

/** Creates missing accounts under their archived ids, with a password nobody can give (set it through "forgot password"). */
export async function insertArchivedAccounts(tx: ProvisioningTx, accountsJson: string, unusableHash: string, at: Date): Promise<void> {
  await sql`
    insert into staff_users (id, email, display_name, password_hash, password_changed_at, created_at, disabled_at)
    select a.id, a.email, a.display_name, ${unusableHash}, ${at}, a.created_at, a.disabled_at
      from json_to_recordset(${accountsJson}::json) as a(id uuid, email text, display_name text, created_at timestamptz, disabled_at timestamptz)
     where not exists (select from staff_users u where u.id = a.id or u.email = a.email)`.execute(tx);
}

/** Ids the tenant's rows of `table` hold in `columns` (the accounts, or the catalogue versions, an archive must name). */
export async function referencedIds(tx: TenantTx, table: TenantTable, columns: readonly string[]): Promise<string[]> {
  if (columns.length === 0) return [];
  const parts = columns.map((c) => sql`select ${sql.ref(c)}::text as id from ${sql.table(table.name)} where tenant_id = ${tx.tenantId} and ${sql.ref(c)} is not null`);
  const { rows } = await sql<{ id: string }>`${sql.join(parts, sql` union `)}`.execute(tx);
  return rows.map((r) => r.id);
}

/** National catalogue versions by id, as the archive names them: id, content hash, label. */
export async function exportCatalogueVersions(tx: AnyTx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ row: string }>`
    select row_to_json(x)::text as row
      from (select id, content_hash, label from catalogue_versions where id = any(${[...ids]}::uuid[]) order by content_hash) x`.execute(tx);
  return rows.map((r) => r.row);
}

/**
 * This database's id of each archived catalogue version: the version with the same content hash, else the
 * same id if this database has it (an archive from this very database), else null (never published here).
 */
export async function mapCatalogueVersions(tx: AnyTx, archived: readonly { id: string; content_hash: string | null }[]): Promise<Map<string, string | null>> {
  if (archived.length === 0) return new Map();
  const hashes = archived.flatMap((v) => (v.content_hash ? [v.content_hash] : []));
  const { rows } = await sql<{ id: string; content_hash: string }>`
    select id::text as id, content_hash from catalogue_versions
     where content_hash = any(${hashes}::text[]) or id = any(${archived.map((v) => v.id)}::uuid[])`.execute(tx);
  const byHash = new Map(rows.map((r) => [r.content_hash, r.id]));
  const ids = new Set(rows.map((r) => r.id));
  return new Map(archived.map((v) => [v.id, (v.content_hash ? byHash.get(v.content_hash) : undefined) ?? (ids.has(v.id) ? v.id : null)]));
}

export async function deleteTenantRow(tx: ProvisioningTx, tenantId: string): Promise<void> {
  await tx.deleteFrom('tenants').where('id', '=', tenantId).execute();
}

/** Sessions of the tenant (suspension, archiving): everyone signed in there is signed out. */
export async function deleteTenantSessions(tx: TenantTx): Promise<number> {
  const result = await tx.deleteFrom('sessions').where('tenant_id', '=', tx.tenantId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setTimeZoneUtc(tx: AnyTx): Promise<void> {
  await sql`set local timezone = 'UTC'`.execute(tx);
}

/** The first tenant with this slug (a commune's; arrondissements share slugs only under different communes). */
export async function findTenantBySlug(tx: AnyTx, slug: string): Promise<{ id: string; kind: string } | undefined> {
  return tx.selectFrom('tenants').select(['id', 'kind']).where('slug', '=', slug).orderBy('code').executeTakeFirst();
}
