import { createRoute } from '@hono/zod-openapi';
import { requireStaff } from '../sessions/require-staff.ts';
import { errorResponses, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { tenantFromHost } from '../http/tenant-from-host.ts';
import { DashboardSchema } from './dashboard.schemas.ts';
import { getDashboard } from './dashboard.service.ts';

/** The console's first screen (`/api/v1/admin/dashboard`), for every tenant role, filtered by role. */
export function dashboardRoutes(deps: AppDeps) {
  const tenant = tenantFromHost(deps);
  const staff = requireStaff(deps, { roles: ['administrator', 'editor', 'agent', 'supervisor'] });

  const get = createRoute({
    method: 'get',
    operationId: 'getDashboard',
    path: '/admin/dashboard',
    tags: ['dashboard'],
    summary: 'What needs attention here, for the caller’s role (a section is null when the role does not see it)',
    middleware: [tenant, staff] as const,
    responses: { 200: jsonContent(DashboardSchema, 'The dashboard'), ...errorResponses(401, 403) },
  });

  return newRouter().openapi(get, async (c) => c.json(await getDashboard(deps, c.var.resolved, c.var.staff), 200));
}
