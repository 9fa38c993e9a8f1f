import { z } from '@hono/zod-openapi';

export const TenantIdParamSchema = z.object({ tenantId: z.uuid().openapi({ param: { name: 'tenantId', in: 'path' } }) });

export const TenantStatusSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    slug: z.string(),
    kind: z.enum(['platform', 'commune', 'arrondissement']),
    status: z.enum(['provisioning', 'active', 'suspended', 'archived']),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('TenantStatus');

export const TenantStatusChangeSchema = z
  .object({ tenants: z.array(TenantStatusSchema).openapi({ description: 'The tenant first, then its arrondissements that followed it' }) })
  .openapi('TenantStatusChange');

export const StatusChangeRequestSchema = z
  .object({ reason: z.string().trim().min(1).max(500).optional().openapi({ description: 'Why, for the audit log' }) })
  .openapi('StatusChangeRequest');

export const DeleteTenantRequestSchema = z
  .object({ confirmSlug: z.string().trim().min(1).max(100).openapi({ description: "The tenant's slug, typed by the operator" }) })
  .openapi('DeleteTenantRequest');

export const TenantDeletedSchema = z
  .object({ id: z.uuid(), slug: z.string(), rowsDeleted: z.number().int(), filesDeleted: z.number().int() })
  .openapi('TenantDeleted');

export const TenantImportedSchema = z
  .object({
    tenant: TenantStatusSchema,
    rows: z.record(z.string(), z.number().int()).openapi({ description: 'Rows imported per table' }),
    files: z.number().int(),
    accountsCreated: z.number().int(),
  })
  .openapi('TenantImported');

export type TenantStatusView = z.infer<typeof TenantStatusSchema>;
