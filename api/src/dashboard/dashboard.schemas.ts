import { z } from '@hono/zod-openapi';
import { PendingInvitationSchema, StaffRoleSchema } from '../accounts/accounts.schemas.ts';
import { AuditEntrySchema } from '../audit/audit.schemas.ts';
import { TranslatableSchema } from '../site/site.schemas.ts';

/** At most this many expired invitations are listed (all are counted). */
export const DASHBOARD_EXPIRED_INVITATIONS = 20;
/** The latest audit entries shown. */
export const DASHBOARD_AUDIT_ENTRIES = 10;

const count = z.number().int().min(0);

export const DashboardInvitationsSchema = z
  .object({
    /** Invitations that can still be accepted. */
    pending: count,
    /** Invitations that lapsed unaccepted (withdraw them, or invite again). */
    expired: count,
    /** The most recently lapsed ones, newest first (at most 20). */
    expiredLatest: z.array(PendingInvitationSchema),
  })
  .openapi('DashboardInvitations');

export const DashboardMembersSchema = z
  .object({
    count,
    /** Enabled members of this tenant whose account has no second factor, by e-mail. */
    members: z.array(z.object({ userId: z.string(), displayName: z.string(), email: z.string() })),
  })
  .openapi('DashboardMembersWithoutSecondFactor');

export const DashboardCatalogueReviewSchema = z
  .object({
    count,
    /** This tenant's offerings overriding fields that the national card changed since (`reviewFields`). */
    services: z.array(z.object({ code: z.string(), names: TranslatableSchema, fields: z.array(z.string()) })),
  })
  .openapi('DashboardCatalogueReview');

export const DashboardOutboxSchema = z
  .object({
    /** Messages filed in this tenant's outbox and not sent (with no mail server, every invitation and reset mail waits there). */
    undelivered: count,
    /** How this installation sends mail: `outbox` when no SMTP server is configured. */
    mailer: z.enum(['smtp', 'outbox']),
  })
  .openapi('DashboardOutbox');

export const DashboardRequestsSchema = z
  .object({
    /** Complaints received and not yet assigned (the queue's `state=received`). */
    received: count,
    /** Complaints still owed an answer (`state=open`). */
    open: count,
    /** Open complaints past their deadline (`state=open&deadline=overdue`). */
    overdue: count,
    /** Open complaints due within seven days, overdue ones included (`state=open&deadline=week`). */
    dueWithinWeek: count,
    /** For an agent: open complaints assigned to them (`state=open&mine=true`); null for other roles. */
    mine: count.nullable(),
  })
  .openapi('DashboardRequests');

/** The operator's access to residents' personal data that this tenant granted and that is in force. */
export const DashboardOperatorAccessSchema = z
  .object({
    endsAt: z.string().openapi({ format: 'date-time' }),
    reason: z.string(),
  })
  .openapi('DashboardOperatorAccess');

/** `schema | null`, written so that the OpenAPI document keeps the null (`.nullable()` on a named schema loses it). */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/**
 * What needs a staff member's attention on this tenant, by role. A section is `null` when the role does
 * not see it: administrators see all; editors `catalogueReview`; agents and supervisors `requests`.
 */
export const DashboardSchema = z
  .object({
    role: StaffRoleSchema,
    invitations: orNull(DashboardInvitationsSchema),
    membersWithoutSecondFactor: orNull(DashboardMembersSchema),
    catalogueReview: orNull(DashboardCatalogueReviewSchema),
    outbox: orNull(DashboardOutboxSchema),
    /** Administrators: the grant in force that lets the national operator read residents' personal data, else null. */
    operatorAccess: orNull(DashboardOperatorAccessSchema),
    /** The 10 latest entries of this tenant's audit log, newest first. */
    recentAudit: z.array(AuditEntrySchema).nullable(),
    /** Residents' complaints, as the caller's queue holds them: administrators, supervisors and agents (an agent's department). */
    requests: orNull(DashboardRequestsSchema),
  })
  .openapi('Dashboard');

export type Dashboard = z.infer<typeof DashboardSchema>;
export type DashboardInvitations = z.infer<typeof DashboardInvitationsSchema>;
export type DashboardMembers = z.infer<typeof DashboardMembersSchema>;
export type DashboardCatalogueReview = z.infer<typeof DashboardCatalogueReviewSchema>;
export type DashboardOutbox = z.infer<typeof DashboardOutboxSchema>;
export type DashboardOperatorAccess = z.infer<typeof DashboardOperatorAccessSchema>;
export type DashboardRequests = z.infer<typeof DashboardRequestsSchema>;
