import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { audit, type ChangeContext } from '../audit/audit.service.ts';
import { AppError } from '../shared/errors.ts';
import { findPlatformTenant, listChildTenants, lockTenantById, updateTenant } from '../tenancy/tenants.repository.ts';
import { actAsTenant, announceTenantChanged, withProvisioning, type ProvisioningTx } from '../tenancy/unit-of-work.ts';
import { deleteTenantSessions } from './archive.repository.ts';
import type { TenantStatusView } from './lifecycle.schemas.ts';

type Status = TenantRow['status'];

/** From which statuses each action may start, and where it leads. */
const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended', action: 'tenant.suspended' },
  reactivate: { from: ['suspended', 'archived'], to: 'active', action: 'tenant.reactivated' },
  archive: { from: ['active', 'suspended'], to: 'archived', action: 'tenant.archived' },
} as const satisfies Record<string, { from: readonly Status[]; to: Status; action: string }>;

export type LifecycleAction = keyof typeof TRANSITIONS;

export function toStatusView(row: TenantRow): TenantStatusView {
  return { id: row.id, code: row.code, slug: row.slug, kind: row.kind, status: row.status, updatedAt: row.updated_at.toISOString() };
}

/**
 * Suspends, reactivates or archives a tenant, with its arrondissements (a commune's arrondissements
 * follow it; one of them alone may also be acted on). Nothing is deleted. A suspended tenant's site
 * answers 503 and its API refuses everyone, sign-in included; an archived one answers 404. Suspending
 * or archiving signs everyone out of it at once (its session rows are removed). Each tenant's own audit
 * log and the platform's record the change, in the same transaction; every process drops its cached
 * copy of the host on commit.
 */
export async function changeTenantStatus(
  db: Database,
  tenantId: string,
  action: LifecycleAction,
  by: ChangeContext,
  reason: string | null,
): Promise<TenantStatusView[]> {
  const transition = TRANSITIONS[action];
  return withProvisioning(db, async (tx) => {
    const tenant = await lockTenantById(tx, tenantId);
    if (!tenant || tenant.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    if (!(transition.from as readonly Status[]).includes(tenant.status)) {
      throw new AppError('TENANT_STATUS_CONFLICT', `a ${tenant.status} tenant cannot be ${transition.to}`, { status: tenant.status });
    }
    const children = tenant.kind === 'commune' ? await listChildTenants(tx, tenant.id, transition.from) : [];
    const changed: TenantStatusView[] = [];
    for (const target of [tenant, ...children]) changed.push(await applyStatus(tx, target, transition, by, reason));
    const platform = await findPlatformTenant(tx);
    if (platform) {
      const asPlatform = await actAsTenant(tx, { id: platform.id });
      await audit(asPlatform, by, {
        tenantId: platform.id,
        action: transition.action,
        target: { type: 'tenant', id: tenant.id, label: tenant.slug },
        before: { status: tenant.status },
        after: { status: transition.to, reason, tenants: changed.map((t) => t.slug) },
      });
    }
    return changed;
  });
}

async function applyStatus(
  tx: ProvisioningTx,
  tenant: TenantRow,
  transition: (typeof TRANSITIONS)[LifecycleAction],
  by: ChangeContext,
  reason: string | null,
): Promise<TenantStatusView> {
  const row = await updateTenant(tx, tenant.id, { status: transition.to });
  if (!row) throw new AppError('NOT_FOUND', 'no such tenant');
  await announceTenantChanged(tx, tenant.id);
  const asTenant = await actAsTenant(tx, { id: tenant.id });
  const signedOut = transition.to === 'active' ? 0 : await deleteTenantSessions(asTenant);
  await audit(asTenant, by, {
    tenantId: tenant.id,
    action: transition.action,
    target: { type: 'tenant', id: tenant.id, label: tenant.slug },
    before: { status: tenant.status },
    after: { status: transition.to, reason, sessionsEnded: signedOut },
  });
  return toStatusView(row);
}
