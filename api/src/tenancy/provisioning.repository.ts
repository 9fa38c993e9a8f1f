import { sql } from 'kysely';
import type { BrandingRow, TenantRow } from '../db/schema.ts';
import type { AnyTx, PlatformTx, ProvisioningTx } from './unit-of-work.ts';

/**
 * Serialises provisioning batches (operator onboarding, bulk imports, seeding): a second batch waits for
 * the first to commit, then finds its tenants there and reports them skipped, instead of failing on the
 * unique code.
 */
export async function lockProvisioning(tx: ProvisioningTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('jamaa:provisioning'))`.execute(tx);
}

/** The tenants among `codes` that exist already. */
export async function findTenantsByCodes(tx: AnyTx, codes: readonly string[]): Promise<TenantRow[]> {
  if (codes.length === 0) return [];
  return tx.selectFrom('tenants').selectAll().where('code', 'in', codes).execute();
}

/** Which of `domains` some tenant already has. */
export async function findClaimedDomains(tx: AnyTx, domains: readonly string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await tx.selectFrom('tenant_domains').select('domain').where('domain', 'in', domains).execute();
  return rows.map((r) => r.domain);
}

/** Sets a new tenant's own branding (only what differs from its parent's), once its logo is stored. */
export async function setProvisionedBranding(tx: ProvisioningTx, tenantId: string, branding: Partial<BrandingRow>): Promise<void> {
  await tx.updateTable('tenants').set({ branding: JSON.stringify(branding) }).where('id', '=', tenantId).execute();
}

/** Whether a one-time seeding step (`demo`, `demo-accounts`) has run. */
export async function hasSeedRun(tx: PlatformTx, name: string): Promise<boolean> {
  return (await tx.selectFrom('seed_runs').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function recordSeedRun(tx: ProvisioningTx, name: string): Promise<void> {
  await tx.insertInto('seed_runs').values({ name }).execute();
}
