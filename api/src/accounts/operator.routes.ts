import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { AccountListSchema, AccountSchema, InvitationCreatedSchema, InviteRequestSchema, UserIdParamSchema } from './accounts.schemas.ts';
import { requestMeta } from '../http/request.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { disableAccount, enableAccount, inviteToTenant, listAccounts } from './operator.service.ts';


/**
 * The national operator's account management, on the platform host: `/api/v1/operator/*`. Mounted in
 * the operator group, which resolves the tenant and lets only the operator through.
 */
export function operatorRoutes(deps: AppDeps) {
  const meta = (c: Parameters<typeof requestMeta>[0]) => requestMeta(c, deps.config);

  const list = createRoute({
    method: 'get',
    operationId: 'listAccounts',
    path: '/users',
    tags: ['operator'],
    summary: 'Every staff account of the platform',
    request: { query: z.object({ q: z.string().trim().min(1).max(100).optional() }) },
    responses: { 200: jsonContent(AccountListSchema, 'Accounts'), ...errorResponses(401, 403, 422) },
  });
  const disable = createRoute({
    method: 'post',
    operationId: 'disableAccount',
    path: '/users/{userId}/disable',
    tags: ['operator'],
    summary: 'Disable an account: all its sessions, on every tenant, end at once',
    request: { params: UserIdParamSchema },
    responses: { 200: jsonContent(AccountSchema, 'Disabled'), ...errorResponses(401, 403, 409, 422) },
  });
  const enable = createRoute({
    method: 'post',
    operationId: 'enableAccount',
    path: '/users/{userId}/enable',
    tags: ['operator'],
    summary: 'Enable a disabled account',
    request: { params: UserIdParamSchema },
    responses: { 200: jsonContent(AccountSchema, 'Enabled'), ...errorResponses(401, 403, 422) },
  });
  const invite = createRoute({
    method: 'post',
    operationId: 'inviteToTenant',
    path: '/tenants/{tenantId}/invitations',
    tags: ['operator'],
    summary: "Invite someone to a tenant (a commune's first administrator)",
    request: { params: z.object({ tenantId: z.uuid().openapi({ param: { name: 'tenantId', in: 'path' } }) }), ...jsonBody(InviteRequestSchema) },
    responses: { 201: jsonContent(InvitationCreatedSchema, 'Invited'), ...errorResponses(401, 403, 409, 422) },
  });

  return newRouter()
    .openapi(list, async (c) => c.json({ accounts: await listAccounts(deps, c.req.valid('query').q ?? null) }, 200))
    .openapi(disable, async (c) => c.json(await disableAccount(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').userId, meta(c)), 200))
    .openapi(enable, async (c) => c.json(await enableAccount(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').userId, meta(c)), 200))
    .openapi(invite, async (c) =>
      c.json(await inviteToTenant(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').tenantId, c.req.valid('json'), meta(c)), 201),
    );
}
