import { listMembers, listPendingInvitations } from '../accounts/memberships.repository.ts';
import type { StaffPrincipal } from '../sessions/sessions.service.ts';
import { toPendingInvitationView } from '../accounts/staff.service.ts';
import { listAuditEntries } from '../audit/audit.repository.ts';
import { toAuditEntryView } from '../audit/audit.service.ts';
import type { AppDeps } from '../app-deps.ts';
import { complaintCounts } from '../complaints/complaints.service.ts';
import { findActiveGrant } from '../operator-access/operator-access.repository.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  countOpenInvitations,
  countUndeliveredMail,
  listOfferingsToReview,
} from './dashboard.repository.ts';
import {
  DASHBOARD_AUDIT_ENTRIES,
  DASHBOARD_EXPIRED_INVITATIONS,
  type Dashboard,
  type DashboardCatalogueReview,
  type DashboardInvitations,
  type DashboardMembers,
  type DashboardOperatorAccess,
} from './dashboard.schemas.ts';

async function invitations(tx: TenantTx, now: Date): Promise<DashboardInvitations> {
  const counts = await countOpenInvitations(tx, now);
  const expiredLatest = counts.expired > 0 ? await listPendingInvitations(tx, now, { lapsed: true, limit: DASHBOARD_EXPIRED_INVITATIONS }) : [];
  return { ...counts, expiredLatest: expiredLatest.map(toPendingInvitationView) };
}

async function membersWithoutSecondFactor(tx: TenantTx): Promise<DashboardMembers> {
  const members = (await listMembers(tx, [tx.tenantId]))
    .filter((m) => m.disabled_at === null && m.account_disabled_at === null && m.totp_enabled_at === null)
    .map((m) => ({ userId: m.user_id, displayName: m.display_name, email: m.email }));
  return { count: members.length, members };
}

async function operatorAccess(tx: TenantTx, now: Date): Promise<DashboardOperatorAccess | null> {
  const grant = await findActiveGrant(tx, now);
  return grant ? { endsAt: grant.ends_at.toISOString(), reason: grant.reason } : null;
}

async function catalogueReview(tx: TenantTx): Promise<DashboardCatalogueReview> {
  const services = (await listOfferingsToReview(tx)).map((o) => ({ code: o.code, names: o.names ?? {}, fields: o.fields }));
  return { count: services.length, services };
}

/**
 * What needs attention on this tenant, for the role of the signed-in staff member: administrators see
 * invitations, members without a second factor, catalogue overrides to review, undelivered mail, the
 * operator's access to residents' personal data while a grant is in force, and the latest audit entries; editors the catalogue overrides to review; administrators, supervisors and agents
 * the residents' complaints (`requests`).
 */
export async function getDashboard(deps: Pick<AppDeps, 'db' | 'clock' | 'mailer'>, resolved: ResolvedTenant, principal: StaffPrincipal): Promise<Dashboard> {
  const tenantId = resolved.tenant.id;
  const role = principal.role;
  if (role === null) throw new Error('unreachable: the dashboard is for tenant roles (requireStaff checked it)');
  const now = deps.clock();
  const admin = role === 'administrator';
  const editor = admin || role === 'editor';
  const requests = role === 'editor' ? null : await complaintCounts(deps, resolved, principal);
  return withTenant(deps.db, { id: tenantId }, async (tx) => ({
    role,
    invitations: admin ? await invitations(tx, now) : null,
    membersWithoutSecondFactor: admin ? await membersWithoutSecondFactor(tx) : null,
    catalogueReview: editor ? await catalogueReview(tx) : null,
    outbox: admin ? { undelivered: await countUndeliveredMail(tx), mailer: deps.mailer.kind } : null,
    operatorAccess: admin ? await operatorAccess(tx, now) : null,
    recentAudit: admin ? (await listAuditEntries(tx, tenantId, {}, DASHBOARD_AUDIT_ENTRIES)).map(toAuditEntryView) : null,
    requests,
  }));
}
