import { createRoute } from '@hono/zod-openapi';
import { changeContext } from '../http/request.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { TariffChangeSchema, TariffSettingsSchema } from './tariff.schemas.ts';
import { changeTariff, getTariffSettings } from './tariff.service.ts';

/**
 * The commune's tariff for its administrators (`/api/v1/admin/tariff`): the link to its arrêté fiscal and a
 * short note, shown on every service whose fee the commune sets. Changes are audited and reach every
 * process's tenant cache through `changeTenant`.
 */
export function tariffRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);

  const get = createRoute({
    method: 'get',
    operationId: 'getTariff',
    path: '/tariff',
    tags: ['site'],
    summary: "The tariff in effect (the commune's on an arrondissement without its own)",
    middleware: [admin] as const,
    responses: { 200: jsonContent(TariffSettingsSchema, 'The tariff'), ...errorResponses(401, 403) },
  });
  const put = createRoute({
    method: 'put',
    operationId: 'changeTariff',
    path: '/tariff',
    tags: ['site'],
    summary: "Set this tenant's tariff: a link to its tariff document and a short note in each language (null and {} clear it)",
    middleware: [admin] as const,
    request: jsonBody(TariffChangeSchema),
    responses: { 200: jsonContent(TariffSettingsSchema, 'The tariff in effect'), ...errorResponses(401, 403, 422) },
  });

  return newRouter()
    .openapi(get, async (c) => c.json(await getTariffSettings(deps.db, c.var.resolved), 200))
    .openapi(put, async (c) => c.json(await changeTariff(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps)), 200));
}
