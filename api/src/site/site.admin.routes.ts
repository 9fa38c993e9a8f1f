import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { ArrondissementListSchema } from './site.schemas.ts';
import { listArrondissements } from './site.service.ts';

/** What the console needs to know about the tenant's own structure (`/api/v1/admin/…`, in the staff group). */
export function siteAdminRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);

  const arrondissements = createRoute({
    method: 'get',
    operationId: 'listArrondissements',
    path: '/arrondissements',
    tags: ['site'],
    summary: "A commune's arrondissements with their ids (empty elsewhere): the staff screen grants rights on them",
    middleware: [admin] as const,
    responses: { 200: jsonContent(ArrondissementListSchema, 'The arrondissements'), ...errorResponses(401, 403) },
  });

  return newRouter().openapi(arrondissements, async (c) => c.json(await listArrondissements(deps.db, c.var.resolved), 200));
}
