import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './http/context.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { csrfProtection, noStoreForStaff, retryAfterHeader } from './accounts/http.ts';
import { operatorRoutes } from './accounts/operator.routes.ts';
import { staffRoutes } from './accounts/staff.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { brandingRoutes } from './branding/branding.routes.ts';
import { catalogueAdminRoutes } from './catalogue/catalogue.admin.routes.ts';
import { catalogueRoutes } from './catalogue/catalogue.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { defaultBodyLimit } from './http/body-limit.ts';
import { errorResponder } from './http/errors.ts';
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
  app.onError(errorResponder(deps.logger));
  app.use(securityHeaders(deps.config));
  // Before anything reads a body: every request's is bounded (64 KiB unless its route declares more).
  app.use(defaultBodyLimit());
  // Before any router: every state-changing API request is checked, including later features'.
  app.use('/api/*', csrfProtection(deps.config));
  app.use('/api/*', retryAfterHeader());
  app.use('/api/*', noStoreForStaff());
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route', requestId: c.get('requestId') } }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200));
  app.get('/readyz', async (c) => {
    try {
      await sql`select 1`.execute(deps.db.kysely);
      return c.json({ status: 'ready', database: deps.db.kind }, 200);
    } catch (err) {
      deps.logger.warn({ err }, 'database not ready');
      return c.json({ status: 'not ready', database: deps.db.kind }, 503);
    }
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
