import path from 'node:path';
import { sql } from 'kysely';
import { createApp } from './app.ts';
import { ensureCatalogue } from './catalogue/catalogue.service.ts';
import type { Config } from './config.ts';
import { isDatabaseUnavailable } from './db/availability.ts';
import { createStorage } from './files/create-storage.ts';
import { diskStorageProblem } from './files/disk-storage.ts';
import { moveLegacyFiles } from './files/files.service.ts';
import type { Storage } from './files/storage.ts';
import { assertRequestRoleIsSafe, migrateToLatest, openDatabase, type Database } from './db/database.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { ensurePlatformTenant, seedDemoAccounts, seedDemoTenants } from './seed/seed.ts';
import { TenantDirectory } from './tenancy/tenant-directory.ts';

export interface Runtime {
  config: Config;
  db: Database;
  logger: Logger;
  directory: TenantDirectory;
  mailer: Mailer;
  storage: Storage;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/**
 * Opens the database, migrates, seeds (platform always; demo tenants once when `config.demo`), and
 * builds the app. The one place where the process's long-lived clients are created.
 */
export async function createRuntime(config: Config, logger: Logger = createLogger(config)): Promise<Runtime> {
  const db = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
  const storage = createStorage(config.storage);
  if (config.storage.kind === 'disk') {
    const problem = await diskStorageProblem(config.storage.dir);
    if (problem) logger.warn({ dir: config.storage.dir, problem }, 'uploaded files cannot be stored here: mount a writable volume or set S3_BUCKET');
  }
  try {
    await waitForDatabase(db, logger);
    const applied = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    await assertRequestRoleIsSafe(db);
    // Files stored in the database before 2026_12_04_0040 go to storage, once.
    const legacy = await moveLegacyFiles(db, storage);
    if (legacy.moved) logger.info({ files: legacy.moved, storage: storage.kind }, 'files moved from the database to storage');
    await ensurePlatformTenant(db, storage);
    await ensureCatalogue(db);
    if (config.demo) {
      const seeded = await seedDemoTenants(db, storage);
      if (seeded.seeded) logger.info({ tenants: seeded.tenants }, 'demo tenants created');
      const accounts = await seedDemoAccounts(db);
      if (accounts.seeded) logger.info({ accounts: accounts.accounts }, 'demo accounts created');
    }
  } catch (err) {
    await storage.close();
    await db.close();
    throw err;
  }
  // One line when the database goes away and one when it is back, however many requests fail meanwhile.
  db.health.subscribe((change) => {
    if (change.state === 'down') logger.error({ err: change.error }, 'database unavailable: answering 503 until it is back');
    else logger.info({ downForMs: change.downForMs }, 'database available again');
  });
  const directory = new TenantDirectory({ db, platformDomain: config.platformDomain, logger });
  await directory.start();
  const clock = () => new Date();
  // SMTP when SMTP_URL is set (a dispatcher delivers the outbox, with retries); otherwise mail stays in
  // the outbox, secret links in the platform's, which only the operator reads.
  const mailer = createMailer(config, { db, logger, clock });
  if (mailer.kind === 'outbox') {
    logger.info('SMTP_URL is unset: mail stays in the outbox; invitation and reset links in the platform outbox (operator console on the platform host)');
  }
  const app = createApp({ config, db, directory, logger, clock, mailer, storage });
  mailer.start();
  return {
    config,
    db,
    logger,
    directory,
    mailer,
    storage,
    app,
    async close() {
      await directory.stop();
      await mailer.close();
      await storage.close();
      await db.close();
    },
  };
}

/**
 * A server started beside its database (compose, a node reboot) may be up first: wait for the database
 * to answer, saying so once, rather than exit at once. Any other failure is immediate.
 */
async function waitForDatabase(db: Database, logger: Logger, maxWaitMs = 60_000): Promise<void> {
  const started = Date.now();
  for (let delay = 250, said = false; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await sql`select 1`.execute(db.kysely);
      if (said) logger.info('database answers; starting');
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() - started > maxWaitMs) throw err;
      if (!said) logger.warn({ err }, 'waiting for the database');
      said = true;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const KEY = Symbol.for('jamaa.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

/**
 * The process-wide runtime. The production server (which serves /api ahead of SvelteKit) and
 * SvelteKit's hooks each load their own copy of this module; the promise lives on `globalThis` so both
 * share one database and one cache.
 */
export function sharedRuntime(create: () => Promise<Runtime>): Promise<Runtime> {
  const holder = globalThis as Holder;
  holder[KEY] ??= create().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}
