import { createRoute, z } from '@hono/zod-openapi';
import { changeContext } from '../http/request.ts';
import { errorResponses, jsonContent } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { CatalogueOverviewSchema, DraftReviewSchema, DraftServiceChangeSchema, NationalServiceSchema, PublishedDraftSchema } from './governance.schemas.ts';
import { catalogueOverview, changeDraftService, discardDraft, getNationalService, publishDraft, reviewDraft, revertDraftService } from './governance.service.ts';

/**
 * The operator governs the shared national catalogue (`/api/v1/operator/catalogue/…`, on the platform host):
 * a draft of the next version, its review (changes per service and language, conflicting tenant overrides)
 * and its publication. Mounted under the operator group (operator role, second factor done).
 */
export function governanceRoutes(deps: AppDeps) {
  const TAG = ['catalogue governance'];
  const code = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/).max(80);
  const overview = createRoute({
    method: 'get',
    operationId: 'nationalCatalogue',
    path: '/catalogue',
    tags: TAG,
    summary: 'The current national version, its services and what the draft does to each',
    responses: { 200: jsonContent(CatalogueOverviewSchema, 'The national catalogue'), ...errorResponses(401, 403) },
  });
  const one = createRoute({
    method: 'get',
    operationId: 'nationalService',
    path: '/catalogue/services/{code}',
    tags: TAG,
    summary: 'One national service: its published card and its card in the draft',
    request: { params: z.object({ code }) },
    responses: { 200: jsonContent(NationalServiceSchema, 'The service'), ...errorResponses(401, 403, 404) },
  });
  const change = createRoute({
    method: 'put',
    operationId: 'changeDraftService',
    path: '/catalogue/draft/services/{code}',
    tags: TAG,
    summary: "Put a service's new card (validated like a catalogue file) or its withdrawal in the draft",
    request: { params: z.object({ code }), body: { content: { 'application/json': { schema: DraftServiceChangeSchema } }, required: true } },
    responses: { 200: jsonContent(NationalServiceSchema, 'The service'), ...errorResponses(401, 403, 404, 422) },
  });
  const revert = createRoute({
    method: 'delete',
    operationId: 'revertDraftService',
    path: '/catalogue/draft/services/{code}',
    tags: TAG,
    summary: "Drop a service's change from the draft",
    request: { params: z.object({ code }) },
    responses: { 204: { description: 'Dropped' }, ...errorResponses(401, 403, 404) },
  });
  const review = createRoute({
    method: 'get',
    operationId: 'reviewDraft',
    path: '/catalogue/draft',
    tags: TAG,
    summary: 'The draft under review: what changed per service and language, and the tenants whose overrides conflict with it',
    responses: { 200: jsonContent(DraftReviewSchema, 'The review'), ...errorResponses(401, 403, 404) },
  });
  const discard = createRoute({
    method: 'delete',
    operationId: 'discardDraft',
    path: '/catalogue/draft',
    tags: TAG,
    summary: 'Throw the draft away',
    responses: { 204: { description: 'Discarded' }, ...errorResponses(401, 403, 404) },
  });
  const publish = createRoute({
    method: 'post',
    operationId: 'publishDraft',
    path: '/catalogue/draft/publish',
    tags: TAG,
    summary: 'Publish the draft as the new current version (conflicting overrides are flagged for review)',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z
              .object({
                label: z.string().trim().min(1).max(120).optional(),
                /** Publish even where a newer version changed a service the draft changes (DRAFT_OUTDATED otherwise). */
                replaceNewer: z.boolean().optional(),
              })
              .strict(),
          },
        },
        required: false,
      },
    },
    responses: { 200: jsonContent(PublishedDraftSchema, 'The new version'), ...errorResponses(401, 403, 404, 409, 422) },
  });

  const platformId = (c: { var: { resolved: { tenant: { id: string } } } }) => c.var.resolved.tenant.id;
  return newRouter()
    .openapi(overview, async (c) => c.json(await catalogueOverview(deps.db, platformId(c)), 200))
    .openapi(one, async (c) => c.json(await getNationalService(deps.db, platformId(c), c.req.valid('param').code), 200))
    .openapi(change, async (c) => {
      const { code: service } = c.req.valid('param');
      await changeDraftService(deps.db, platformId(c), service, c.req.valid('json'), changeContext(c, deps));
      return c.json(await getNationalService(deps.db, platformId(c), service), 200);
    })
    .openapi(revert, async (c) => {
      await revertDraftService(deps.db, platformId(c), c.req.valid('param').code, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(review, async (c) => c.json(await reviewDraft(deps.db, platformId(c)), 200))
    .openapi(discard, async (c) => {
      await discardDraft(deps.db, platformId(c), changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(publish, async (c) => {
      // The body is optional: without one, the validator has nothing to give.
      const body: { label?: string; replaceNewer?: boolean } = c.req.valid('json') ?? {};
      return c.json(await publishDraft(deps.db, platformId(c), body, changeContext(c, deps)), 200);
    });
}
