// `npm run tenant-archive -- <command>`: a tenant's archive from the command line, on the same database
// and storage as the server (PostgreSQL: DATABASE_URL; PGlite: JAMAA_DATA_DIR, with the server stopped).
// The same operations as the operator's API (`archive.service.ts`), as the system (the platform's audit
// log records them with no actor). Format: docs/TENANT-ARCHIVE.md.
//
//   export <slug or id or code> [--out file.zip]   writes the archive (default: <slug>-<time>.zip here)
//   import <file.zip>                              brings a tenant back into a database where it is absent
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { AppError } from '../shared/errors.ts';
import { exportTenant, importTenant } from './archive.service.ts';
import { findTenantIdByName } from './lifecycle.service.ts';

const USAGE = `usage: npm run tenant-archive -- export <slug, id or registry code> [--out file.zip]
       npm run tenant-archive -- import <file.zip>`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const [command, argument] = positionals;
if (!command || !argument || !['export', 'import'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

const runtime = await createRuntime(loadConfig());
const deps = { ...runtime, clock: () => new Date() };
try {
  if (command === 'export') {
    const id = await findTenantIdByName(runtime.db, argument);
    if (!id) throw new AppError('NOT_FOUND', `no tenant ${argument}`);
    const archive = await exportTenant(deps, id, null);
    const out = values.out ?? archive.fileName;
    writeFileSync(out, archive.zip);
    const rows = Object.values(archive.manifest.tables).reduce((a, b) => a + b, 0);
    console.log(`${out}: ${archive.manifest.tenant.slug}, ${rows} rows in ${Object.keys(archive.manifest.tables).length} tables, ${archive.manifest.files.length} files, ${archive.zip.byteLength} bytes, sha256 ${archive.sha256}`);
  } else {
    const report = await importTenant(deps, new Uint8Array(readFileSync(argument)), null);
    const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
    console.log(`imported ${report.tenant.slug} (${report.tenant.status}): ${rows} rows, ${report.files} files, ${report.accountsCreated} accounts created`);
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(`${err.code}: ${err.message}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await runtime.close();
}
