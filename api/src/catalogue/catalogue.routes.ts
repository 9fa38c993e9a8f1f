import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { publicReads, remembering } from '../app-deps.ts';
import { withSharedParts } from '../http/in-process-json.ts';
import { newRouter, tenantErrorResponses } from '../http/openapi.ts';
import { listTenantOffices } from '../offices/offices.service.ts';
import { OfficeSchema, SearchResultSchema, ServiceDetailSchema, ServiceListingSchema } from './catalogue.schemas.ts';
import {
  getOfferedService,
  listOfferedServices,
  searchOfferedServices,
  toSearchResultView,
  toServiceDetailView,
  toServiceListingView,
} from './catalogue.service.ts';

const errors = tenantErrorResponses;

const slug = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/).max(80);

const listRoute = createRoute({
  method: 'get',
  operationId: 'listServices',
  path: '/services',
  tags: ['catalogue'],
  summary: 'The services this tenant offers, by category and audience',
  request: {
    query: z.object({
      category: slug.optional(),
      audience: z.enum(['residents', 'businesses', 'associations']).optional(),
      /** The page's language: services are ordered by how often residents need them, then by name in it. */
      lang: z.enum(['ar', 'fr', 'zgh']).optional(),
      /**
       * Only the services residents need most (a frequency rank, of kind `service`), at most this many, in
       * the same order: what a home page links to, without the rest of the catalogue.
       */
      popular: z.coerce.number().int().min(1).max(50).optional(),
    }),
  },
  responses: { 200: { description: 'Offered services', content: { 'application/json': { schema: ServiceListingSchema } } }, ...errors },
});

const searchRoute = createRoute({
  method: 'get',
  operationId: 'searchServices',
  path: '/services/search',
  tags: ['catalogue'],
  summary: 'Search offered services in Arabic, French or Tifinagh (tolerant of spelling variants)',
  request: { query: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
  responses: { 200: { description: 'Ranked services', content: { 'application/json': { schema: SearchResultSchema } } }, ...errors },
});

const detailRoute = createRoute({
  method: 'get',
  operationId: 'getService',
  path: '/services/{code}',
  tags: ['catalogue'],
  summary: 'One service: documents, steps, cost, delay, legal basis, where to go',
  request: { params: z.object({ code: slug }) },
  responses: { 200: { description: 'The service', content: { 'application/json': { schema: ServiceDetailSchema } } }, ...errors },
});

const officesRoute = createRoute({
  method: 'get',
  operationId: 'listOffices',
  path: '/offices',
  tags: ['catalogue'],
  summary: "The tenant's offices (and its commune's), with address, coordinates, hours, Ramadan hours and dated closures",
  responses: { 200: { description: 'Offices', content: { 'application/json': { schema: z.object({ offices: z.array(OfficeSchema) }) } } }, ...errors },
});

/** Public, tenant-scoped catalogue routes under `/api/v1`, mounted in the public group (which resolves the tenant). */
export function catalogueRoutes(deps: AppDeps) {
  return newRouter()
    .openapi(listRoute, async (c) =>
      // Each summary is kept with the service it sums up (the same object for every listing of the tenant's
      // kept catalogue, and for every tenant that made no choice about the service).
      c.json(withSharedParts(toServiceListingView(await listOfferedServices(publicReads(deps), c.var.resolved, c.req.valid('query'), remembering(deps, c.var.resolved))), { services: 'each' }), 200),
    )
    .openapi(searchRoute, async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json(toSearchResultView(await searchOfferedServices(publicReads(deps), c.var.resolved, q, limit, remembering(deps, c.var.resolved))), 200);
    })
    .openapi(detailRoute, async (c) => {
      const detail = await getOfferedService(publicReads(deps), c.var.resolved, c.req.valid('param').code, remembering(deps, c.var.resolved));
      // The card is a published version's (or a kept local service's), the arrondissement offices the views
      // of a kept list: the same objects on every request for the service until the tenant's reads are dropped.
      return c.json(withSharedParts(toServiceDetailView(detail, c.var.resolved.tenant.id), { card: 'whole', arrondissementOffices: 'whole' }), 200);
    })
    .openapi(officesRoute, async (c) => c.json({ offices: await listTenantOffices(publicReads(deps), c.var.resolved, remembering(deps, c.var.resolved)) }, 200));
}
