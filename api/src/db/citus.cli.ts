// `npm run citus:distribute`: on a Citus coordinator, as the owner (MIGRATION_DATABASE_URL, else
// DATABASE_URL), makes shared tables reference tables and tenant-owned tables distributed by tenant_id
// (see citus.ts and docs/scaling.md). Idempotent; `npm run migrate -- up` runs it too on Citus.
import { loadConfig } from '../config.ts';
import { distribute } from './citus.ts';
import { openDatabase } from './database.ts';

const config = loadConfig();
const url = config.migrationDatabaseUrl ?? config.databaseUrl;
if (!url) {
  console.error('citus:distribute needs the owner\'s URL of a Citus coordinator in MIGRATION_DATABASE_URL or DATABASE_URL');
  process.exit(2);
}
const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
try {
  const result = await distribute(db, (line) => console.log(line));
  console.log(`done: ${result.reference.length} reference and ${result.distributed.length} distributed tables added`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.close();
}
