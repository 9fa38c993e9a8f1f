import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { bodyLimit } from '../http/body-limit.ts';
import { newRouter } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponse, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { AppError } from '../shared/errors.ts';
import { deleteTenant, exportTenant, importTenant } from './archive.service.ts';
import { changeTenantStatus, type LifecycleAction } from './lifecycle.service.ts';
import {
  DeleteTenantRequestSchema,
  StatusChangeRequestSchema,
  TenantDeletedSchema,
  TenantIdParamSchema,
  TenantImportedSchema,
  TenantStatusChangeSchema,
} from './lifecycle.schemas.ts';

/** The largest archive the API takes; bigger tenants go through the CLI (`npm run tenant-archive`). */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;

const zip = { description: 'The archive (docs/TENANT-ARCHIVE.md)', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } };

/**
 * A tenant's life after onboarding, for the national operator (`/api/v1/operator/tenants/{id}/…`, in
 * the operator group): suspend, reactivate, archive, export, import, delete. Every action is audited.
 */
export function lifecycleRoutes(deps: AppDeps) {
  const statusRoute = (action: LifecycleAction, operationId: string, summary: string) =>
    createRoute({
      method: 'post',
      operationId,
      path: `/tenants/{tenantId}/${action}`,
      tags: ['operator'],
      summary,
      request: { params: TenantIdParamSchema, ...jsonBody(StatusChangeRequestSchema) },
      responses: { 200: jsonContent(TenantStatusChangeSchema, 'The tenants whose status changed'), ...errorResponses(401, 403, 409, 422) },
    });
  const suspend = statusRoute('suspend', 'suspendTenant', 'Suspend a tenant (and its arrondissements): its site answers 503, its staff are signed out and cannot sign in; nothing is deleted');
  const reactivate = statusRoute('reactivate', 'reactivateTenant', 'Reactivate a suspended or archived tenant (and its arrondissements)');
  const archive = statusRoute('archive', 'archiveTenant', 'Archive a tenant (and its arrondissements): its site answers 404, its staff are signed out; nothing is deleted');
  const exportRoute = createRoute({
    method: 'post',
    operationId: 'exportTenant',
    path: '/tenants/{tenantId}/export',
    tags: ['operator'],
    summary: 'Export all of a tenant\'s data as a zip: JSON per table, its files, the accounts its rows name',
    request: { params: TenantIdParamSchema },
    responses: { 200: zip, ...errorResponses(401, 403, 422) },
  });
  const importRoute = createRoute({
    method: 'post',
    operationId: 'importTenant',
    path: '/tenants/import',
    tags: ['operator'],
    summary: 'Import a tenant archive into this database, where the tenant must be absent',
    middleware: [bodyLimit({ maxBytes: IMPORT_MAX_BYTES })] as const,
    request: { body: { content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } }, required: true } },
    responses: { 201: jsonContent(TenantImportedSchema, 'Imported'), ...errorResponses(401, 403, 409, 422), 413: errorResponse('PAYLOAD_TOO_LARGE') },
  });
  const remove = createRoute({
    method: 'delete',
    operationId: 'deleteTenant',
    path: '/tenants/{tenantId}',
    tags: ['operator'],
    summary: 'Delete a suspended or archived tenant for good, once exported since its last change; the body names its slug',
    request: { params: TenantIdParamSchema, ...jsonBody(DeleteTenantRequestSchema) },
    responses: { 200: jsonContent(TenantDeletedSchema, 'Deleted'), ...errorResponses(401, 403, 409, 422) },
  });

  return newRouter()
    .openapi(suspend, async (c) =>
      c.json({ tenants: await changeTenantStatus(deps.db, c.req.valid('param').tenantId, 'suspend', changeContext(c, deps), c.req.valid('json').reason ?? null) }, 200),
    )
    .openapi(reactivate, async (c) =>
      c.json({ tenants: await changeTenantStatus(deps.db, c.req.valid('param').tenantId, 'reactivate', changeContext(c, deps), c.req.valid('json').reason ?? null) }, 200),
    )
    .openapi(archive, async (c) =>
      c.json({ tenants: await changeTenantStatus(deps.db, c.req.valid('param').tenantId, 'archive', changeContext(c, deps), c.req.valid('json').reason ?? null) }, 200),
    )
    .openapi(exportRoute, async (c) => {
      const archived = await exportTenant(deps, c.req.valid('param').tenantId, changeContext(c, deps));
      return c.body(archived.zip as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${archived.fileName}"`,
        'X-Archive-Sha256': archived.sha256,
        'Cache-Control': 'no-store',
      });
    })
    .openapi(importRoute, async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(zip|octet-stream)\b/.test(type)) throw new AppError('ARCHIVE_INVALID', 'send the archive as application/zip');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await importTenant(deps, bytes, changeContext(c, deps)), 201);
    })
    .openapi(remove, async (c) => c.json(await deleteTenant(deps, c.req.valid('param').tenantId, c.req.valid('json').confirmSlug, changeContext(c, deps)), 200));
}
