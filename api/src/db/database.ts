import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from '@jamaa/migrations/index.ts';
import type { DB } from './schema.ts';

/**
 * The raw connection. Only migrations, seeding and the tenancy helpers in `tenancy/` use it directly:
 * application code receives a unit of work from `withTenant` / `withPlatform`.
 */
export interface Database {
  kind: 'pglite' | 'postgres';
  /** The owner's (migrations, seeding) or the serving login's connection; requests use units of work on it. */
  kysely: Kysely<DB>;
  /** Subscribe to a notification channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** An idle pooled connection failed (server restart, terminated backend); the pool replaces it. */
      onIdleError?: (err: Error) => void;
    }
  /** `dataDir` null: in memory (tests). */
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob };

/** Opens PostgreSQL or the embedded PGlite; the rest of the code cannot tell them apart. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 10, options.onIdleError ?? (() => {}))
    : openPglite(options);
}

async function openPostgres(url: string, poolSize: number, onIdleError: (err: Error) => void): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'jamaa' });
  // Without a listener, an error on an idle client (the server restarting) would crash the process.
  pool.on('error', onIdleError);
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<pg.Client>();
  return {
    kind: 'postgres',
    kysely,
    async listen(channel, onPayload) {
      // A dedicated connection: LISTEN on a pooled one would be lost when it goes back to the pool.
      const client = new pg.Client({ connectionString: url, application_name: 'jamaa-listen' });
      await client.connect();
      client.on('notification', (m) => {
        if (m.channel === channel) onPayload(m.payload ?? '');
      });
      // A dropped listener would leave caches stale forever: surface it instead of crashing silently.
      client.on('error', (err) => onPayload(`!error:${err.message}`));
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end();
      };
    },
    async close() {
      await Promise.all([...listeners].map((c) => c.end()));
      await kysely.destroy();
    },
  };
}

async function openPglite(options: { dataDir: string | null; loadDataDir?: Blob }): Promise<Database> {
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent },
  });
  // Kysely's own PGlite dialect serialises transactions on the single connection.
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    kysely,
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    async close() {
      await kysely.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

export function newMigrator(db: Database): Migrator {
  return new Migrator({ db: db.kysely, provider: migrationProvider });
}

/**
 * Refuses to serve when a role the units of work switch to (`jamaa_app`, `jamaa_provisioner`,
 * `jamaa_platform_admin`) could see past row-level security, or when the request role could create
 * temporary tables. Runs at start-up, on PGlite and PostgreSQL (catalog reads only; any connection);
 * the serving login itself is checked by `assertServingRoleIsSafe` (`db/roles.ts`).
 */
export async function assertRequestRoleIsSafe(db: Database): Promise<void> {
  const names = ['jamaa_app', 'jamaa_provisioner', 'jamaa_platform_admin'];
  const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number; temp: boolean }>`
    select r.rolname, r.rolsuper, r.rolbypassrls,
      (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm')) as owned,
      has_database_privilege(r.oid, current_database(), 'TEMPORARY') as temp
    from pg_roles r where r.rolname = any (${names}::text[])`.execute(db.kysely);
  for (const name of names) {
    const role = rows.find((r) => r.rolname === name);
    if (!role) throw new Error(`role ${name} is missing: run the migrations`);
    if (role.rolsuper || role.rolbypassrls || role.owned > 0) {
      throw new Error(`role ${name} must not be a superuser, bypass RLS or own tables; refusing to serve`);
    }
    if (role.temp) throw new Error(`role ${name} may create temporary tables (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC); refusing to serve`);
  }
}
