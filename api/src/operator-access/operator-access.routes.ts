import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { TenantIdParamSchema } from '../lifecycle/lifecycle.schemas.ts';
import { requireRole } from '../sessions/require-staff.ts';
import {
  GrantIdParamSchema,
  OperatorAccessGrantSchema,
  OperatorAccessInputSchema,
  OperatorAccessSchema,
  OperatorComplaintsQuerySchema,
  OperatorComplaintsSchema,
} from './operator-access.schemas.ts';
import { grantOperatorAccess, operatorAccess, operatorComplaints, revokeOperatorAccess } from './operator-access.service.ts';

/**
 * The operator's access to residents' personal data (issue 12). A tenant's administrators grant it for a
 * few days with a reason, and may revoke it (`/api/v1/admin/operator-access`); the operator's view of a
 * tenant's complaints (`/api/v1/operator/tenants/{tenantId}/complaints`) carries personal data only while
 * a grant is in force, and each such read lands in the tenant's audit log.
 */
export function operatorAccessRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);
  const TAG = ['operator access'];

  const list = createRoute({
    method: 'get',
    operationId: 'listOperatorAccessGrants',
    path: '/operator-access',
    tags: TAG,
    summary: "This tenant's grants of access to residents' personal data for the national operator: the one in force and the history",
    middleware: [admin] as const,
    responses: { 200: jsonContent(OperatorAccessSchema, 'Grants'), ...errorResponses(401, 403) },
  });
  const grant = createRoute({
    method: 'post',
    operationId: 'grantOperatorAccess',
    path: '/operator-access',
    tags: TAG,
    summary: "Let the operator see residents' personal data in this tenant's requests, from now for 1 to 30 days, for a reason (one grant at a time)",
    middleware: [admin] as const,
    request: jsonBody(OperatorAccessInputSchema),
    responses: { 201: jsonContent(OperatorAccessGrantSchema, 'Granted'), ...errorResponses(401, 403, 409, 422) },
  });
  const revoke = createRoute({
    method: 'post',
    operationId: 'revokeOperatorAccess',
    path: '/operator-access/{grantId}/revoke',
    tags: TAG,
    summary: 'End a grant before its term (one already over is a conflict)',
    middleware: [admin] as const,
    request: { params: GrantIdParamSchema },
    responses: { 200: jsonContent(OperatorAccessGrantSchema, 'Revoked'), ...errorResponses(401, 403, 409, 422) },
  });
  const complaints = createRoute({
    method: 'get',
    operationId: 'listTenantComplaintsForOperator',
    path: '/tenants/{tenantId}/complaints',
    tags: TAG,
    summary: "A tenant's complaints for the operator: tracking number, category, state, dates, deadline; residents' personal data only under the tenant's grant (each such read is in the tenant's audit log)",
    request: { params: TenantIdParamSchema, query: OperatorComplaintsQuerySchema },
    responses: { 200: jsonContent(OperatorComplaintsSchema, 'Complaints, newest first'), ...errorResponses(401, 403, 422) },
  });

  const staff = newRouter()
    .openapi(list, async (c) => c.json(await operatorAccess(deps, c.var.resolved.tenant), 200))
    .openapi(grant, async (c) => c.json(await grantOperatorAccess(deps, c.var.resolved.tenant, c.req.valid('json'), changeContext(c, deps)), 201))
    .openapi(revoke, async (c) => c.json(await revokeOperatorAccess(deps, c.var.resolved.tenant, c.req.valid('param').grantId, changeContext(c, deps)), 200));
  const operator = newRouter().openapi(complaints, async (c) =>
    c.json(await operatorComplaints(deps, c.var.resolved.tenant, c.req.valid('param').tenantId, changeContext(c, deps), c.req.valid('query').limit), 200),
  );
  return { staff, operator };
}
