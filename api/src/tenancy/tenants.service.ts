import type { Database } from '../db/database.ts';
import type { TenantRow, TenantUpdate } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { lockTenantById, updateTenant } from './tenants.repository.ts';
import { announceTenantChanged, withProvisioning, type ProvisioningTx } from './unit-of-work.ts';

export type TenantPatch = Omit<TenantUpdate, 'id' | 'version'>;

/**
 * Changes a tenant's configuration and tells every process to drop its cached copy.
 * (The operator console and the branding screen call this.) Runs as the provisioning role, the only one
 * that may write `tenants`.
 *
 * `patch` may be a function of the current row, read locked until commit (so two concurrent changes
 * do not lose one another); it runs in the same transaction and may write there too — the audit entry,
 * a stored file — so that all of it commits, or none.
 *
 * @example
 *   await changeTenant(db, id, { status: 'suspended' });
 *   await changeTenant(db, id, async (current, tx) => ({ branding: JSON.stringify({ ...current.branding, primaryColor: '#123456' }) }));
 */
export async function changeTenant(
  db: Database,
  tenantId: string,
  patch: TenantPatch | ((current: TenantRow, tx: ProvisioningTx) => Promise<TenantPatch>),
): Promise<TenantRow> {
  return withProvisioning(db, async (tx) => {
    let values: TenantPatch;
    if (typeof patch === 'function') {
      const current = await lockTenantById(tx, tenantId);
      if (!current) throw new AppError('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
      values = await patch(current, tx);
    } else {
      values = patch;
    }
    const row = await updateTenant(tx, tenantId, values);
    if (!row) throw new AppError('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    await announceTenantChanged(tx, tenantId);
    return row;
  });
}
