import pino from 'pino';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { TenantDirectory } from '../tenancy/tenant-directory.ts';
import { newTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export interface TestApp {
  db: TestDatabase;
  directory: TenantDirectory;
  app: ReturnType<typeof createApp>;
  /** GET `path` as a visitor of `host` would. */
  get(host: string, path: string, headers?: Record<string, string>): Promise<Response>;
  dispose(): Promise<void>;
}

/** The real Hono app on a freshly migrated database of its own. */
export async function newTestApp(kind: DatabaseKind): Promise<TestApp> {
  const db = await newTestDatabase(kind);
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' });
  const logger = pino({ level: 'silent' });
  const directory = new TenantDirectory({ db, platformDomain: config.platformDomain, logger });
  await directory.start();
  const app = createApp({ config, db, directory, logger, clock: () => new Date() });
  return {
    db,
    directory,
    app,
    get: async (host, path, headers = {}) => app.request(`http://${host}${path}`, { headers: { host, ...headers } }),
    async dispose() {
      await directory.stop();
      await db.dispose();
    },
  };
}
