import { z } from '@hono/zod-openapi';

/** What the audit log records; web translates each (`staff:audit_action.<action with _ for .>`). Extend as features arrive. */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.password_changed',
  'auth.password_reset',
  'auth.password_reset_requested',
  'auth.totp_enabled',
  'auth.recovery_code_used',
  'auth.recovery_codes_regenerated',
  'staff.invited',
  'staff.invitation_accepted',
  'staff.invitation_revoked',
  'staff.role_changed',
  'staff.disabled',
  'staff.enabled',
  'staff.membership_granted',
  'staff.membership_removed',
  'account.disabled',
  'account.enabled',
  'account.second_factor_reset',
  'account.sessions_ended',
  'auth.signed_out_everywhere',
  'auth.session_ended',
  'catalogue.offering_changed',
  'catalogue.local_service_added',
  'catalogue.published',
  'catalogue.draft_changed',
  'catalogue.draft_discarded',
  'branding.colors_changed',
  'branding.logo_changed',
  'branding.logo_removed',
  'office.created',
  'office.changed',
  'office.deleted',
  'contact_line.created',
  'contact_line.changed',
  'contact_line.deleted',
  'contact_lines.reordered',
  'contact_operator.created',
  'contact_operator.changed',
  'contact_operator.deleted',
  'contact_operators.reordered',
  'tenant.provisioned',
  'site.tariff_changed',
  'complaint.filed_for_resident',
  'complaint.assigned',
  'complaint.replied',
  'complaint.noted',
  'complaint.state_changed',
  'complaint.forwarded',
  'complaint.redacted',
  'complaint.photo_published',
  'complaint.photo_hidden',
  'complaint.photo_blurred',
  'complaint.merged',
  'complaint.escalated',
  'complaint.categories_changed',
  'complaint.templates_changed',
  'complaint.area_changed',
  'complaint.api_key_created',
  'complaint.api_key_revoked',
  'content.created',
  'content.changed',
  'content.published',
  'content.scheduled',
  'content.unpublished',
  'content.deleted',
  'content.restored',
  'content.file_attached',
  'content.file_detached',
  'tenant.suspended',
  'tenant.reactivated',
  'tenant.archived',
  'tenant.exported',
  'tenant.imported',
  'tenant.deleted',
  'tenant.onboarded',
  'tenant.bulk_onboarded',
  'tenant.domain_added',
  'operator_access.granted',
  'operator_access.revoked',
  'operator_access.personal_data_read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntrySchema = z
  .object({
    id: z.uuid().openapi({ description: 'Opaque and random: says nothing of how many entries exist' }),
    at: z.string().openapi({ format: 'date-time' }),
    actor: z.object({ id: z.string().nullable(), email: z.string().nullable() }).nullable(),
    action: z.string().openapi({ example: 'staff.role_changed' }),
    target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = z
  .object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })
  .openapi('AuditPage');

export const AuditQuerySchema = z.object({
  actor: z.string().trim().min(1).max(254).optional().openapi({ description: 'An account id, or part of an e-mail' }),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]*)*$/)
    .max(80)
    .optional()
    .openapi({ description: 'An action, or a prefix ending with a dot (`auth.`)' }),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Free text' }),
  before: z.uuid().optional().openapi({ description: 'Cursor: the `nextCursor` of the previous page (an entry id)' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditEntryView = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
