import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponses } from '../http/responses.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { AuditPageSchema, AuditQuerySchema, type AuditQuery } from './audit.schemas.ts';
import { exportAuditCsv, listAudit, type AuditFilter } from './audit.service.ts';

const OperatorQuerySchema = AuditQuerySchema.extend({
  tenantId: z.uuid().optional().openapi({ description: "Whose log; the platform's own when absent" }),
});

function filterOf(q: AuditQuery): AuditFilter {
  return {
      actor: q.actor,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      text: q.q,
      before: q.before,
  };
}

const page = { description: 'Entries, newest first', content: { 'application/json': { schema: AuditPageSchema } } };
const csv = { description: 'CSV, UTF-8 with BOM', content: { 'text/csv': { schema: z.string() } } };

function csvHeaders(name: string, now: Date): Record<string, string> {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="audit-${name}-${now.toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  };
}

/**
 * The audit log: an administrator reads its tenant's (`/api/v1/admin/audit`), the operator any
 * tenant's (`/api/v1/operator/audit?tenantId=`), filtered and as CSV.
 */
export function auditRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);

  const adminList = createRoute({
    method: 'get',
    operationId: 'listAudit',
    path: '/audit',
    tags: ['audit'],
    summary: "This tenant's audit log, filtered by actor, action, dates and text",
    middleware: [admin] as const,
    request: { query: AuditQuerySchema },
    responses: { 200: page, ...errorResponses(401, 403, 422) },
  });
  const adminCsv = createRoute({
    method: 'get',
    operationId: 'exportAuditCsv',
    path: '/audit.csv',
    tags: ['audit'],
    summary: "This tenant's audit log as CSV",
    middleware: [admin] as const,
    request: { query: AuditQuerySchema.omit({ before: true, limit: true }) },
    responses: { 200: csv, ...errorResponses(401, 403, 422) },
  });
  const operatorList = createRoute({
    method: 'get',
    operationId: 'listTenantAudit',
    path: '/audit',
    tags: ['audit'],
    summary: "A tenant's audit log (the platform's by default), for the operator",
    request: { query: OperatorQuerySchema },
    responses: { 200: page, ...errorResponses(401, 403, 422) },
  });
  const operatorCsv = createRoute({
    method: 'get',
    operationId: 'exportTenantAuditCsv',
    path: '/audit.csv',
    tags: ['audit'],
    summary: "A tenant's audit log as CSV, for the operator",
    request: { query: OperatorQuerySchema.omit({ before: true, limit: true }) },
    responses: { 200: csv, ...errorResponses(401, 403, 422) },
  });

  return {
    staff: newRouter()
      .openapi(adminList, async (c) => {
      const q = c.req.valid('query');
      const id = c.var.resolved.tenant.id;
      return c.json(await listAudit(deps.db, { tenantId: id, readerTenantId: id }, filterOf(q), q.limit), 200);
    })
      .openapi(adminCsv, async (c) => {
      const { tenant: t } = c.var.resolved;
      const body = await exportAuditCsv(deps.db, { tenantId: t.id, readerTenantId: t.id }, filterOf({ ...c.req.valid('query'), limit: 0 }));
      return c.body(body, 200, csvHeaders(t.slug, deps.clock()));
    }),
    operator: newRouter()
      .openapi(operatorList, async (c) => {
      const q = c.req.valid('query');
      const platformId = c.var.resolved.tenant.id;
      return c.json(await listAudit(deps.db, { tenantId: q.tenantId ?? platformId, readerTenantId: platformId }, filterOf(q), q.limit), 200);
    })
      .openapi(operatorCsv, async (c) => {
      const q = c.req.valid('query');
      const platformId = c.var.resolved.tenant.id;
      const body = await exportAuditCsv(deps.db, { tenantId: q.tenantId ?? platformId, readerTenantId: platformId }, filterOf({ ...q, limit: 0 }));
      return c.body(body, 200, csvHeaders(q.tenantId ?? 'platform', deps.clock()));
    }),
  };
}
