import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { assertServingRoleIsSafe, servingUrl } from '../db/roles.ts';
import { createCitusDatabase, detectCitus, dropCitusDatabase, type CitusCluster } from './citus.ts';
import { admin, TEMPLATE_DB, withDatabase } from './postgres.ts';

export type DatabaseKind = Database['kind'];

/** The databases the suite runs on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export const DATABASE_KINDS: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Closes and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
  /** On PostgreSQL: the URL of this database, as its owner, for a second "process" to connect to. */
  url: string | null;
  /**
   * The connection the server would serve with (checked as at start-up): on PostgreSQL a pool logged in
   * as `jamaa_server` (password DATABASE_SERVER_PASSWORD, if any); on PGlite this same database, whose one
   * connection is a superuser. Opened once, closed by `dispose`. This object itself is the owner's
   * connection, for fixtures.
   */
  serving(): Promise<Database>;
}

/** A freshly migrated database of its own, cloned from the template made in global setup. */
export async function newTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    const db = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: dump });
    return { ...db, url: null, serving: async () => db, dispose: () => db.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `jamaa_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const citus = await citusCluster(serverUrl);
  if (citus) await createCitusDatabase(serverUrl, citus, name);
  // A database's own privileges are not copied from its template: repeat the least-privilege migration's.
  else await admin(serverUrl, [`create database ${name} template ${TEMPLATE_DB}`, `revoke temporary on database ${name} from public`]);
  const url = withDatabase(serverUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  let serving: Promise<Database> | null = null;
  return {
    ...db,
    url,
    serving() {
      serving ??= (async () => {
        const login = await openDatabase({ kind: 'postgres', url: servingUrl(url, process.env.DATABASE_SERVER_PASSWORD || null), poolSize: 4 });
        try {
          await assertServingRoleIsSafe(login);
        } catch (err) {
          await login.close();
          throw err;
        }
        return login;
      })();
      return serving;
    },
    async dispose() {
      await (await serving?.catch(() => null))?.close();
      await db.close();
      if (citus) await dropCitusDatabase(serverUrl, citus, name);
      else await admin(serverUrl, [`drop database if exists ${name} with (force)`]);
    },
  };
}

let cluster: Promise<CitusCluster | null> | null = null;
/** DATABASE_URL's Citus cluster (asked once per test file), or null on plain PostgreSQL. */
function citusCluster(serverUrl: string): Promise<CitusCluster | null> {
  cluster ??= detectCitus(serverUrl);
  return cluster;
}
