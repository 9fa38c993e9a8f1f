import { sql } from 'kysely';
import { migrations } from '@jamaa/migrations/index.ts';
import type { Database } from './database.ts';

/**
 * The database roles (created by the migrations; see `2026_12_04_0020_least_privilege.ts`):
 * - the owner: whoever runs the migrations; owns the tables. Used at start-up only, then closed.
 * - `SERVING_LOGIN`: the login the server serves with. Owns nothing, holds nothing itself, may switch to
 *   `jamaa_app` (`withTenant` / `withPlatform`) and `jamaa_provisioner` (`withProvisioning`).
 * - `jamaa_platform_admin` (`withPlatformAdmin`): the owner only.
 */
export const SERVING_LOGIN = 'jamaa_server';

/** Roles the serving login must never be able to become: granting platform roles is the owner's. */
const OWNER_ONLY_ROLES = ['jamaa_platform_admin'];

/**
 * The serving login's URL from the owner's: same server, database and options, user `jamaa_server`,
 * password `password` (none when null: trust or certificate authentication).
 *
 * @example servingUrl('postgres://owner:secret@db:5432/jamaa', null) // → 'postgres://jamaa_server@db:5432/jamaa'
 */
export function servingUrl(ownerUrl: string, password: string | null): string {
  const url = new URL(ownerUrl);
  url.username = SERVING_LOGIN;
  url.password = password ? encodeURIComponent(password) : '';
  // libpq-style parameters in the query string would override the user above.
  url.searchParams.delete('user');
  url.searchParams.delete('password');
  return url.toString();
}

/** The role a connection logged in as. */
export async function sessionRole(db: Database): Promise<string> {
  const { rows } = await sql<{ role: string }>`select session_user::text as role`.execute(db.kysely);
  return rows[0]?.role ?? '';
}

/**
 * Migrations not applied yet, read through the request role (the serving login holds no privilege of
 * its own). An unreadable or missing migration table means everything from the least-privilege
 * migration on is pending.
 */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const all = Object.keys(migrations);
  let applied: string[];
  try {
    applied = await db.kysely.transaction().execute(async (tx) => {
      await sql`set local role jamaa_app`.execute(tx);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(tx);
      return rows.map((r) => r.name);
    });
  } catch (err) {
    // 42P01: no migration table (an empty database); 42501: no grant yet (migrated before 0020).
    const code = (err as { code?: string }).code;
    if (code !== '42P01' && code !== '42501') throw err;
    applied = [];
  }
  return all.filter((name) => !applied.includes(name));
}

interface ServingRoleFacts {
  role: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  owns: string[];
  readable: string[];
  temp: boolean;
  create_db: boolean;
  create_public: boolean;
  becomes: { name: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; owned: number }[];
}

/**
 * Refuses to serve (PostgreSQL) unless the connection's login role is harmless by itself: no superuser,
 * no BYPASSRLS, CREATEROLE or CREATEDB; owns nothing here (the database, a schema, a table, a function);
 * may not create temporary tables, schemas or tables in `public`; after `RESET ROLE` can use no table
 * at all (it holds no privilege of its own and inherits none); may become `jamaa_app`, and every role it
 * may become is itself no superuser, bypasses nothing and owns nothing — `jamaa_platform_admin` excluded.
 * Runs at start-up on the serving connection; cheap (catalog reads only).
 */
export async function assertServingRoleIsSafe(db: Database): Promise<void> {
  const { rows } = await db.kysely.transaction().execute(async (tx) => {
    // As the login itself, whatever a pooled connection was left with.
    await sql`reset role`.execute(tx);
    return sql<ServingRoleFacts>`
      select r.rolname as role, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
        array(
          select 'database ' || d.datname from pg_database d where d.datname = current_database() and d.datdba = r.oid
          union all select 'schema ' || n.nspname from pg_namespace n where n.nspowner = r.oid
          union all select 'table ' || c.relname from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          union all select 'function ' || p.proname from pg_proc p where p.proowner = r.oid
        ) as owns,
        array(
          select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'app') and c.relkind in ('r', 'p', 'v', 'm', 'f')
            -- An extension's own views (Citus puts citus_tables, citus_schemas in public) hold no tenant data.
            and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
            and (has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
              or has_any_column_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
          order by 1
        ) as readable,
        has_database_privilege(r.oid, current_database(), 'TEMPORARY') as temp,
        has_database_privilege(r.oid, current_database(), 'CREATE') as create_db,
        has_schema_privilege(r.oid, 'public', 'CREATE') as create_public,
        coalesce((
          select json_agg(json_build_object('name', b.rolname, 'rolsuper', b.rolsuper, 'rolbypassrls', b.rolbypassrls,
            'rolcreaterole', b.rolcreaterole, 'owned', (select count(*) from pg_class c where c.relowner = b.oid)))
          from pg_roles b where b.oid <> r.oid and pg_has_role(r.oid, b.oid, 'MEMBER')
        ), '[]'::json) as becomes
      from pg_roles r where r.rolname = session_user`.execute(tx);
  });
  const facts = rows[0];
  if (!facts) throw new Error('the serving login is not in pg_roles');
  const problems: string[] = [];
  if (facts.rolsuper) problems.push('is a superuser');
  if (facts.rolbypassrls) problems.push('bypasses row-level security');
  if (facts.rolcreaterole) problems.push('may create roles (and so grant itself any)');
  if (facts.rolcreatedb) problems.push('may create databases');
  if (facts.owns.length) problems.push(`owns ${facts.owns.slice(0, 5).join(', ')}`);
  if (facts.readable.length) problems.push(`holds privileges of its own on ${facts.readable.slice(0, 5).join(', ')} (usable after RESET ROLE)`);
  if (facts.temp) problems.push('may create temporary tables (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC)');
  if (facts.create_db) problems.push('may create schemas');
  if (facts.create_public) problems.push('may create tables in schema public');
  if (!facts.becomes.some((b) => b.name === 'jamaa_app')) problems.push('cannot SET ROLE jamaa_app (GRANT jamaa_app TO it)');
  for (const b of facts.becomes) {
    if (OWNER_ONLY_ROLES.includes(b.name)) problems.push(`may become ${b.name}, which only the owner may use`);
    if (b.rolsuper || b.rolbypassrls || b.rolcreaterole || b.owned > 0) {
      problems.push(`may become ${b.name}, which is a superuser, bypasses row-level security, creates roles or owns tables`);
    }
  }
  if (problems.length) {
    throw new Error(`the serving login ${facts.role} ${problems.join('; ')}: refusing to serve (see infra/README.md, "Database roles")`);
  }
}
