// `npm run tenants -- <command>`: the operator's onboarding from the command line, on the same database
// as the server (PostgreSQL: DATABASE_URL; PGlite: JAMAA_DATA_DIR, with the server stopped — PGlite is one
// process's). The same operation as the console and the API (`onboarding.service.ts`), as the system
// (audited with no actor).
//
//   onboard <code> [--slug s] [--domain d]… [--admin e-mail] [--locale ar|fr|zgh]   one commune (a city with its arrondissements)
//   import <file.csv>                                                               every code of a CSV file (first column, or `code`)
//   region <code or name>                                                           every commune of a region
//   search <text>                                                                   the registry, by name, spelling or code
//
// Exit code: 0 done (a batch's refused rows are in its report), 1 refused (`TENANT_EXISTS` for a commune
// onboarded already, `REGISTRY_CODE_UNKNOWN`…, or an unreadable file), 2 a usage error. `main` is what
// `cli.test.ts` runs.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { AppError } from '../shared/errors.ts';
import { codesFromCsv, onboardBatch, onboardCommune, regionCodes, type BatchReport, type OnboardingDeps } from './onboarding.service.ts';
import { REGISTRY_CREDIT } from './overview.service.ts';
import { searchRegistry } from './registry-search.ts';

const USAGE = `usage: npm run tenants -- onboard <code> [--slug s] [--domain d]… [--admin e-mail] [--locale ar|fr|zgh]
       npm run tenants -- import <file.csv>
       npm run tenants -- region <code or name>
       npm run tenants -- search <text>`;

/** What the command works on: the server's database, storage and mailer (`createRuntime`), closed at the end. */
export type CliRuntime = OnboardingDeps & { close(): Promise<void> };

/** Where the command writes: the report on standard output, usage, errors and progress on standard error. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

function printReport(report: BatchReport, io: CliOutput): void {
  for (const r of report.created) io.out(`created  row ${r.row}  ${r.code}  ${r.slug} (${r.tenants} tenant${r.tenants === 1 ? '' : 's'})`);
  for (const r of report.skipped) io.out(`skipped  row ${r.row}  ${r.code}  ${r.slug ?? ''}  ${r.detail ?? 'already there'}`);
  for (const r of report.refused) io.out(`refused  row ${r.row}  ${r.code}  ${r.reason}: ${r.detail ?? ''}`);
  io.out(`${report.created.length} created, ${report.skipped.length} skipped, ${report.refused.length} refused`);
}

/**
 * Runs one command (`args`: what follows `npm run tenants --`) and answers the exit code: 0 done, 1 refused
 * (an `AppError`: its code and message on standard error), 2 a usage error. The runtime is opened only
 * for commands that need the database.
 */
export async function main(args: readonly string[], openRuntime: () => Promise<CliRuntime>, io: CliOutput = CONSOLE): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        slug: { type: 'string' },
        domain: { type: 'string', multiple: true },
        admin: { type: 'string' },
        locale: { type: 'string' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, argument] = positionals;
  if (!command || !argument || !['onboard', 'import', 'region', 'search'].includes(command)) {
    io.err(USAGE);
    return 2;
  }

  if (command === 'search') {
    for (const h of searchRegistry(argument)) {
      io.out(`${h.code.padEnd(13)} ${h.slug.padEnd(28)} ${h.nameFr} / ${h.nameAr} — ${h.province.nameFr}, ${h.population}${h.arrondissements.length ? `, ${h.arrondissements.length} arrondissements` : ''}`);
    }
    io.out(REGISTRY_CREDIT);
    return 0;
  }

  const runtime = await openRuntime();
  try {
    if (command === 'onboard') {
      const result = await onboardCommune(
        runtime,
        {
          code: argument,
          slug: values.slug,
          domains: values.domain,
          administratorEmail: values.admin ?? null,
          ...(values.locale ? { defaultLocale: values.locale as Locale } : {}),
        },
        { actor: null },
      );
      io.out(`onboarded ${result.commune.code} as ${result.commune.slug}: ${result.commune.url}`);
      for (const a of result.arrondissements) io.out(`  arrondissement ${a.code} ${a.slug}`);
      io.out(`services offered: ${result.services.offered} of ${result.services.total}`);
      if (result.invitation) {
        io.out(
          `invitation to ${result.invitation.email}: ${runtime.mailer.kind === 'outbox' ? "held in the platform's outbox (no SMTP_URL): the operator passes the link on" : 'sent by mail'}`,
        );
      }
    } else {
      let codes: string[];
      if (command === 'import') {
        try {
          codes = codesFromCsv(readFileSync(argument, 'utf8'));
        } catch (err) {
          io.err(`cannot read ${argument}: ${(err as Error).message}`);
          return 1;
        }
      } else codes = regionCodes(argument);
      let last = -1;
      const report = await onboardBatch(runtime, codes, { actor: null }, ({ done, total }) => {
        const pct = Math.floor((100 * done) / Math.max(1, total));
        if (pct !== last && pct % 10 === 0) io.err(`${done}/${total}`);
        last = pct;
      });
      printReport(report, io);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await runtime.close();
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), async () => ({ ...(await createRuntime(loadConfig())), clock: () => new Date() }));
}
