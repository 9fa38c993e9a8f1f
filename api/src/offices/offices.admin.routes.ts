import { createRoute } from '@hono/zod-openapi';
import { changeContext } from '../http/request.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponse, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { AdminOfficeListSchema, AdminOfficeSchema, OfficeIdParamSchema, OfficeInputSchema } from './offices.schemas.ts';
import { createOffice, deleteOfficeOf, listOfficesForAdmin, updateOfficeOf } from './offices.service.ts';


/**
 * A tenant's offices, for its administrators (`/api/v1/admin/offices`). An arrondissement sees its
 * commune's offices too, read-only. Every change is audited; the public `/api/v1/offices` reads them
 * afresh on every request.
 */
export function officesAdminRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);

  const list = createRoute({
    method: 'get',
    operationId: 'listAdminOffices',
    path: '/offices',
    tags: ['offices'],
    summary: "This tenant's offices, then its commune's (read-only)",
    middleware: [admin] as const,
    responses: { 200: jsonContent(AdminOfficeListSchema, 'Offices'), ...errorResponses(401, 403) },
  });
  const create = createRoute({
    method: 'post',
    operationId: 'createOffice',
    path: '/offices',
    tags: ['offices'],
    summary: 'Add an office (its key is made from the French name when left out)',
    middleware: [admin] as const,
    request: jsonBody(OfficeInputSchema),
    responses: {
      201: jsonContent(AdminOfficeSchema, 'The new office'),
      ...errorResponses(401, 403, 422),
      409: errorResponse('OFFICE_EXISTS: the key is taken in this tenant'),
    },
  });
  const update = createRoute({
    method: 'put',
    operationId: 'updateOffice',
    path: '/offices/{id}',
    tags: ['offices'],
    summary: "Replace an office's fields (the key, Ramadan hours and closures are kept when left out; closures already over are dropped)",
    middleware: [admin] as const,
    request: { params: OfficeIdParamSchema, ...jsonBody(OfficeInputSchema) },
    responses: {
      200: jsonContent(AdminOfficeSchema, 'The office'),
      ...errorResponses(401, 403, 422),
      409: errorResponse('OFFICE_EXISTS: the key is taken in this tenant'),
    },
  });
  const remove = createRoute({
    method: 'delete',
    operationId: 'deleteOffice',
    path: '/offices/{id}',
    tags: ['offices'],
    summary: 'Delete an office no service offering names',
    middleware: [admin] as const,
    request: { params: OfficeIdParamSchema },
    responses: {
      204: { description: 'Deleted' },
      ...errorResponses(401, 403, 422),
      409: errorResponse('OFFICE_IN_USE: `details` is an `OfficeInUse` naming the services (here or in an arrondissement) that point to it'),
    },
  });

  return newRouter()
    .openapi(list, async (c) => c.json({ offices: await listOfficesForAdmin(deps.db, c.var.resolved) }, 200))
    .openapi(create, async (c) => c.json(await createOffice(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps)), 201))
    .openapi(update, async (c) => c.json(await updateOfficeOf(deps.db, c.var.resolved, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(remove, async (c) => {
      await deleteOfficeOf(deps.db, c.var.resolved, c.req.valid('param').id, changeContext(c, deps));
      return c.body(null, 204);
    });
}
