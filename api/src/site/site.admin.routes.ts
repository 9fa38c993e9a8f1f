import { createRoute } from '@hono/zod-openapi';
import { requireStaff } from '../accounts/http.ts';
import { errorResponses } from '../accounts/openapi.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { tenantFromHost } from '../http/tenant-from-host.ts';
import { ArrondissementListSchema } from './site.schemas.ts';
import { listArrondissements } from './site.service.ts';

/** What the console needs to know about the tenant's own structure (`/api/v1/admin/…`). */
export function siteAdminRoutes(deps: AppDeps) {
  const tenant = tenantFromHost(deps);
  const admin = requireStaff(deps, { roles: ['administrator'] });

  const arrondissements = createRoute({
    method: 'get',
    path: '/admin/arrondissements',
    tags: ['site'],
    summary: "A commune's arrondissements with their ids (empty elsewhere): the staff screen grants rights on them",
    middleware: [tenant, admin] as const,
    responses: {
      200: { description: 'The arrondissements', content: { 'application/json': { schema: ArrondissementListSchema } } },
      ...errorResponses(401, 403),
    },
  });

  return newRouter().openapi(arrondissements, async (c) => c.json(await listArrondissements(deps.db, c.var.resolved), 200));
}
