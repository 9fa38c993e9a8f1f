import { z } from '@hono/zod-openapi';
import { TranslatableSchema } from '../site/site.schemas.ts';

/** How long a grant may last, in days: chosen by the administrator, at least a day, at most a month. */
export const ACCESS_DAYS_MIN = 1;
export const ACCESS_DAYS_MAX = 30;

export const OperatorAccessInputSchema = z
  .object({
    reason: z.string().trim().min(10).max(500).openapi({ description: 'Why the operator needs to see residents’ personal data (kept in the history and the audit log)', example: 'Support ticket 2026-118: a resident cannot find her complaint' }),
    days: z.coerce.number().int().min(ACCESS_DAYS_MIN).max(ACCESS_DAYS_MAX).openapi({ description: 'How many days the access lasts, from now', example: 7 }),
  })
  .strict()
  .openapi('OperatorAccessInput');

export const OperatorAccessGrantSchema = z
  .object({
    id: z.uuid(),
    reason: z.string(),
    startsAt: z.string().openapi({ format: 'date-time' }),
    endsAt: z.string().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
    grantedBy: z.object({ id: z.string(), email: z.string().nullable() }),
    revokedBy: z.object({ id: z.string(), email: z.string().nullable() }).nullable(),
    /** `active` until `endsAt` unless revoked; then `expired` or `revoked`. */
    state: z.enum(['active', 'expired', 'revoked']),
  })
  .openapi('OperatorAccessGrant');

export const OperatorAccessSchema = z
  .object({
    current: OperatorAccessGrantSchema.nullable().openapi({ description: 'The grant in force, if any' }),
    grants: z.array(OperatorAccessGrantSchema).openapi({ description: 'Every grant, newest first (at most 100)' }),
  })
  .openapi('OperatorAccess');

export const GrantIdParamSchema = z.object({ grantId: z.uuid().openapi({ param: { name: 'grantId', in: 'path' } }) });

export const OperatorComplaintsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'At most this many complaints, newest first' }),
});

/** What a complaint says of the person and the place: shown to the operator only under a grant. */
export const ComplaintPersonalDataSchema = z
  .object({
    description: z.string(),
    address: z.string().nullable(),
    landmark: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    anonymous: z.boolean(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
  })
  .openapi('ComplaintPersonalData');

export const OperatorComplaintSchema = z
  .object({
    tracking: z.string().openapi({ example: 'CASA-2026-000123' }),
    category: z.string(),
    state: z.string(),
    channel: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    closedAt: z.string().nullable().openapi({ format: 'date-time' }),
    dueDate: z.string().openapi({ description: 'The answer deadline (a Moroccan calendar date)', example: '2026-02-01' }),
    overdue: z.boolean(),
    personal: ComplaintPersonalDataSchema.nullable().openapi({ description: 'Null unless the tenant granted the operator access' }),
  })
  .openapi('OperatorComplaint');

export const OperatorComplaintsSchema = z
  .object({
    tenant: z.object({ id: z.string(), slug: z.string(), names: z.object({ ar: z.string().optional(), fr: z.string().optional(), zgh: z.string().optional() }) }),
    access: z.object({ granted: z.boolean(), until: z.string().nullable().openapi({ format: 'date-time' }), reason: z.string().nullable() }),
    total: z.number().int(),
    categories: z.array(z.object({ code: z.string(), names: TranslatableSchema })).openapi({ description: "The tenant's complaint categories, to name each complaint's" }),
    complaints: z.array(OperatorComplaintSchema),
  })
  .openapi('OperatorComplaints');

export type OperatorAccessInput = z.infer<typeof OperatorAccessInputSchema>;
export type OperatorAccessGrant = z.infer<typeof OperatorAccessGrantSchema>;
export type OperatorAccess = z.infer<typeof OperatorAccessSchema>;
export type OperatorComplaint = z.infer<typeof OperatorComplaintSchema>;
export type OperatorComplaints = z.infer<typeof OperatorComplaintsSchema>;
