import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { RequestOrigin } from '../site/site.service.ts';
import type { ResolvedTenant, TenantDirectory } from '../tenancy/tenant-directory.ts';

/** What `createApp` is built from: nothing is created at import time. */
export interface AppDeps {
  config: Config;
  db: Database;
  directory: TenantDirectory;
  logger: Logger;
  clock: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by the `tenantFromHost` middleware on tenant-scoped routes. */
    resolved: ResolvedTenant;
    origin: RequestOrigin;
  };
}
