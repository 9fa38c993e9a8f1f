// `npm run migrate -- up|down|status`: the same migrations on PGlite (JAMAA_DATA_DIR) or DATABASE_URL.
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { newMigrator, openDatabase } from './database.ts';

const command = process.argv[2] ?? 'status';
if (!['up', 'down', 'status'].includes(command)) {
  console.error('usage: npm run migrate -- up|down|status');
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase(
  config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
);
const migrator = newMigrator(db);
try {
  if (command === 'status') {
    for (const m of await migrator.getMigrations()) {
      console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending                          '}  ${m.name}`);
    }
  } else {
    const { error, results } = command === 'up' ? await migrator.migrateToLatest() : await migrator.migrateDown();
    for (const r of results ?? []) console.log(`${r.status.padEnd(8)} ${r.direction.toLowerCase()} ${r.migrationName}`);
    if (!results?.length) console.log('nothing to do');
    if (error) throw error;
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.close();
}
