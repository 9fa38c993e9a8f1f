import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './http/context.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { csrfProtection } from './http/csrf.ts';
import { newRouter } from './http/openapi.ts';
import { documentSecurity, OPENAPI_TAGS, PUBLIC_SECURITY, SESSION_SCHEME, SESSION_SECURITY } from './http/responses.ts';
import { tenantFromHost } from './http/tenant-from-host.ts';
import { SESSION_COOKIE } from './sessions/cookies.ts';
import { requireStaff } from './sessions/require-staff.ts';
import { announceWrites } from './http/announce-writes.ts';
import { asRequest } from './shared/request-order.ts';
import { forgetSessionChecksOnWrite } from './sessions/require-staff.ts';
import { noStoreForStaff, retryAfterHeader } from './http/headers.ts';
import { operatorRoutes } from './accounts/operator.routes.ts';
import { staffRoutes } from './accounts/staff.routes.ts';
import { supportRoutes } from './accounts/support.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { brandingRoutes } from './branding/branding.routes.ts';
import { catalogueAdminRoutes } from './catalogue/catalogue.admin.routes.ts';
import { catalogueRoutes } from './catalogue/catalogue.routes.ts';
import { complaintsAdminRoutes } from './complaints/complaints.admin.routes.ts';
import { complaintsRoutes } from './complaints/complaints.routes.ts';
import { open311Routes } from './complaints/open311.routes.ts';
import { contentAdminRoutes } from './content/content.admin.routes.ts';
import { contentRoutes } from './content/content.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { isDatabaseUnavailable } from './db/availability.ts';
import { defaultBodyLimit } from './http/body-limit.ts';
import { DATABASE_RETRY_AFTER_SECONDS, errorResponder } from './http/errors.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { keepJsonForInProcessCallers } from './http/in-process-json.ts';
import { outboxRoutes } from './mail/outbox.routes.ts';
import { lifecycleRoutes } from './lifecycle/lifecycle.routes.ts';
import { officesAdminRoutes } from './offices/offices.admin.routes.ts';
import { contactAdminRoutes, contactRoutes } from './contact/contact.routes.ts';
import { onboardingRoutes } from './onboarding/onboarding.routes.ts';
import { operatorAccessRoutes } from './operator-access/operator-access.routes.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { siteAdminRoutes } from './site/site.admin.routes.ts';
import { siteRoutes } from './site/site.routes.ts';
import { tariffRoutes } from './tariff/tariff.routes.ts';

/**
 * The whole HTTP API. Built once per process from its dependencies; web calls it in-process, and
 * `server.ts` serves it standalone.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  // Its units of work rank by the request's arrival (on the embedded database: shared/request-order.ts).
  app.use((_c, next) => asRequest(next));
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(requestLog(deps.logger));
  app.onError(errorResponder(deps.logger, deps.db));
  app.use(securityHeaders(deps.config));
  app.use(keepJsonForInProcessCallers());
  // Before anything reads a body: every request's is bounded (64 KiB unless its route declares more).
  app.use(defaultBodyLimit());
  // Before any router: every state-changing API request is checked, including later features'.
  app.use('/api/*', csrfProtection(deps.config));
  app.use('/api/*', retryAfterHeader());
  app.use('/api/*', noStoreForStaff());
  app.use('/api/*', forgetSessionChecksOnWrite());
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route', requestId: c.get('requestId') } }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200));
  // Ready when the database answers and tenant changes are heard; a load balancer stops sending traffic
  // otherwise. Failures are logged once per outage by the runtime (db.health), not at every probe.
  app.get('/readyz', async (c) => {
    const database = deps.db.kind;
    if (deps.lifecycle?.draining) return c.json({ status: 'not ready', database, reason: 'shutting down' }, 503);
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

  // The API in four groups, each attaching tenancy and authorization once. A new feature mounts its
  // router in the group that fits who may call it; per-route middleware only narrows (`requireRole`).
  //
  // Order matters where paths share a prefix (Hono runs handlers and middleware in the order they were
  // registered, and a handler that answers ends the chain): the platform group comes first, so its
  // routes answer before the tenant is resolved; the public group comes before the staff group, so the
  // invitation links under `/admin/invitations/{token}` answer before the staff group asks for a session.

  // Public (anyone, on a tenant's host): the site, the catalogue, signing in, invitation links.
  const accountsStaff = staffRoutes(deps);
  const auditGroups = auditRoutes(deps);
  const outboxGroups = outboxRoutes(deps);
  const catalogueAdmin = catalogueAdminRoutes(deps);
  const support = supportRoutes(deps);
  const operatorAccess = operatorAccessRoutes(deps);
  const publicApi = newRouter()
    .route('/site', siteRoutes(deps))
    .route('/', catalogueRoutes(deps))
    .route('/', contentRoutes(deps))
    .route('/', contactRoutes(deps))
    .route('/auth', authRoutes(deps))
    .route('/', accountsStaff.public)
    .route('/', complaintsRoutes(deps));
  documentSecurity(publicApi, PUBLIC_SECURITY);

  // Staff (a signed-in member of the host's tenant, second factor done): the console's API, `/api/v1/admin`.
  const staffApi = newRouter();
  staffApi.use(requireStaff(deps, { roles: 'any', requireEnrolled: true }));
  // Every successful write drops the tenant's cached public pages in every process.
  staffApi.use(announceWrites(deps, 'tenant'));
  const staffGroup = staffApi
    .route('/', accountsStaff.staff)
    .route('/', support.staff)
    .route('/', auditGroups.staff)
    .route('/', outboxGroups.staff)
    .route('/', catalogueAdmin.staff)
    .route('/', brandingRoutes(deps))
    .route('/', officesAdminRoutes(deps))
    .route('/', contactAdminRoutes(deps))
    .route('/', dashboardRoutes(deps))
    .route('/', complaintsAdminRoutes(deps))
    .route('/', siteAdminRoutes(deps))
    .route('/', tariffRoutes(deps))
    .route('/', contentAdminRoutes(deps))
    .route('/', operatorAccess.staff);

  // Operator (the national operator, on the platform host): `/api/v1/operator`.
  const operatorApi = newRouter();
  operatorApi.use(requireStaff(deps, { roles: ['operator'], requireEnrolled: true }));
  operatorApi.use(announceWrites(deps, 'all'));
  const operatorGroup = operatorApi
    .route('/', operatorRoutes(deps))
    .route('/', auditGroups.operator)
    .route('/', outboxGroups.operator)
    .route('/', catalogueAdmin.operator)
    .route('/', lifecycleRoutes(deps))
    .route('/', support.operator)
    .route('/', onboardingRoutes(deps))
    .route('/', operatorAccess.operator);
  documentSecurity(staffGroup, SESSION_SECURITY);
  documentSecurity(operatorGroup, SESSION_SECURITY);

  // Every tenant group: the tenant is resolved from the Host once, here.
  const tenantApi = newRouter();
  tenantApi.use(tenantFromHost(deps));
  const tenantGroups = tenantApi.route('/', publicApi).route('/admin', staffGroup).route('/operator', operatorGroup);

  // Platform (no tenant; any Host): `/api/v1/domains/check`, asked by the TLS proxy.
  const platformApi = platformRoutes(deps);
  documentSecurity(platformApi, PUBLIC_SECURITY);

  // Open311 GeoReport v2, beside `/api`, as its own sub-app with its own `onError` (its error format is
  // GeoReport's, not ours); the tenant comes from the Host as for the API. Outside `/api`: no CSRF check
  // (clients are servers, authenticated by their API key), and not in the OpenAPI document.
  app.route('/open311', open311Routes(deps));
  const routes = app.route('/api/v1', platformApi).route('/api/v1', tenantGroups);

  app.openAPIRegistry.registerComponent('securitySchemes', SESSION_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The staff session cookie, set by `POST /api/v1/auth/login` on the host it was signed in on.',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Jamaa API',
      license: { name: 'AGPL-3.0-only', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
      version: '0.1.0',
      description: 'Public sites and online services of Moroccan communes. Tenant-scoped routes resolve the tenant from the Host header.',
    },
    // Relative: every tenant's host serves the API at its own origin (the tenant is the Host).
    servers: [{ url: '/', description: "The tenant's own host (or the platform host for operator routes)" }],
    tags: OPENAPI_TAGS,
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
