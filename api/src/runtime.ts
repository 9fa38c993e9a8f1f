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
import { assertServingRoleIsSafe, pendingMigrations, servingUrl, sessionRole, SERVING_LOGIN } from './db/roles.ts';
import { createMetrics, type Metrics } from './http/metrics.ts';
import { PageCache } from './http/page-cache.ts';
import { PublicReadCache } from './http/public-read-cache.ts';
import { nextPublicChange } from './content/content.service.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createSmsSender, type SmsSender } from './mail/sms.ts';
import { startEscalationTimer } from './complaints/complaints.service.ts';
import { ensurePlatformTenant, seedDemoAccounts, seedDemoContent, seedDemoTenants } from './seed/seed.ts';
import { backfillStarterReplyTemplates } from './complaints/reply-templates.service.ts';
import { TenantDirectory } from './tenancy/tenant-directory.ts';
import { assertTenantContextReachesData } from './tenancy/context-check.ts';
import { distribute, isCitus } from './db/citus.ts';
import { openReadDatabase } from './db/read-replica.ts';

export interface Runtime {
  config: Config;
  db: Database;
  logger: Logger;
  directory: TenantDirectory;
  /** Anonymous public pages, made once and kept until their tenant changes (http/page-cache.ts). */
  pages: PageCache;
  mailer: Mailer;
  sms: SmsSender;
  storage: Storage;
  app: ReturnType<typeof createApp>;
  /** Prometheus metrics (`/metrics`, served by the Node server: see http/metrics.ts). */
  metrics: Metrics;
  /** `draining` is set on SIGTERM (http/graceful-shutdown.ts): readiness then fails. */
  lifecycle: { draining: boolean };
  /**
   * Escalates overdue complaints to each tenant's supervisors every `COMPLAINT_ESCALATION_MINUTES`
   * (10 by default; once per complaint, whichever replica gets there first). `runNow` is for tests.
   */
  escalation: { runNow(): Promise<number>; stop(): Promise<void> };
  close(): Promise<void>;
}

/**
 * Opens the database, migrates, seeds (platform always; demo tenants once when `config.demo`), and
 * builds the app. The one place where the process's long-lived clients are created.
 */
export async function createRuntime(config: Config, logger: Logger = createLogger(config)): Promise<Runtime> {
  const storage = await createStorage(config.storage);
  if (config.storage.kind === 'disk') {
    const problem = await diskStorageProblem(config.storage.dir);
    if (problem) logger.warn({ dir: config.storage.dir, problem }, 'uploaded files cannot be stored here: mount a writable volume or set S3_BUCKET');
  }
  let db: Database;
  try {
    db = await openServingDatabase(config, logger, storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  try {
    await assertTenantContextReachesData(db);
  } catch (err) {
    await db.close();
    await storage.close();
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
  // SMS to residents through the gateway of SMS_GATEWAY_URL; without one they stay held in the outbox.
  const sms = createSmsSender(config, { db, logger, clock });
  if (sms.kind === 'outbox') logger.info('SMS_GATEWAY_URL is unset: SMS stay held in the outbox');
  const lifecycle = { draining: false };
  // Anonymous public reads on a replica when DATABASE_READ_URL is set, on the primary while it fails.
  const readDb = config.databaseReadUrl ? openReadReplica(config, db, logger) : undefined;
  const pages = new PageCache({
    db,
    directory,
    logger,
    nextChange: (resolved, now) => nextPublicChange(readDb ?? db, resolved, now),
    maxBytes: config.pageCacheMb * 1024 * 1024,
    // A page made from a replica just after a change may predate it: kept only briefly then.
    replicaLagMs: readDb ? 5_000 : 0,
  });
  if (config.pageCacheMb > 0) await pages.start();
  // Tenants' public data (offices, contact numbers, merged catalogue, notices in force), dropped with their pages.
  const reads = config.pageCacheMb > 0 ? new PublicReadCache(pages) : undefined;
  const app = createApp({ config, db, directory, logger, clock, mailer, sms, storage, lifecycle, readDb, pages, reads });
  const metrics = createMetrics({ db, logger, access: config.metrics, caches: { pages, reads } });
  mailer.start();
  sms.start();
  const escalation = startEscalationTimer({ db, clock, config, mailer, storage, logger }, { intervalMs: config.complaintEscalationMinutes * 60_000 });
  return {
    escalation,
    config,
    db,
    logger,
    directory,
    pages,
    mailer,
    sms,
    storage,
    app,
    metrics,
    lifecycle,
    async close() {
      // A run in progress finishes (its mail queued) before the database closes.
      await escalation.stop();
      await readDb?.close();
      await directory.stop();
      await pages.stop();
      await mailer.close();
      await sms.close();
      await storage.close();
      await db.close();
    },
  };
}

/** The replica as the serving login (the owner's URL becomes `jamaa_server`'s, as for DATABASE_URL). */
function openReadReplica(config: Config, primary: Database, logger: Logger): Database {
  const given = config.databaseReadUrl as string;
  const url = new URL(given).username === SERVING_LOGIN ? given : servingUrl(given, config.databaseServerPassword);
  let said = 0;
  return openReadDatabase(primary, url, {
    onFallback: (err) => {
      // One line a minute at most while the replica is away.
      if (Date.now() - said < 60_000) return;
      said = Date.now();
      logger.warn({ err }, 'read replica unavailable: public reads go to the primary');
    },
  });
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

/** Kept in a module of its own (shared-runtime.ts), so that SvelteKit's bundle need not load this one. */
export { sharedRuntime } from './shared-runtime.ts';

/**
 * Prepares the database and returns the connection the server serves with:
 * - PGlite (no DATABASE_URL): one connection, always a superuser — migrate, check the roles the units of
 *   work switch to, seed; row-level security then rests on the per-transaction role switch alone.
 * - PostgreSQL, DATABASE_URL the owner's: migrate and seed with it, open the serving pool as
 *   `jamaa_server` on the same server and database (password DATABASE_SERVER_PASSWORD), check that login,
 *   then close the owner's pool: nothing the server does afterwards runs as the owner.
 * - PostgreSQL, DATABASE_URL `jamaa_server`'s: no migration here (the owner runs `npm run migrate`); refuse
 *   to start while one is pending; check the login; seed what provisioning may (the platform tenant, the
 *   catalogue, demo tenants — demo accounts need the owner once, for the operator's role).
 */
async function openServingDatabase(config: Config, logger: Logger, storage: Storage): Promise<Database> {
  if (!config.databaseUrl) {
    const db = await openDatabase({
      kind: 'pglite',
      dataDir: path.join(config.dataDir, 'pglite'),
      slowUnitMs: config.pgliteSlowUnitMs,
      onSlowUnit: (unit) => logger.warn(unit, 'embedded database: a unit of work held the connection'),
    });
    try {
      await migrate(db, logger);
      await seed(db, storage, config, logger);
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  }
  const first = await openDatabase({ kind: 'postgres', url: config.databaseUrl, preparedStatements: config.databasePreparedStatements });
  let serving: Database | null = null;
  try {
    await waitForDatabase(first, logger);
    if ((await sessionRole(first)) === SERVING_LOGIN) {
      const pending = await pendingMigrations(first);
      if (pending.length) {
        throw new Error(
          `migrations pending (${pending.join(', ')}): DATABASE_URL is the serving login ${SERVING_LOGIN}, which does not migrate; ` +
            'run `npm run migrate -- up` with the owner\'s URL in MIGRATION_DATABASE_URL first',
        );
      }
      await assertRequestRoleIsSafe(first);
      await assertServingRoleIsSafe(first);
      await seed(first, storage, config, logger, { owner: false });
      return first;
    }
    await migrate(first, logger);
    serving = await openDatabase({ kind: 'postgres', url: servingUrl(config.databaseUrl, config.databaseServerPassword), preparedStatements: config.databasePreparedStatements });
    await assertServingRoleIsSafe(serving).catch((err: unknown) => {
      throw explainLoginFailure(err);
    });
    await seed(first, storage, config, logger);
  } catch (err) {
    await serving?.close();
    await first.close();
    throw err;
  }
  await first.close();
  logger.info({ role: SERVING_LOGIN }, 'migrated as the owner; serving as the login role');
  return serving;
}

async function migrate(db: Database, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  // On a Citus coordinator, tables a migration added are distributed before anything is written to them.
  if (await isCitus(db)) {
    const distributed = await distribute(db);
    if (distributed.reference.length + distributed.distributed.length) logger.info(distributed, 'tables distributed (Citus)');
  }
  await assertRequestRoleIsSafe(db);
}

async function seed(db: Database, storage: Storage, config: Config, logger: Logger, as: { owner: boolean } = { owner: true }): Promise<void> {
  // Files stored in the database before 2026_12_04_0040 go to storage, once.
  const legacy = await moveLegacyFiles(db, storage);
  if (legacy.moved) logger.info({ files: legacy.moved, storage: storage.kind }, 'files moved from the database to storage');
  await ensurePlatformTenant(db, storage);
  await ensureCatalogue(db);
  // Tenants provisioned before the starter reply templates existed get them, once per database.
  const templated = await backfillStarterReplyTemplates(db);
  if (templated > 0) logger.info({ tenants: templated }, 'starter reply templates given to existing tenants');
  if (!config.demo) return;
  const seeded = await seedDemoTenants(db, storage);
  if (seeded.seeded) logger.info({ tenants: seeded.tenants }, 'demo tenants created');
  try {
    const accounts = await seedDemoAccounts(db);
    if (accounts.seeded) logger.info({ accounts: accounts.accounts }, 'demo accounts created');
  } catch (err) {
    if (as.owner || (err as { code?: string }).code !== '42501') throw err;
    throw new Error(
      `the demo accounts include the national operator, whose role only the owner may grant: start once with the owner's DATABASE_URL, or set JAMAA_DEMO=false`,
      { cause: err },
    );
  }
  const content = await seedDemoContent(db);
  if (content.seeded) logger.info({ items: content.items }, 'demo content created');
}

/** A refused login as `jamaa_server` says what to set. */
function explainLoginFailure(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (!code?.startsWith('28')) return err;
  return new Error(
    `could not log in as ${SERVING_LOGIN}, the role the server serves with (${(err as Error).message}): ` +
      `an administrator creates it if missing and sets its password once (ALTER ROLE ${SERVING_LOGIN} PASSWORD '…'), ` +
      'which the server reads from DATABASE_SERVER_PASSWORD; see infra/README.md, "Database roles"',
    { cause: err },
  );
}
