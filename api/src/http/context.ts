import type { Logger } from 'pino';
import type { StaffPrincipal } from '../sessions/sessions.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Storage } from '../files/storage.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { RequestOrigin } from '../site/site.service.ts';
import type { ResolvedTenant, TenantDirectory } from '../tenancy/tenant-directory.ts';

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
}

export interface AppEnv {
  Bindings: {
    /** Given by an in-process caller (web) from the connection it served; never read from a header. */
    clientAddress?: string;
    /** The Node request, when served by @hono/node-server. */
    incoming?: { socket?: { remoteAddress?: string } };
  };
  Variables: {
    requestId: string;
    /** Set by the `tenantFromHost` middleware on tenant-scoped routes. */
    resolved: ResolvedTenant;
    origin: RequestOrigin;
    /** Set by `requireStaff` on protected routes. */
    staff: StaffPrincipal;
  };
}
