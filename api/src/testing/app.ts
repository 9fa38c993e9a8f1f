import pino, { type Logger } from 'pino';
import { createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createMailer, type Mailer, type MailerDeps } from '../mail/mailer.ts';
import { createSmsSender, type SmsSender } from '../mail/sms.ts';
import { nextPublicChange } from '../content/content.service.ts';
import { PublicReadCache } from '../http/public-read-cache.ts';
import { PageCache } from '../http/page-cache.ts';
import { TenantDirectory } from '../tenancy/tenant-directory.ts';
import { newTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';
import { newTestStorage, type StorageKind, type TestStorage } from './storage.ts';

export interface TestApp {
  /** The owner's connection, for fixtures; the app itself runs on `db.serving()`, as the server would. */
  db: TestDatabase;
  directory: TenantDirectory;
  /** This process's page cache, listening; only with `options.pages`. */
  pages: PageCache | null;
  /** The cache of tenants' public data that goes with it (`options.pages`). */
  reads: PublicReadCache | null;
  app: ReturnType<typeof createApp>;
  mailer: Mailer;
  /** The gateway's dispatcher when `env.SMS_GATEWAY_URL` is set, else the outbox. */
  sms: SmsSender;
  /** Files of this app only (a temporary directory, or a bucket on a test S3 server). */
  storage: TestStorage;
  /** GET `path` as a visitor of `host` would. */
  get(host: string, path: string, headers?: Record<string, string>): Promise<Response>;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables for `loadConfig`. */
  env?: Record<string, string>;
  /** An injected clock (throttling, expiry); defaults to the real one. */
  clock?: () => Date;
  /** Defaults to a silent one. */
  logger?: Logger;
  /** Defaults to `createMailer` of the configuration: the outbox, or SMTP when `env.SMTP_URL` is set. */
  mailer?: (deps: MailerDeps & { db: TestDatabase; config: Config }) => Mailer;
  /** Defaults to a temporary directory. */
  storage?: StorageKind;
  /** A page cache (http/page-cache.ts) told of the app's writes, on the app's clock. */
  pages?: boolean;
  /** The page cache's budget in bytes (the runtime's `PAGE_CACHE_MB`); 32 MiB by default. */
  pageCacheBytes?: number;
}

/** The real Hono app on a freshly migrated database of its own. */
export async function newTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await newTestDatabase(kind);
  // On PostgreSQL the app serves through the login role, as in production; fixtures use the owner's `db`.
  const serving = await db.serving();
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test', ...options.env });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = options.clock ?? (() => new Date());
  const mailer = options.mailer ? options.mailer({ db, logger, clock, config }) : createMailer(config, { db: serving, logger, clock });
  const sms = createSmsSender(config, { db: serving, logger, clock });
  const storage = await newTestStorage(options.storage);
  const directory = new TenantDirectory({ db: serving, platformDomain: config.platformDomain, logger });
  await directory.start();
  const pages = options.pages
    ? new PageCache({ db: serving, directory, logger, clock: () => clock().getTime(), nextChange: (resolved, now) => nextPublicChange(serving, resolved, now), ...(options.pageCacheBytes === undefined ? {} : { maxBytes: options.pageCacheBytes }) })
    : null;
  await pages?.start();
  // As in the runtime: the tenants' public data is kept with their pages.
  const reads = pages ? new PublicReadCache(pages, { clock: () => clock().getTime() }) : null;
  const app = createApp({ config, db: serving, directory, logger, clock, mailer, sms, storage, ...(pages && reads ? { pages, reads } : {}) });
  mailer.start();
  sms.start();
  return {
    db,
    directory,
    pages,
    reads,
    app,
    mailer,
    sms,
    storage,
    get: async (host, path, headers = {}) => app.request(`http://${host}${path}`, { headers: { host, ...headers } }),
    async dispose() {
      await directory.stop();
      await pages?.stop();
      await mailer.close();
      await sms.close();
      await storage.dispose();
      await db.dispose();
    },
  };
}
