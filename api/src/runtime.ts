import path from 'node:path';
import { createApp } from './app.ts';
import { ensureCatalogue } from './catalogue/catalogue.service.ts';
import type { Config } from './config.ts';
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
      ? { kind: 'postgres', url: config.databaseUrl, onIdleError: (err) => logger.warn({ err }, 'idle database connection lost') }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
  const storage = createStorage(config.storage);
  if (config.storage.kind === 'disk') {
    const problem = await diskStorageProblem(config.storage.dir);
    if (problem) logger.warn({ dir: config.storage.dir, problem }, 'uploaded files cannot be stored here: mount a writable volume or set S3_BUCKET');
  }
  try {
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
  const directory = new TenantDirectory({ db, platformDomain: config.platformDomain, logger });
  await directory.start();
  const clock = () => new Date();
  // SMTP when SMTP_URL is set; otherwise mail lands in the outbox the console shows.
  const mailer = createMailer(config, db, clock);
  if (mailer.kind === 'outbox') logger.info('SMTP_URL is unset: mail is written to the outbox (console, /api/v1/admin/outbox)');
  const app = createApp({ config, db, directory, logger, clock, mailer, storage });
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
