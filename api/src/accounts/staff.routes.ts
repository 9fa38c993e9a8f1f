import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import {
  AcceptedSchema,
  AcceptInvitationSchema,
  InvitationCreatedSchema,
  InvitationDetailsSchema,
  InvitationIdParamSchema,
  InviteRequestSchema,
  MemberSchema,
  RoleChangeSchema,
  StaffListSchema,
  TokenParamSchema,
  UserIdParamSchema,
} from './accounts.schemas.ts';
import { requestMeta } from '../http/request.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import {
  acceptInvitation,
  changeStaffRole,
  disableStaff,
  enableStaff,
  getInvitation,
  grantChildMembership,
  inviteStaff,
  listStaff,
  revokeChildMembership,
  revokeStaffInvitation,
} from './staff.service.ts';

const ChildParamsSchema = UserIdParamSchema.extend({ tenantId: z.uuid().openapi({ param: { name: 'tenantId', in: 'path' } }) });

/**
 * A tenant's staff, for its administrators: `/api/v1/admin/users*`, and the invitation links
 * (`/api/v1/admin/invitations/{token}`, public: the token is the credential). `staff` mounts in the
 * staff group (paths relative to `/api/v1/admin`), `public` in the public group (full paths).
 */
export function staffRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);
  const meta = (c: Parameters<typeof requestMeta>[0]) => requestMeta(c, deps.config);

  const list = createRoute({
    method: 'get',
    operationId: 'listStaff',
    path: '/users',
    tags: ['staff'],
    summary: "The tenant's staff and pending invitations",
    middleware: [admin] as const,
    responses: { 200: jsonContent(StaffListSchema, 'Staff'), ...errorResponses(401, 403) },
  });
  const invite = createRoute({
    method: 'post',
    operationId: 'inviteStaff',
    path: '/users',
    tags: ['staff'],
    summary: 'Invite someone by e-mail with a role (and a department for an agent)',
    middleware: [admin] as const,
    request: jsonBody(InviteRequestSchema),
    responses: { 201: jsonContent(InvitationCreatedSchema, 'Invited; the link is mailed'), ...errorResponses(401, 403, 409, 422) },
  });
  const changeRole = createRoute({
    method: 'patch',
    operationId: 'changeStaffRole',
    path: '/users/{userId}',
    tags: ['staff'],
    summary: "Change a member's role",
    middleware: [admin] as const,
    request: { params: UserIdParamSchema, ...jsonBody(RoleChangeSchema) },
    responses: { 200: jsonContent(MemberSchema, 'Changed'), ...errorResponses(401, 403, 409, 422) },
  });
  const disable = createRoute({
    method: 'post',
    operationId: 'disableStaff',
    path: '/users/{userId}/disable',
    tags: ['staff'],
    summary: 'Disable a member here; their sessions here end at once',
    middleware: [admin] as const,
    request: { params: UserIdParamSchema },
    responses: { 200: jsonContent(MemberSchema, 'Disabled'), ...errorResponses(401, 403, 409, 422) },
  });
  const enable = createRoute({
    method: 'post',
    operationId: 'enableStaff',
    path: '/users/{userId}/enable',
    tags: ['staff'],
    summary: 'Enable a disabled member again',
    middleware: [admin] as const,
    request: { params: UserIdParamSchema },
    responses: { 200: jsonContent(MemberSchema, 'Enabled'), ...errorResponses(401, 403, 422) },
  });
  const grant = createRoute({
    method: 'put',
    operationId: 'grantArrondissementRole',
    path: '/users/{userId}/tenants/{tenantId}',
    tags: ['staff'],
    summary: "Give a member of this commune a role on one of its arrondissements",
    middleware: [admin] as const,
    request: { params: ChildParamsSchema, ...jsonBody(RoleChangeSchema) },
    responses: { 200: jsonContent(MemberSchema, 'Granted'), ...errorResponses(401, 403, 409, 422) },
  });
  const revoke = createRoute({
    method: 'delete',
    operationId: 'revokeArrondissementRole',
    path: '/users/{userId}/tenants/{tenantId}',
    tags: ['staff'],
    summary: 'Remove a role given on an arrondissement; the sessions it allowed there end',
    middleware: [admin] as const,
    request: { params: ChildParamsSchema },
    responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 409, 422) },
  });
  const revokeInvitation = createRoute({
    method: 'delete',
    operationId: 'revokeInvitation',
    path: '/invitations/{id}',
    tags: ['staff'],
    summary: 'Withdraw an invitation not yet accepted (its link then answers INVITATION_REVOKED)',
    middleware: [admin] as const,
    request: { params: InvitationIdParamSchema },
    responses: { 204: { description: 'Withdrawn (or already withdrawn)' }, ...errorResponses(401, 403, 410, 422) },
  });
  const invitation = createRoute({
    method: 'get',
    operationId: 'getInvitation',
    path: '/admin/invitations/{token}',
    tags: ['staff'],
    summary: 'What an invitation link offers (its token is the credential)',
    request: { params: TokenParamSchema },
    responses: { 200: jsonContent(InvitationDetailsSchema, 'The invitation'), ...errorResponses(410, 422) },
  });
  const accept = createRoute({
    method: 'post',
    operationId: 'acceptInvitation',
    path: '/admin/invitations/{token}',
    tags: ['staff'],
    summary: 'Accept an invitation: a new account chooses its password and name; an existing one gives its password',
    request: { params: TokenParamSchema, ...jsonBody(AcceptInvitationSchema) },
    responses: { 200: jsonContent(AcceptedSchema, 'Accepted: the membership exists'), ...errorResponses(401, 403, 410, 422, 429) },
  });

  return {
    staff: newRouter()
      .openapi(list, async (c) => c.json(await listStaff(deps, c.var.resolved.tenant), 200))
      .openapi(invite, async (c) => c.json(await inviteStaff(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('json'), meta(c)), 201))
      .openapi(changeRole, async (c) =>
        c.json(await changeStaffRole(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').userId, c.req.valid('json'), meta(c)), 200),
      )
      .openapi(disable, async (c) => c.json(await disableStaff(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').userId, meta(c)), 200))
      .openapi(enable, async (c) => c.json(await enableStaff(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').userId, meta(c)), 200))
      .openapi(grant, async (c) => {
        const { userId, tenantId } = c.req.valid('param');
        return c.json(await grantChildMembership(deps, c.var.resolved.tenant, c.var.staff, userId, tenantId, c.req.valid('json'), meta(c)), 200);
      })
      .openapi(revoke, async (c) => {
        const { userId, tenantId } = c.req.valid('param');
        await revokeChildMembership(deps, c.var.resolved.tenant, c.var.staff, userId, tenantId, meta(c));
        return c.body(null, 204);
      })
      .openapi(revokeInvitation, async (c) => {
        await revokeStaffInvitation(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('param').id, meta(c));
        return c.body(null, 204);
      }),
    public: newRouter()
      .openapi(invitation, async (c) => c.json(await getInvitation(deps, c.var.resolved.tenant, c.req.valid('param').token), 200))
      .openapi(accept, async (c) =>
        c.json(await acceptInvitation(deps, c.var.resolved.tenant, c.req.valid('param').token, c.req.valid('json'), meta(c)), 200),
      ),
  };
}
