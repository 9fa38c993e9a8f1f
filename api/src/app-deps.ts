import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Storage } from './files/storage.ts';
import type { Mailer } from './mail/mailer.ts';
import type { TenantDirectory } from './tenancy/tenant-directory.ts';

/** What `createApp` is built from: nothing is created at import time. */
export interface AppDeps {
  config: Config;
  db: Database;
  directory: TenantDirectory;
  logger: Logger;
  clock: () => Date;
  mailer: Mailer;
  /** Where file bytes are kept (local disk or an S3-compatible bucket). */
  storage: Storage;
  /** Set when the process is shutting down: readiness answers 503 while requests in flight finish. */
  lifecycle?: { draining: boolean };
}
