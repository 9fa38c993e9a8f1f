import { createRoute, z } from '@hono/zod-openapi';
import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { changeContext } from '../http/request.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { AdminOfferingSchema, MergedOfferingSchema, OfferingChangeSchema, OfferingListSchema, ServiceSummarySchema } from './catalogue.schemas.ts';
import { governanceRoutes } from './governance.routes.ts';
import { addLocalService, changeOffering, getOfferingForAdmin, listOfferingsForAdmin, publishCatalogue, toServiceSummary } from './catalogue.service.ts';

/**
 * Staff configure their catalogue (`/api/v1/admin/catalogue/…`: administrators change, editors read) and the
 * operator publishes national versions (`/api/v1/operator/catalogue/versions`). Every change is audited.
 */
export function catalogueAdminRoutes(deps: AppDeps) {
  const readers = requireRole(['administrator', 'editor']);
  const admin = requireRole(['administrator']);

  const list = createRoute({
    method: 'get',
    operationId: 'listOfferings',
    path: '/catalogue/offerings',
    tags: ['catalogue admin'],
    summary: 'Every national and local service with what this tenant (and its commune) decided about it',
    middleware: [readers] as const,
    responses: { 200: jsonContent(OfferingListSchema, 'Offerings'), ...errorResponses(401, 403) },
  });
  const code = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/).max(80);
  const one = createRoute({
    method: 'get',
    operationId: 'getOffering',
    path: '/catalogue/offerings/{code}',
    tags: ['catalogue admin'],
    summary: "One service with this tenant's own and inherited choices, what awaits review, its national card and the offices it may point to",
    middleware: [readers] as const,
    request: { params: z.object({ code }) },
    responses: { 200: jsonContent(AdminOfferingSchema, 'The offering'), ...errorResponses(401, 403, 404) },
  });
  const change = createRoute({
    method: 'put',
    operationId: 'changeOffering',
    path: '/catalogue/offerings/{code}',
    tags: ['catalogue admin'],
    summary: 'Enable or disable a national service, or override local facts (fee, office, hours, documents, note, contact)',
    middleware: [admin] as const,
    request: {
      params: z.object({ code }),
      body: { content: { 'application/json': { schema: OfferingChangeSchema } }, required: true },
    },
    responses: { 200: jsonContent(MergedOfferingSchema, 'The offering in effect'), ...errorResponses(401, 403, 422) },
  });
  const addLocal = createRoute({
    method: 'post',
    operationId: 'addLocalService',
    path: '/catalogue/local-services',
    tags: ['catalogue admin'],
    summary: "Add a service of the commune's own (a full service card; code starting with local-)",
    middleware: [admin] as const,
    request: { body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, required: true } },
    responses: { 201: jsonContent(ServiceSummarySchema, 'The new service'), ...errorResponses(401, 403, 409, 422) },
  });
  const publish = createRoute({
    method: 'post',
    operationId: 'publishCatalogue',
    path: '/catalogue/versions',
    tags: ['catalogue admin'],
    summary: 'Publish the national catalogue shipped with this release as the current version (idempotent)',
    request: { body: { content: { 'application/json': { schema: z.object({ label: z.string().min(1).max(120).optional() }).strict() } }, required: false } },
    responses: {
      200: jsonContent(z.object({ version: z.string(), label: z.string(), created: z.boolean(), flagged: z.number().int() }), 'The current version'),
      ...errorResponses(401, 403, 422),
    },
  });

  return {
    staff: newRouter()
      .openapi(list, async (c) => c.json({ services: await listOfferingsForAdmin(deps.db, c.var.resolved) }, 200))
      .openapi(one, async (c) => c.json(await getOfferingForAdmin(deps.db, c.var.resolved, c.req.valid('param').code), 200))
      .openapi(change, async (c) => {
        const merged = await changeOffering(deps.db, c.var.resolved, c.req.valid('param').code, c.req.valid('json'), changeContext(c, deps));
        return c.json(merged, 200);
      })
      .openapi(addLocal, async (c) => {
        const added = await addLocalService(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps));
        return c.json(toServiceSummary(added), 201);
      }),
    operator: newRouter()
      .route('/', governanceRoutes(deps))
      .openapi(publish, async (c) => {
        // The body is optional: without one, the validator has nothing to give.
        const body: { label?: string } = c.req.valid('json') ?? {};
        const catalogue = loadCatalogue();
        const result = await publishCatalogue(deps.db, catalogue, body.label ?? catalogue.version, {
          ...changeContext(c, deps),
          platformTenantId: c.var.resolved.tenant.id,
        });
        return c.json({ version: result.version.content_hash, label: result.version.label, created: result.created, flagged: result.flagged }, 200);
      }),
  };
}
