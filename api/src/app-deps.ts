import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Storage } from './files/storage.ts';
import type { PageCache } from './http/page-cache.ts';
import type { PublicReadCache } from './http/public-read-cache.ts';
import { readDirectly, type Remember } from './shared/remember.ts';
import type { ResolvedTenant } from './tenancy/tenant-directory.ts';
import type { Mailer } from './mail/mailer.ts';
import type { SmsSender } from './mail/sms.ts';
import type { TenantDirectory } from './tenancy/tenant-directory.ts';

/** What `createApp` is built from: nothing is created at import time. */
export interface AppDeps {
  config: Config;
  db: Database;
  directory: TenantDirectory;
  logger: Logger;
  clock: () => Date;
  mailer: Mailer;
  /** SMS to residents (mail/sms.ts): the gateway of SMS_GATEWAY_URL, or held in the outbox. Absent: held. */
  sms?: SmsSender;
  /** Where file bytes are kept (local disk or an S3-compatible bucket). */
  storage: Storage;
  /** Set when the process is shutting down: readiness answers 503 while requests in flight finish. */
  lifecycle?: { draining: boolean };
  /**
   * A read replica (`DATABASE_READ_URL`, db/read-replica.ts) that falls back to the primary. Absent: reads
   * on `db`. Take it through `publicReads(deps)`, for anonymous GETs only.
   */
  readDb?: Database;
  /**
   * This process's cache of anonymous pages (http/page-cache.ts), told at once of the staff's writes;
   * other processes hear of them through `jamaa_pages_changed`. Absent: only the notification is sent.
   */
  pages?: Pick<PageCache, 'changed'>;
  /**
   * This process's cache of tenants' public data (http/public-read-cache.ts), dropped with their pages.
   * Take it through `remembering(deps, resolved)`, for anonymous GETs only, and for the complaint form's
   * rules, which a submission is checked against (`submissionRules` in complaints.service.ts). Absent:
   * every read is made.
   */
  reads?: Pick<PublicReadCache, 'for'>;
}

/**
 * The database for anonymous public reads (the site, the catalogue, content lists): the read replica when
 * there is one, else the primary. Never for staff screens, writes, or reads that decide a write.
 */
export function publicReads(deps: Pick<AppDeps, 'db' | 'readDb'>): Database {
  return deps.readDb ?? deps.db;
}

/** How a public read of this tenant's data is made: through the cache of public reads when there is one. */
export function remembering(deps: Pick<AppDeps, 'reads'>, resolved: ResolvedTenant): Remember {
  return deps.reads ? deps.reads.for(resolved) : readDirectly;
}
