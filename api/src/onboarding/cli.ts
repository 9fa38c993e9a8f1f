// `npm run tenants -- <command>`: the operator's onboarding from the command line, on the same database
// as the server (PostgreSQL: DATABASE_URL; PGlite: JAMAA_DATA_DIR, with the server stopped — PGlite is one
// process's). The same operation as the console and the API (`onboarding.service.ts`), as the system
// (audited with no actor).
//
//   onboard <code> [--slug s] [--domain d]… [--admin e-mail] [--locale ar|fr|zgh]   one commune (a city with its arrondissements)
//   import <file.csv>                                                               every code of a CSV file (first column, or `code`)
//   region <code or name>                                                           every commune of a region
//   search <text>                                                                   the registry, by name, spelling or code
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { AppError } from '../shared/errors.ts';
import { codesFromCsv, onboardBatch, onboardCommune, regionCodes, type BatchReport } from './onboarding.service.ts';
import { REGISTRY_CREDIT } from './overview.service.ts';
import { searchRegistry } from './registry-search.ts';

const USAGE = `usage: npm run tenants -- onboard <code> [--slug s] [--domain d]… [--admin e-mail] [--locale ar|fr|zgh]
       npm run tenants -- import <file.csv>
       npm run tenants -- region <code or name>
       npm run tenants -- search <text>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    slug: { type: 'string' },
    domain: { type: 'string', multiple: true },
    admin: { type: 'string' },
    locale: { type: 'string' },
  },
});
const [command, argument] = positionals;
if (!command || !argument || !['onboard', 'import', 'region', 'search'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

function printReport(report: BatchReport): void {
  for (const r of report.created) console.log(`created  row ${r.row}  ${r.code}  ${r.slug} (${r.tenants} tenant${r.tenants === 1 ? '' : 's'})`);
  for (const r of report.skipped) console.log(`skipped  row ${r.row}  ${r.code}  ${r.slug ?? ''}  ${r.detail ?? 'already there'}`);
  for (const r of report.refused) console.log(`refused  row ${r.row}  ${r.code}  ${r.reason}: ${r.detail ?? ''}`);
  console.log(`${report.created.length} created, ${report.skipped.length} skipped, ${report.refused.length} refused`);
}

if (command === 'search') {
  for (const h of searchRegistry(argument)) {
    console.log(`${h.code.padEnd(13)} ${h.slug.padEnd(28)} ${h.nameFr} / ${h.nameAr} — ${h.province.nameFr}, ${h.population}${h.arrondissements.length ? `, ${h.arrondissements.length} arrondissements` : ''}`);
  }
  console.log(REGISTRY_CREDIT);
  process.exit(0);
}

const runtime = await createRuntime(loadConfig());
const deps = { ...runtime, clock: () => new Date() };
try {
  if (command === 'onboard') {
    const result = await onboardCommune(
      deps,
      {
        code: argument,
        slug: values.slug,
        domains: values.domain,
        administratorEmail: values.admin ?? null,
        ...(values.locale ? { defaultLocale: values.locale as Locale } : {}),
      },
      { actor: null },
    );
    console.log(`onboarded ${result.commune.code} as ${result.commune.slug}: ${result.commune.url}`);
    for (const a of result.arrondissements) console.log(`  arrondissement ${a.code} ${a.slug}`);
    console.log(`services offered: ${result.services.offered} of ${result.services.total}`);
    if (result.invitation) {
      console.log(
        `invitation to ${result.invitation.email}: ${runtime.mailer.kind === 'outbox' ? "held in the platform's outbox (no SMTP_URL): the operator passes the link on" : 'sent by mail'}`,
      );
    }
  } else {
    const codes = command === 'import' ? codesFromCsv(readFileSync(argument, 'utf8')) : regionCodes(argument);
    let last = -1;
    const report = await onboardBatch(deps, codes, { actor: null }, ({ done, total }) => {
      const pct = Math.floor((100 * done) / Math.max(1, total));
      if (pct !== last && pct % 10 === 0) console.error(`${done}/${total}`);
      last = pct;
    });
    printReport(report);
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(`${err.code}: ${err.message}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await runtime.close();
}
