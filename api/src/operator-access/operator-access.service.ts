import type { AppDeps } from '../app-deps.ts';
import { audit, type ChangeContext } from '../audit/audit.service.ts';
import { isOpen, type ComplaintState } from '../complaints/complaint-states.ts';
import { listCategoryRows } from '../complaints/complaints.repository.ts';
import { DEFAULT_CATEGORIES } from '../complaints/complaints.service.ts';
import type { TenantRow } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { findTenantById } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  countComplaints,
  findActiveGrant,
  findGrant,
  insertGrant,
  listComplaintsForOperator,
  listGrants,
  lockGrants,
  revokeGrant,
  type GrantRow,
  type OperatorComplaintRow,
} from './operator-access.repository.ts';
import type { OperatorAccess, OperatorAccessGrant, OperatorAccessInput, OperatorComplaint, OperatorComplaints } from './operator-access.schemas.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const DAY_MS = 86_400_000;
/** The history a tenant's page shows. */
const HISTORY = 100;

function stateOf(row: GrantRow, now: Date): OperatorAccessGrant['state'] {
  if (row.revoked_at !== null) return 'revoked';
  return row.ends_at.getTime() > now.getTime() ? 'active' : 'expired';
}

function toGrant(row: GrantRow, now: Date): OperatorAccessGrant {
  return {
    id: row.id,
    reason: row.reason,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    grantedBy: { id: row.granted_by, email: row.granted_by_email },
    revokedBy: row.revoked_by === null ? null : { id: row.revoked_by, email: row.revoked_by_email },
    state: stateOf(row, now),
  };
}

/** The tenant's grants to the operator: the one in force, if any, and the history. */
export async function operatorAccess(deps: Deps, tenant: TenantRow): Promise<OperatorAccess> {
  const now = deps.clock();
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const current = await findActiveGrant(tx, now);
    const grants = await listGrants(tx, HISTORY);
    return { current: current ? toGrant(current, now) : null, grants: grants.map((g) => toGrant(g, now)) };
  });
}

/**
 * An administrator lets the operator see residents' personal data in this tenant's requests, from now for
 * `days` days, for a stated reason. One grant at a time: while one is in force another is refused
 * (`OPERATOR_ACCESS_ACTIVE`; revoke it first). Audited in the tenant's log.
 */
export async function grantOperatorAccess(deps: Deps, tenant: TenantRow, input: OperatorAccessInput, by: ChangeContext): Promise<OperatorAccessGrant> {
  const now = by.at;
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    await lockGrants(tx);
    const active = await findActiveGrant(tx, now);
    if (active) throw new AppError('OPERATOR_ACCESS_ACTIVE', 'a grant to the operator is already in force: revoke it first', { grantId: active.id, endsAt: active.ends_at.toISOString() });
    const endsAt = new Date(now.getTime() + input.days * DAY_MS);
    const id = await insertGrant(tx, { grantedBy: by.actor.id, reason: input.reason, startsAt: now, endsAt });
    await audit(tx, by, {
      tenantId: tenant.id,
      action: 'operator_access.granted',
      target: { type: 'operator_access_grant', id, label: null },
      after: { reason: input.reason, days: input.days, startsAt: now.toISOString(), endsAt: endsAt.toISOString() },
    });
    const row = await findGrant(tx, id);
    if (!row) throw new Error('unreachable: the grant just inserted is missing');
    return toGrant(row, now);
  });
}

/** An administrator ends a grant still in force; one already over (expired or revoked) is `OPERATOR_ACCESS_ENDED`. */
export async function revokeOperatorAccess(deps: Deps, tenant: TenantRow, grantId: string, by: ChangeContext): Promise<OperatorAccessGrant> {
  const now = by.at;
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    await lockGrants(tx);
    const before = await findGrant(tx, grantId);
    if (!before) throw new AppError('NOT_FOUND', 'no such grant');
    if (!(await revokeGrant(tx, grantId, by.actor.id, now))) throw new AppError('OPERATOR_ACCESS_ENDED', 'this grant has already ended', { state: stateOf(before, now) });
    await audit(tx, by, {
      tenantId: tenant.id,
      action: 'operator_access.revoked',
      target: { type: 'operator_access_grant', id: grantId, label: null },
      before: { endsAt: before.ends_at.toISOString() },
      after: { revokedAt: now.toISOString() },
    });
    const row = await findGrant(tx, grantId);
    if (!row) throw new Error('unreachable: the grant just revoked is missing');
    return toGrant(row, now);
  });
}

function toOperatorComplaint(row: OperatorComplaintRow, now: Date, granted: boolean): OperatorComplaint {
  return {
    tracking: row.tracking,
    category: row.category,
    state: row.state,
    channel: row.channel,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    dueDate: row.due_date,
    overdue: isOpen(row.state as ComplaintState) && row.merged_into === null && row.due_at.getTime() < now.getTime(),
    // Without a grant nothing a resident wrote or gave leaves: the description and the place can name
    // someone (the public views hide them until staff review them), the contact is the person.
    personal: granted
      ? {
          description: row.description,
          address: row.address,
          landmark: row.landmark,
          latitude: row.latitude,
          longitude: row.longitude,
          anonymous: row.anonymous,
          contactName: row.contact_name,
          contactEmail: row.contact_email,
          contactPhone: row.contact_phone,
        }
      : null,
  };
}

/**
 * The operator's list of a tenant's complaints (tracking number, category, state, dates, deadline). The
 * residents' personal data comes with it only while the tenant has a grant in force, and each such read is
 * recorded in the tenant's own audit log (with how many complaints it showed), so the tenant sees it.
 *
 * One unit of work: the platform's, to find the tenant, then acting as that tenant (`actAsTenant`), so that
 * the grant, the complaints and the audit entry are all that tenant's rows under row-level security, and
 * the grant read decides the very rows returned. Another tenant's grant is never in reach.
 */
export async function operatorComplaints(deps: Deps, platform: TenantRow, tenantId: string, by: ChangeContext, limit: number): Promise<OperatorComplaints> {
  const now = by.at;
  return withTenant(deps.db, { id: platform.id }, async (platformTx) => {
    const tenant = await findTenantById(platformTx, tenantId);
    if (!tenant || tenant.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    const tx: TenantTx = await actAsTenant(platformTx, { id: tenant.id });
    const grant = await findActiveGrant(tx, now);
    const rows = await listComplaintsForOperator(tx, limit);
    const total = await countComplaints(tx);
    const own = await listCategoryRows(tx);
    const categories = own.length > 0 ? own.map((c) => ({ code: c.code, names: c.names })) : DEFAULT_CATEGORIES.map((c) => ({ code: c.code, names: c.names }));
    if (grant) {
      await audit(tx, by, {
        tenantId: tenant.id,
        action: 'operator_access.personal_data_read',
        target: { type: 'operator_access_grant', id: grant.id, label: null },
        after: { records: rows.length, view: 'complaints' },
      });
    }
    return {
      tenant: { id: tenant.id, slug: tenant.slug, names: tenant.names },
      access: { granted: grant !== undefined, until: grant?.ends_at.toISOString() ?? null, reason: grant?.reason ?? null },
      total,
      categories,
      complaints: rows.map((r) => toOperatorComplaint(r, now, grant !== undefined)),
    };
  });
}
