import pino from 'pino';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createOutboxMailer, type Mailer } from '../mail/mailer.ts';
import { TenantDirectory } from '../tenancy/tenant-directory.ts';
import { newTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export interface TestApp {
  /** The owner's connection, for fixtures; the app itself runs on `db.serving()`, as the server would. */
  db: TestDatabase;
  directory: TenantDirectory;
  app: ReturnType<typeof createApp>;
  mailer: Mailer;
  /** GET `path` as a visitor of `host` would. */
  get(host: string, path: string, headers?: Record<string, string>): Promise<Response>;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables for `loadConfig`. */
  env?: Record<string, string>;
  /** An injected clock (throttling, expiry); defaults to the real one. */
  clock?: () => Date;
  /** Defaults to the outbox. */
  mailer?: (db: TestDatabase, clock: () => Date) => Mailer;
}

/** The real Hono app on a freshly migrated database of its own. */
export async function newTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await newTestDatabase(kind);
  // On PostgreSQL the app serves through the login role, as in production; fixtures use the owner's `db`.
  const serving = await db.serving();
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test', ...options.env });
  const logger = pino({ level: 'silent' });
  const clock = options.clock ?? (() => new Date());
  const mailer = options.mailer ? options.mailer(db, clock) : createOutboxMailer(serving, clock);
  const directory = new TenantDirectory({ db: serving, platformDomain: config.platformDomain, logger });
  await directory.start();
  const app = createApp({ config, db: serving, directory, logger, clock, mailer });
  return {
    db,
    directory,
    app,
    mailer,
    get: async (host, path, headers = {}) => app.request(`http://${host}${path}`, { headers: { host, ...headers } }),
    async dispose() {
      await directory.stop();
      await mailer.close();
      await db.dispose();
    },
  };
}
