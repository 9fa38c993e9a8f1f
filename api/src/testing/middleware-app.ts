import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import pino from 'pino';
import { retryAfterHeader } from '../http/headers.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { errorResponder } from '../http/errors.ts';
import { tenantFromHost } from '../http/tenant-from-host.ts';
import { newTestApp, type TestApp, type TestAppOptions } from './app.ts';
import type { DatabaseKind } from './databases.ts';
import { loadConfig } from '../config.ts';

export interface MiddlewareTestApp {
  t: TestApp;
  deps: AppDeps;
  /** A bare Hono app with the real app's error handling and `Retry-After`, for mounting the middleware under test. */
  app: Hono<AppEnv>;
  /** Middleware resolving the tenant from the Host, as on real tenant-scoped routes. */
  tenant: MiddlewareHandler<AppEnv>;
  dispose(): Promise<void>;
}

/**
 * For testing request middleware (idempotency, throttling) on a tiny app of the test's own routes, over a
 * real database and tenant directory, without wiring anything into the application's routes.
 */
export async function newMiddlewareTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<MiddlewareTestApp> {
  const t = await newTestApp(kind, options);
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test', ...options.env });
  const deps: AppDeps = { config, db: t.db, directory: t.directory, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), clock: options.clock ?? (() => new Date()), mailer: t.mailer, storage: t.storage };
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'x-request-id' }));
  app.onError(errorResponder(deps.logger));
  app.use('/api/*', retryAfterHeader());
  return { t, deps, app, tenant: tenantFromHost(deps), dispose: () => t.dispose() };
}
