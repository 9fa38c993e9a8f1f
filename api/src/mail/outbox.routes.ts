import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { OutboxSchema } from './outbox.schemas.ts';
import { listOutbox } from './outbox.service.ts';

const outbox = { description: 'The newest messages', content: { 'application/json': { schema: OutboxSchema } } };

/**
 * The mail outbox: every message the site wrote, with its delivery state. Administrators see their
 * tenant's, the operator any tenant's (the platform's by default). Secret messages (invitation and
 * reset links) show only their recipient and subject, except held in the platform's outbox (no
 * SMTP_URL), where the operator reads them to pass the link on.
 */
export function outboxRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);

  const adminOutbox = createRoute({
    method: 'get',
    operationId: 'listOutbox',
    path: '/outbox',
    tags: ['mail'],
    summary: "This tenant's local mail outbox",
    middleware: [admin] as const,
    responses: { 200: outbox, ...errorResponses(401, 403) },
  });
  const operatorOutbox = createRoute({
    method: 'get',
    operationId: 'listTenantOutbox',
    path: '/outbox',
    tags: ['mail'],
    summary: "A tenant's local mail outbox (the platform's by default)",
    request: { query: z.object({ tenantId: z.uuid().optional() }) },
    responses: { 200: outbox, ...errorResponses(401, 403, 422) },
  });

  return {
    staff: newRouter()
      .openapi(adminOutbox, async (c) => {
        const id = c.var.resolved.tenant.id;
        return c.json(await listOutbox(deps.db, { tenantId: id, readerTenantId: id, operator: false }), 200);
      }),
    operator: newRouter()
      .openapi(operatorOutbox, async (c) => {
        const platformId = c.var.resolved.tenant.id;
        return c.json(await listOutbox(deps.db, { tenantId: c.req.valid('query').tenantId ?? platformId, readerTenantId: platformId, operator: true }), 200);
      }),
  };
}
