import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { findPlatformTenant, insertTenant } from '../tenancy/tenants.repository.ts';
import { withProvisioning } from '../tenancy/unit-of-work.ts';

export interface NewTenantOptions {
  kind?: 'platform' | 'commune' | 'arrondissement';
  parent?: TenantRow;
  slug?: string;
  status?: TenantRow['status'];
  names?: { ar?: string; fr?: string; zgh?: string };
  locales?: ('ar' | 'fr' | 'zgh')[];
  branding?: Record<string, unknown>;
}

let counter = 0;

/** A tenant with plausible defaults; a commune under the platform unless told otherwise. */
export async function newTenant(db: Database, options: NewTenantOptions = {}): Promise<TenantRow> {
  const n = ++counter;
  const kind = options.kind ?? (options.parent?.kind === 'commune' ? 'arrondissement' : 'commune');
  return withProvisioning(db, async (tx) => {
    const parent = kind === 'platform' ? null : (options.parent ?? (await findPlatformTenant(tx)) ?? null);
    if (kind !== 'platform' && !parent) throw new Error('create the platform tenant first (newPlatform)');
    const locales = options.locales ?? ['ar', 'fr', 'zgh'];
    return insertTenant(tx, {
      parent_id: parent?.id ?? null,
      kind,
      code: kind === 'platform' ? 'MA' : `T${n}.${randomUUID().slice(0, 8)}`,
      slug: options.slug ?? `${kind}-${n}`,
      status: options.status ?? 'active',
      names: JSON.stringify(options.names ?? { ar: `جماعة ${n}`, fr: `Commune ${n}`, zgh: `ⵜⴰⵎⵙⵙⴰⴳⵓⵔⵜ ${n}` }),
      locales,
      default_locale: locales[0] ?? 'ar',
      fallback_locales: ['ar', 'fr'],
      branding: JSON.stringify(options.branding ?? {}),
      population: 1000 * n,
    });
  });
}

export async function newPlatform(db: Database): Promise<TenantRow> {
  return newTenant(db, { kind: 'platform', slug: 'platform', names: { ar: 'جماعة', fr: 'Jamaa', zgh: 'ⵊⴰⵎⴰⵄⴰ' } });
}
