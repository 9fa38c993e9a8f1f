import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { admin, TEMPLATE_DB, withDatabase } from './postgres.ts';

export type DatabaseKind = Database['kind'];

/** The databases the suite runs on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export const DATABASE_KINDS: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Closes and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
  /** On PostgreSQL: the URL of this database, for a second "process" to connect to. */
  url: string | null;
}

/** A freshly migrated database of its own, cloned from the template made in global setup. */
export async function newTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    const db = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: dump });
    return { ...db, url: null, dispose: () => db.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `jamaa_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin(serverUrl, [`create database ${name} template ${TEMPLATE_DB}`]);
  const url = withDatabase(serverUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  return {
    ...db,
    url,
    async dispose() {
      await db.close();
      await admin(serverUrl, [`drop database if exists ${name} with (force)`]);
    },
  };
}
