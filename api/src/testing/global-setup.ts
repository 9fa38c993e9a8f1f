import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect } from 'kysely';
import type { TestProject } from 'vitest/node';
import { DatabaseHealth } from '../db/availability.ts';
import { migrateToLatest, openDatabase, type Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { detectCitus } from './citus.ts';
import { admin, TEMPLATE_DB, withDatabase } from './postgres.ts';

/**
 * Migrates once; every test file then clones the result: a dump of a PGlite data directory, and on
 * real PostgreSQL (when DATABASE_URL is set) a template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-test-'));
  const pglite = await PGlite.create({ extensions: { pg_trgm, unaccent } });
  const db: Database = {
    kind: 'pglite',
    kysely: new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) }),
    health: new DatabaseHealth(),
    listen: async () => async () => {},
    close: async () => {},
  };
  await migrateToLatest(db);
  const dumpPath = path.join(dir, 'template.tar');
  fs.writeFileSync(dumpPath, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', dumpPath);

  const url = process.env.DATABASE_URL;
  // On a Citus coordinator every test database is created and migrated on its own (testing/citus.ts).
  if (url && !(await detectCitus(url))) {
    await admin(url, [`drop database if exists ${TEMPLATE_DB}`, `create database ${TEMPLATE_DB}`]);
    const template = await openDatabase({ kind: 'postgres', url: withDatabase(url, TEMPLATE_DB), poolSize: 1 });
    await migrateToLatest(template);
    await template.close();
  }
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
