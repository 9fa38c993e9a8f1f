import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { DashboardSchema } from './dashboard.schemas.ts';
import { getDashboard } from './dashboard.service.ts';

/** The console's first screen (`/api/v1/admin/dashboard`), for every tenant role, filtered by role. */
export function dashboardRoutes(deps: AppDeps) {
  const staff = requireRole(['administrator', 'editor', 'agent', 'supervisor']);

  const get = createRoute({
    method: 'get',
    operationId: 'getDashboard',
    path: '/dashboard',
    tags: ['dashboard'],
    summary: 'What needs attention here, for the caller’s role (a section is null when the role does not see it)',
    middleware: [staff] as const,
    responses: { 200: jsonContent(DashboardSchema, 'The dashboard'), ...errorResponses(401, 403) },
  });

  return newRouter().openapi(get, async (c) => c.json(await getDashboard(deps, c.var.resolved, c.var.staff), 200));
}
