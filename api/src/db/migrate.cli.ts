// `npm run migrate -- up|down|status`: the same migrations on PGlite (JAMAA_DATA_DIR) or PostgreSQL as the
// owner: MIGRATION_DATABASE_URL when set (the server's DATABASE_URL may be the serving login), else DATABASE_URL.
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { distribute, isCitus } from './citus.ts';
import { newMigrator, openDatabase } from './database.ts';
import { SERVING_LOGIN, sessionRole } from './roles.ts';

const command = process.argv[2] ?? 'status';
if (!['up', 'down', 'status'].includes(command)) {
  console.error('usage: npm run migrate -- up|down|status');
  process.exit(2);
}

const config = loadConfig();
const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
const db = await openDatabase(ownerUrl ? { kind: 'postgres', url: ownerUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
const migrator = newMigrator(db);
try {
  if (db.kind === 'postgres' && (await sessionRole(db)) === SERVING_LOGIN) {
    throw new Error(`${SERVING_LOGIN} is the serving login and may not migrate: set MIGRATION_DATABASE_URL to the owner's URL`);
  }
  if (command === 'status') {
    for (const m of await migrator.getMigrations()) {
      console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending                          '}  ${m.name}`);
    }
  } else {
    const { error, results } = command === 'up' ? await migrator.migrateToLatest() : await migrator.migrateDown();
    for (const r of results ?? []) console.log(`${r.status.padEnd(8)} ${r.direction.toLowerCase()} ${r.migrationName}`);
    if (!results?.length) console.log('nothing to do');
    if (error) throw error;
    // On a Citus coordinator, tables a migration added are distributed at once (idempotent).
    if (command === 'up' && (await isCitus(db))) await distribute(db, (line) => console.log(line));
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.close();
}
