import { audit, type ChangeContext } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { TariffRow, TenantRow } from '../db/schema.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { findTenantById } from '../tenancy/tenants.repository.ts';
import { changeTenant } from '../tenancy/tenants.service.ts';
import { actAsTenant, withPlatform } from '../tenancy/unit-of-work.ts';
import type { Tariff, TariffChange, TariffSettings } from './tariff.schemas.ts';

/** A tariff row with its empty texts dropped: `{}` when nothing is set. */
function cleaned(row: TariffRow | null | undefined): TariffRow {
  const note = Object.fromEntries(Object.entries(row?.note ?? {}).filter(([, text]) => typeof text === 'string' && text.trim() !== ''));
  return { ...(row?.url ? { url: row.url } : {}), ...(Object.keys(note).length > 0 ? { note } : {}) };
}

const isSet = (row: TariffRow) => row.url !== undefined || row.note !== undefined;

/**
 * The tariff in effect for `chain[0]`: its own, else the nearest ancestor's (an arrondissement shows its
 * commune's); null when none is set.
 */
export function effectiveTariff(chain: readonly Pick<TenantRow, 'tariff'>[]): Tariff | null {
  for (const tenant of chain) {
    const own = cleaned(tenant.tariff);
    if (isSet(own)) return { url: own.url ?? null, note: own.note ?? {} };
  }
  return null;
}

function toSettings(chain: readonly TenantRow[]): TariffSettings {
  const [tenant] = chain;
  if (!tenant) throw new Error('a chain starts with the tenant');
  const effective = effectiveTariff(chain);
  return { url: effective?.url ?? null, note: effective?.note ?? {}, inherited: effective !== null && !isSet(cleaned(tenant.tariff)) };
}

/** The tenant and its ancestors, read afresh (the host cache may be a moment behind a change just made). */
async function freshChain(db: Database, resolved: ResolvedTenant, self?: TenantRow): Promise<TenantRow[]> {
  return withPlatform(db, async (tx) => {
    const rows: TenantRow[] = [];
    for (const { id } of resolved.chain) {
      const row = self?.id === id ? self : await findTenantById(tx, id);
      if (row) rows.push(row);
    }
    return rows;
  });
}

export async function getTariffSettings(db: Database, resolved: ResolvedTenant): Promise<TariffSettings> {
  return toSettings(await freshChain(db, resolved));
}

/**
 * Sets this tenant's own tariff (link and note), audited as `site.tariff_changed` in the same transaction;
 * clearing both lets an arrondissement show its commune's again. Every process drops its cached tenant.
 */
export async function changeTariff(db: Database, resolved: ResolvedTenant, change: TariffChange, by: ChangeContext): Promise<TariffSettings> {
  const updated = await changeTenant(db, resolved.tenant.id, async (current, tx) => {
    const before = cleaned(current.tariff);
    const after = cleaned({ ...(change.url ? { url: change.url } : {}), note: change.note });
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await audit(await actAsTenant(tx, { id: current.id }), by, {
        tenantId: current.id,
        action: 'site.tariff_changed',
        target: { type: 'tenant', id: current.id, label: current.names.fr ?? current.slug },
        before: { url: before.url ?? null, note: before.note ?? null },
        after: { url: after.url ?? null, note: after.note ?? null },
      });
    }
    return { tariff: JSON.stringify(after) };
  });
  return toSettings(await freshChain(db, resolved, updated));
}
