import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { publicReads, remembering } from '../app-deps.ts';
import { newRouter, tenantErrorResponses } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { requireRole } from '../sessions/require-staff.ts';
import {
  ContactDirectoryViewSchema,
  ContactIdParamSchema,
  ContactLineInputSchema,
  ContactLineSchema,
  ContactOperatorInputSchema,
  ContactOperatorSchema,
  ContactOrderSchema,
} from './contact.schemas.ts';
import {
  createContactLine,
  createContactOperator,
  deleteContactLineOf,
  deleteContactOperatorOf,
  getContactDirectory,
  getContactDirectoryForAdmin,
  reorderContact,
  updateContactLineOf,
  updateContactOperatorOf,
} from './contact.service.ts';

/** Public: `GET /api/v1/contact`, the hotlines and operators of the tenant at the Host (and its commune's). */
export function contactRoutes(deps: AppDeps) {
  const get = createRoute({
    method: 'get',
    operationId: 'getContactDirectory',
    path: '/contact',
    tags: ['contact'],
    summary: 'Hotlines by topic and delegated-service operators, this tenant’s then its commune’s',
    responses: { 200: jsonContent(ContactDirectoryViewSchema, 'The directory'), ...tenantErrorResponses },
  });
  return newRouter().openapi(get, async (c) => c.json(await getContactDirectory(publicReads(deps), c.var.resolved, remembering(deps, c.var.resolved)), 200));
}

/**
 * Administration (`/api/v1/admin/contact-lines`, `/api/v1/admin/contact-operators`), administrators only;
 * every change is audited. An arrondissement sees its commune's entries read-only (`inherited`).
 */
export function contactAdminRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);
  const list = createRoute({
    method: 'get',
    operationId: 'getAdminContactDirectory',
    path: '/contact',
    tags: ['contact'],
    summary: 'This tenant’s lines and operators (then its commune’s, read-only)',
    middleware: [admin] as const,
    responses: { 200: jsonContent(ContactDirectoryViewSchema, 'The directory'), ...errorResponses(401, 403) },
  });
  const createLine = createRoute({
    method: 'post',
    operationId: 'createContactLine',
    path: '/contact-lines',
    tags: ['contact'],
    summary: 'Add a hotline',
    middleware: [admin] as const,
    request: jsonBody(ContactLineInputSchema),
    responses: { 201: jsonContent(ContactLineSchema, 'The new line'), ...errorResponses(401, 403, 422) },
  });
  const updateLine = createRoute({
    method: 'put',
    operationId: 'updateContactLine',
    path: '/contact-lines/{id}',
    tags: ['contact'],
    summary: 'Replace a hotline',
    middleware: [admin] as const,
    request: { params: ContactIdParamSchema, ...jsonBody(ContactLineInputSchema) },
    responses: { 200: jsonContent(ContactLineSchema, 'The line'), ...errorResponses(401, 403, 404, 422) },
  });
  const deleteLine = createRoute({
    method: 'delete',
    operationId: 'deleteContactLine',
    path: '/contact-lines/{id}',
    tags: ['contact'],
    summary: 'Delete a hotline',
    middleware: [admin] as const,
    request: { params: ContactIdParamSchema },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  });
  const orderLines = createRoute({
    method: 'put',
    operationId: 'reorderContactLines',
    path: '/contact-lines-order',
    tags: ['contact'],
    summary: 'Put the hotlines in a new order',
    middleware: [admin] as const,
    request: jsonBody(ContactOrderSchema),
    responses: { 204: { description: 'Reordered' }, ...errorResponses(401, 403, 422) },
  });
  const createOperator = createRoute({
    method: 'post',
    operationId: 'createContactOperator',
    path: '/contact-operators',
    tags: ['contact'],
    summary: 'Add a delegated-service operator',
    middleware: [admin] as const,
    request: jsonBody(ContactOperatorInputSchema),
    responses: { 201: jsonContent(ContactOperatorSchema, 'The new operator'), ...errorResponses(401, 403, 422) },
  });
  const updateOperator = createRoute({
    method: 'put',
    operationId: 'updateContactOperator',
    path: '/contact-operators/{id}',
    tags: ['contact'],
    summary: 'Replace an operator',
    middleware: [admin] as const,
    request: { params: ContactIdParamSchema, ...jsonBody(ContactOperatorInputSchema) },
    responses: { 200: jsonContent(ContactOperatorSchema, 'The operator'), ...errorResponses(401, 403, 404, 422) },
  });
  const deleteOperator = createRoute({
    method: 'delete',
    operationId: 'deleteContactOperator',
    path: '/contact-operators/{id}',
    tags: ['contact'],
    summary: 'Delete an operator',
    middleware: [admin] as const,
    request: { params: ContactIdParamSchema },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  });
  const orderOperators = createRoute({
    method: 'put',
    operationId: 'reorderContactOperators',
    path: '/contact-operators-order',
    tags: ['contact'],
    summary: 'Put the operators in a new order',
    middleware: [admin] as const,
    request: jsonBody(ContactOrderSchema),
    responses: { 204: { description: 'Reordered' }, ...errorResponses(401, 403, 422) },
  });

  return newRouter()
    .openapi(list, async (c) => c.json(await getContactDirectoryForAdmin(deps.db, c.var.resolved), 200))
    .openapi(createLine, async (c) => c.json(await createContactLine(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps)), 201))
    .openapi(updateLine, async (c) => c.json(await updateContactLineOf(deps.db, c.var.resolved, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(deleteLine, async (c) => {
      await deleteContactLineOf(deps.db, c.var.resolved, c.req.valid('param').id, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(orderLines, async (c) => {
      await reorderContact(deps.db, c.var.resolved, 'contact_lines', c.req.valid('json').ids, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(createOperator, async (c) => c.json(await createContactOperator(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps)), 201))
    .openapi(updateOperator, async (c) =>
      c.json(await updateContactOperatorOf(deps.db, c.var.resolved, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200),
    )
    .openapi(deleteOperator, async (c) => {
      await deleteContactOperatorOf(deps.db, c.var.resolved, c.req.valid('param').id, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(orderOperators, async (c) => {
      await reorderContact(deps.db, c.var.resolved, 'contact_operators', c.req.valid('json').ids, changeContext(c, deps));
      return c.body(null, 204);
    });
}
