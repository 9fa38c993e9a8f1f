import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { clearSessionCookie } from '../sessions/cookies.ts';
import { UserIdParamSchema } from './accounts.schemas.ts';
import { endAccountSessions, endMySession, mySessions, resetSecondFactor, signOutEverywhereElse } from './support.service.ts';

export const OwnSessionSchema = z
  .object({
    id: z.string().openapi({ description: 'A public id of the session (not its token or hash)' }),
    current: z.boolean(),
    device: z.string().openapi({ example: 'Firefox · Android' }),
    ip: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastSeenAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('OwnSession');
export const OwnSessionsSchema = z.object({ sessions: z.array(OwnSessionSchema) }).openapi('OwnSessions');
export const SecondFactorResetSchema = z
  .object({ reason: z.string().trim().min(10).max(500).openapi({ description: 'Why (how the person proved who they are), for the audit log and their mail' }) })
  .openapi('SecondFactorResetRequest');

/**
 * Support: the operator resets a lost second factor and ends an account's sessions
 * (`/api/v1/operator/users/{id}/…`); staff see and end their own sessions (`/api/v1/admin/account/sessions`).
 */
export function supportRoutes(deps: AppDeps) {
  const reset = createRoute({
    method: 'post',
    operationId: 'resetSecondFactor',
    path: '/users/{userId}/second-factor/reset',
    tags: ['operator'],
    summary: 'Remove the second factor of someone who lost phone and recovery codes: a reason is required; their sessions end, they are told by mail and enrol anew at their next sign-in',
    request: { params: UserIdParamSchema, ...jsonBody(SecondFactorResetSchema) },
    responses: { 200: jsonContent(z.object({ userId: z.string(), toldThrough: z.string() }).openapi('SecondFactorReset'), 'Reset'), ...errorResponses(401, 403, 409, 422) },
  });
  const endAll = createRoute({
    method: 'post',
    operationId: 'endAccountSessions',
    path: '/users/{userId}/sessions/end',
    tags: ['operator'],
    summary: "End every session of an account, on every tenant",
    request: { params: UserIdParamSchema },
    responses: { 200: jsonContent(z.object({ userId: z.string() }).openapi('AccountSessionsEnded'), 'Ended'), ...errorResponses(401, 403, 422) },
  });
  const list = createRoute({
    method: 'get',
    operationId: 'listOwnSessions',
    path: '/account/sessions',
    tags: ['auth'],
    summary: "The caller's active sessions on this site: device, address, last seen",
    responses: { 200: jsonContent(OwnSessionsSchema, 'Sessions, most recently seen first'), ...errorResponses(401, 403) },
  });
  const endOthers = createRoute({
    method: 'post',
    operationId: 'signOutEverywhereElse',
    path: '/account/sessions/end-others',
    tags: ['auth'],
    summary: 'Sign out everywhere else: every other session of the account, on every site, ends',
    responses: { 200: jsonContent(OwnSessionsSchema, 'The sessions left (this one)'), ...errorResponses(401, 403) },
  });
  const endOne = createRoute({
    method: 'delete',
    operationId: 'endOwnSession',
    path: '/account/sessions/{sessionId}',
    tags: ['auth'],
    summary: 'End one of your sessions on this site (this one signs you out)',
    request: { params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/).openapi({ param: { name: 'sessionId', in: 'path' } }) }) },
    responses: { 200: jsonContent(z.object({ current: z.boolean() }).openapi('OwnSessionEnded'), 'Ended'), ...errorResponses(401, 403, 422) },
  });

  const operator = newRouter()
    .openapi(reset, async (c) =>
      c.json(await resetSecondFactor(deps, c.var.resolved.tenant, changeContext(c, deps), c.req.valid('param').userId, c.req.valid('json').reason), 200),
    )
    .openapi(endAll, async (c) => c.json(await endAccountSessions(deps, c.var.resolved.tenant, changeContext(c, deps), c.req.valid('param').userId), 200));
  const staff = newRouter()
    .openapi(list, async (c) => c.json({ sessions: await mySessions(deps, c.var.staff) }, 200))
    .openapi(endOthers, async (c) => c.json({ sessions: await signOutEverywhereElse(deps, c.var.staff, changeContext(c, deps)) }, 200))
    .openapi(endOne, async (c) => {
      const ended = await endMySession(deps, c.var.staff, c.req.valid('param').sessionId, changeContext(c, deps));
      if (ended.current) clearSessionCookie(c);
      return c.json(ended, 200);
    });
  return { operator, staff };
}
