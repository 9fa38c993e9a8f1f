import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arrondissementsOf, findCommune } from '@jamaa/tenants/registry.ts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createMailer } from '../mail/mailer.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newTestStorage, type TestStorage } from '../testing/storage.ts';
import { main, type CliRuntime } from './cli.ts';

/**
 * `npm run tenants -- …` (issue 12, "the national operator"): the command's `main`, run as the process
 * runs it, on a database the runtime prepared (platform tenant and catalogue, no commune).
 */

const SALE = '04.441.01.0';
const GUEZNAIA = '01.511.01.09';
const ASSILAH = '01.511.01.01';
/** One of Salé's arrondissements. */
const TABRIQUET = '04.441.01.09';

describe.each(DATABASE_KINDS)('npm run tenants (%s)', (kind) => {
  let db: TestDatabase;
  let serving: Database;
  let storage: TestStorage;
  let dir: string;
  let closed = 0;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    serving = await db.serving();
    storage = await newTestStorage();
    await ensurePlatformTenant(serving, storage);
    await ensureCatalogue(serving);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-cli-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await storage?.dispose();
    await db?.dispose();
  });

  /** Runs the command as `npm run tenants -- …args` would, on the test database; answers its exit code and output. */
  async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' });
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const clock = () => new Date();
    const open = async (): Promise<CliRuntime> => ({
      db: serving,
      storage,
      config,
      logger,
      clock,
      mailer: createMailer(config, { db: serving, logger, clock }),
      close: async () => {
        closed++;
      },
    });
    const code = await main(args, open, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err };
  }

  /** Every tenant but the platform, with its parent's code (null: directly under the platform). */
  async function tenants(): Promise<{ code: string; slug: string; kind: string; parent: string | null }[]> {
    const rows = await db.kysely
      .selectFrom('tenants as t')
      .innerJoin('tenants as p', 'p.id', 't.parent_id')
      .select(['t.code', 't.slug', 't.kind', 'p.code as parentCode', 'p.kind as parentKind'])
      .orderBy('t.code')
      .execute();
    return rows.map((r) => ({ code: r.code, slug: r.slug, kind: r.kind, parent: r.parentKind === 'platform' ? null : r.parentCode }));
  }

  it('answers its usage and exit code 2 for a missing or unknown command, without opening the database', async () => {
    const before = closed;
    for (const args of [[], ['onboard'], ['delete', GUEZNAIA], ['onboard', GUEZNAIA, '--colour', 'red']]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.join('\n')).toContain('usage: npm run tenants -- onboard <code>');
    }
    expect(closed).toBe(before);
    expect(await tenants()).toEqual([]);
  });

  it('onboards a commune by its registry code; a second run is refused as already there and creates nothing', async () => {
    const first = await run('onboard', GUEZNAIA, '--admin', 'admin@gueznaia.example.ma');
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe(`onboarded ${GUEZNAIA} as gueznaia: http://gueznaia.localhost:3000`);
    expect(first.out).toContain(`invitation to admin@gueznaia.example.ma: held in the platform's outbox (no SMTP_URL): the operator passes the link on`);
    expect(await tenants()).toEqual([{ code: GUEZNAIA, slug: 'gueznaia', kind: 'commune', parent: null }]);
    const invitations = await db.kysely.selectFrom('invitations').select('email').execute();
    expect(invitations.map((i) => i.email)).toEqual(['admin@gueznaia.example.ma']);
    const offices = await db.kysely.selectFrom('offices').select('key').execute();
    expect(offices.map((o) => o.key)).toEqual(['main']);

    const again = await run('onboard', GUEZNAIA, '--admin', 'other@gueznaia.example.ma');
    expect(again.code).toBe(1);
    expect(again.out).toEqual([]);
    expect(again.err).toEqual([`TENANT_EXISTS: ${GUEZNAIA} is onboarded already`]);
    expect(await tenants()).toHaveLength(1);
    expect(await db.kysely.selectFrom('invitations').select('email').execute()).toHaveLength(1);
    expect(await db.kysely.selectFrom('offices').select('key').execute()).toHaveLength(1);
  });

  it('refuses a code the registry does not have, with exit code 1', async () => {
    const r = await run('onboard', '99.999.99.9');
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['REGISTRY_CODE_UNKNOWN: no commune 99.999.99.9 in the registry']);
    expect(await tenants()).toHaveLength(1);
  });

  it('imports a CSV of codes: Salé with all its arrondissements and the other good rows, each bad row refused with its reason; a second run creates nothing', async () => {
    const sale = findCommune(SALE);
    const arrondissements = arrondissementsOf(SALE);
    expect(sale?.slug).toBe('sale');
    expect(arrondissements).toHaveLength(5);
    const file = path.join(dir, 'communes.csv');
    // Header with a `code` column (not first), a semicolon line, a blank line, the commune onboarded above.
    fs.writeFileSync(file, [`name,code`, `Salé,${SALE}`, `Assilah;${ASSILAH}`, `Nowhere,12-345`, '', `Atlantis,99.999.99.9`, `Gueznaia,${GUEZNAIA}`, `Salé again,${SALE}`, `Tabriquet,${TABRIQUET}`, ''].join('\n'));
    const tabriquet = arrondissements.find((a) => a.code === TABRIQUET);
    expect(tabriquet).toBeDefined();

    const refusals = [
      `refused  row 3  12-345  malformed_code: “12-345” is not a registry code (like 06.141.01.0)`,
      `refused  row 4  99.999.99.9  unknown_code: 99.999.99.9 is in no registry file`,
      `refused  row 6  ${SALE}  duplicate_code: ${SALE} appears more than once`,
    ];
    const first = await run('import', file);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      `created  row 1  ${SALE}  sale (6 tenants)`,
      `created  row 2  ${ASSILAH}  assilah (1 tenant)`,
      `skipped  row 5  ${GUEZNAIA}  gueznaia  already there`,
      `skipped  row 7  ${TABRIQUET}  ${tabriquet?.slug}  onboarded with its city`,
      ...refusals,
      '2 created, 2 skipped, 3 refused',
    ]);
    // Progress goes to standard error, never into the report.
    expect(first.err.at(-1)).toBe('7/7');
    const all = await tenants();
    expect(all).toEqual(
      expect.arrayContaining([
        { code: SALE, slug: 'sale', kind: 'commune', parent: null },
        ...arrondissements.map((a) => ({ code: a.code, slug: a.slug, kind: 'arrondissement', parent: SALE })),
        { code: ASSILAH, slug: 'assilah', kind: 'commune', parent: null },
      ]),
    );
    expect(all).toHaveLength(1 + 6 + 1);

    const again = await run('import', file);
    expect(again.code).toBe(0);
    expect(again.out).toEqual([
      `skipped  row 1  ${SALE}  sale  already there`,
      `skipped  row 2  ${ASSILAH}  assilah  already there`,
      `skipped  row 5  ${GUEZNAIA}  gueznaia  already there`,
      `skipped  row 7  ${TABRIQUET}  ${tabriquet?.slug}  onboarded with its city`,
      ...refusals,
      '0 created, 4 skipped, 3 refused',
    ]);
    expect(await tenants()).toEqual(all);
  });

  it('says so when the file cannot be read', async () => {
    const r = await run('import', path.join(dir, 'missing.csv'));
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^cannot read .*missing\.csv: ENOENT/);
  });
});
