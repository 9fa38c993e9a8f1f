import type { Database } from '../db/database.ts';
import type { TenantRow, TenantUpdate } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { updateTenant } from './tenants.repository.ts';
import { announceTenantChanged, withPlatform } from './unit-of-work.ts';

/**
 * Changes a tenant's configuration and tells every process to drop its cached copy.
 * (The operator console and the branding screen call this.)
 */
export async function changeTenant(db: Database, tenantId: string, patch: Omit<TenantUpdate, 'id' | 'version'>): Promise<TenantRow> {
  return withPlatform(db, async (tx) => {
    const row = await updateTenant(tx, tenantId, patch);
    if (!row) throw new AppError('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    await announceTenantChanged(tx, tenantId);
    return row;
  });
}
