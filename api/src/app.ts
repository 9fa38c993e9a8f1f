import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './http/context.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { csrfProtection } from './http/csrf.ts';
import { noStoreForStaff, retryAfterHeader } from './http/headers.ts';
import { operatorRoutes } from './accounts/operator.routes.ts';
import { staffRoutes } from './accounts/staff.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { brandingRoutes } from './branding/branding.routes.ts';
import { catalogueAdminRoutes } from './catalogue/catalogue.admin.routes.ts';
import { catalogueRoutes } from './catalogue/catalogue.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { isDatabaseUnavailable } from './db/availability.ts';
import { defaultBodyLimit } from './http/body-limit.ts';
import { DATABASE_RETRY_AFTER_SECONDS, errorResponder } from './http/errors.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { outboxRoutes } from './mail/outbox.routes.ts';
import { officesAdminRoutes } from './offices/offices.admin.routes.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { siteRoutes } from './site/site.routes.ts';

/**
 * The whole HTTP API. Built once per process from its dependencies; web calls it in-process, and
 * `server.ts` serves it standalone.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(requestLog(deps.logger));
  app.onError(errorResponder(deps.logger, deps.db));
  app.use(securityHeaders(deps.config));
  // Before anything reads a body: every request's is bounded (64 KiB unless its route declares more).
  app.use(defaultBodyLimit());
  // Before any router: every state-changing API request is checked, including later features'.
  app.use('/api/*', csrfProtection(deps.config));
  app.use('/api/*', retryAfterHeader());
  app.use('/api/*', noStoreForStaff());
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route', requestId: c.get('requestId') } }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200));
  // Ready when the database answers and tenant changes are heard; a load balancer stops sending traffic
  // otherwise. Failures are logged once per outage by the runtime (db.health), not at every probe.
  app.get('/readyz', async (c) => {
    const database = deps.db.kind;
    try {
      await withTimeout(sql`select 1`.execute(deps.db.kysely), READY_TIMEOUT_MS);
    } catch (err) {
      if (isDatabaseUnavailable(err) || err instanceof ReadinessTimeout) deps.db.health.markDown(err);
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return c.json({ status: 'not ready', database, reason: 'database' }, 503);
    }
    if (!deps.directory.listening && deps.directory.started) {
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return c.json({ status: 'not ready', database, reason: 'tenant change listener' }, 503);
    }
    return c.json({ status: 'ready', database }, 200);
  });

  const routes = app
    .route('/api/v1/site', siteRoutes(deps))
    .route('/api/v1', catalogueRoutes(deps))
    .route('/api/v1', platformRoutes(deps))
    .route('/api/v1/auth', authRoutes(deps))
    .route('/api/v1', staffRoutes(deps))
    .route('/api/v1', operatorRoutes(deps))
    .route('/api/v1', auditRoutes(deps))
    .route('/api/v1', outboxRoutes(deps))
    .route('/api/v1', catalogueAdminRoutes(deps))
    .route('/api/v1', brandingRoutes(deps))
    .route('/api/v1', officesAdminRoutes(deps))
    .route('/api/v1', dashboardRoutes(deps));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Jamaa API',
      version: '0.1.0',
      description: 'Public sites and online services of Moroccan communes. Tenant-scoped routes resolve the tenant from the Host header.',
    },
  });
  return routes;
}

export type AppType = ReturnType<typeof createApp>;

/** A readiness probe answers within this, even when the database hangs rather than refuses. */
const READY_TIMEOUT_MS = 3_000;

class ReadinessTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
