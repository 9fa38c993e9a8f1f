import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { requestMeta } from '../http/request.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { AppError } from '../shared/errors.ts';
import {
  AddDomainSchema,
  BatchRequestSchema,
  ConformanceSchema,
  DomainViewSchema,
  JobIdParamSchema,
  OnboardingJobSchema,
  OnboardingOptionsSchema,
  OnboardingRequestSchema,
  OnboardingResultSchema,
  RegistryQuerySchema,
  RegistrySearchSchema,
  StatisticsSchema,
  TenantIdParamSchema,
  TenantListSchema,
} from './onboarding.schemas.ts';
import { codesFromCsv, findJob, onboardCommune, regionCodes, startBatchJob } from './onboarding.service.ts';
import { addDomain, conformance, listTenantOverview, onboardedCodes, onboardingOptions, platformStatistics, REGISTRY_CREDIT } from './overview.service.ts';
import { registryEntry, searchRegistry } from './registry-search.ts';

const tags = ['onboarding'];

/**
 * The national operator's tenants: the overview, onboarding (one commune, or in bulk), custom domains,
 * statistics and conformance. Mounted in the operator group (`/api/v1/operator`, platform host, operator only).
 */
export function onboardingRoutes(deps: AppDeps) {
  const meta = (c: Parameters<typeof requestMeta>[0]) => requestMeta(c, deps.config);

  const tenants = createRoute({
    method: 'get',
    operationId: 'listTenantOverview',
    path: '/tenants',
    tags,
    summary: 'Every tenant: status, domains and their state, languages, last activity, requests, storage',
    responses: { 200: jsonContent(TenantListSchema, 'Tenants'), ...errorResponses(401, 403) },
  });
  const registry = createRoute({
    method: 'get',
    operationId: 'searchRegistry',
    path: '/registry',
    tags,
    summary: 'Search the national registry (HCP, RGPH 2024) by name in ar or fr, usual spelling, or code',
    request: { query: RegistryQuerySchema },
    responses: { 200: jsonContent(RegistrySearchSchema, 'Communes, best first'), ...errorResponses(401, 403, 422) },
  });
  const options = createRoute({
    method: 'get',
    operationId: 'getOnboardingOptions',
    path: '/onboarding/options',
    tags,
    summary: 'What the onboarding form offers: languages, branding presets, services, regions',
    responses: { 200: jsonContent(OnboardingOptionsSchema, 'Options'), ...errorResponses(401, 403) },
  });
  const onboard = createRoute({
    method: 'post',
    operationId: 'onboardCommune',
    path: '/onboarding',
    tags,
    summary: 'Onboard one commune (a city with all its arrondissements), in one transaction',
    request: jsonBody(OnboardingRequestSchema),
    responses: { 201: jsonContent(OnboardingResultSchema, 'Onboarded'), ...errorResponses(401, 403, 409, 422) },
  });
  const batch = createRoute({
    method: 'post',
    operationId: 'startOnboardingBatch',
    path: '/onboarding/batch',
    tags,
    summary: 'Onboard a region or a list of registry codes (CSV); answers a job to follow',
    request: jsonBody(BatchRequestSchema),
    responses: { 202: jsonContent(OnboardingJobSchema, 'Started'), ...errorResponses(401, 403, 422) },
  });
  const job = createRoute({
    method: 'get',
    operationId: 'getOnboardingJob',
    path: '/onboarding/jobs/{jobId}',
    tags,
    summary: 'Progress and report of a bulk onboarding: created, skipped (already there), refused (with the reason)',
    request: { params: JobIdParamSchema },
    responses: { 200: jsonContent(OnboardingJobSchema, 'The job'), ...errorResponses(401, 403, 422) },
  });
  const domain = createRoute({
    method: 'post',
    operationId: 'addTenantDomain',
    path: '/tenants/{tenantId}/domains',
    tags,
    summary: "Add a custom domain to a tenant (pending until the proxy obtains its certificate)",
    request: { params: TenantIdParamSchema, ...jsonBody(AddDomainSchema) },
    responses: { 201: jsonContent(DomainViewSchema, 'Added'), ...errorResponses(401, 403, 409, 422) },
  });
  const statistics = createRoute({
    method: 'get',
    operationId: 'getPlatformStatistics',
    path: '/statistics',
    tags,
    summary: 'Figures across tenants: onboarding, requests, resolution times, adoption of catalogue services',
    responses: { 200: jsonContent(StatisticsSchema, 'Statistics'), ...errorResponses(401, 403) },
  });
  const conformanceRoute = createRoute({
    method: 'get',
    operationId: 'getConformance',
    path: '/conformance',
    tags,
    summary: "Every tenant's site scored on what residents feel, lowest (help first) first",
    responses: { 200: jsonContent(ConformanceSchema, 'Scores'), ...errorResponses(401, 403) },
  });

  const by = (c: { var: { staff: { userId: string; email: string; displayName: string } } }, m: ReturnType<typeof meta>) => ({
    actor: { id: c.var.staff.userId, email: c.var.staff.email, displayName: c.var.staff.displayName },
    meta: m,
  });

  return newRouter()
    .openapi(tenants, async (c) => c.json({ tenants: await listTenantOverview(deps) }, 200))
    .openapi(registry, async (c) => {
      const { q, code } = c.req.valid('query');
      const found = code ? [registryEntry(code)].filter((h) => h !== undefined) : searchRegistry(q ?? '');
      const onboarded = await onboardedCodes(deps, found.map((h) => h.code));
      return c.json({ hits: found.map((h) => ({ ...h, onboarded: onboarded.has(h.code) })), credit: REGISTRY_CREDIT }, 200);
    })
    .openapi(options, async (c) => c.json(await onboardingOptions(deps), 200))
    .openapi(onboard, async (c) => c.json(await onboardCommune(deps, c.req.valid('json'), by(c, meta(c))), 201))
    .openapi(batch, async (c) => {
      const body = c.req.valid('json');
      const given = [body.region, body.codes, body.csv].filter((x) => x !== undefined).length;
      if (given !== 1) {
        throw new AppError('VALIDATION_FAILED', 'give one of region, codes, csv', [{ path: 'region', code: 'one_source', message: 'one of region, codes, csv' }]);
      }
      const codes = body.region ? regionCodes(body.region) : (body.codes ?? codesFromCsv(body.csv ?? ''));
      if (codes.length === 0) throw new AppError('VALIDATION_FAILED', 'no rows', [{ path: body.csv ? 'csv' : 'codes', code: 'empty', message: 'no rows' }]);
      const label = body.region ? `region ${body.region}` : `${codes.length} codes`;
      return c.json(startBatchJob(deps, label, codes, by(c, meta(c))), 202);
    })
    .openapi(job, async (c) => c.json(findJob(c.req.valid('param').jobId), 200))
    .openapi(domain, async (c) => {
      const staff = c.var.staff;
      return c.json(await addDomain(deps, { id: staff.userId, email: staff.email }, c.req.valid('param').tenantId, c.req.valid('json').domain, meta(c)), 201);
    })
    .openapi(statistics, async (c) => c.json(await platformStatistics(deps), 200))
    .openapi(conformanceRoute, async (c) => c.json({ tenants: await conformance(deps) }, 200));
}
