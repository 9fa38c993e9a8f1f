import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { loadManifests, loadPlatformManifest, type TenantSpec } from '@jamaa/tenants/manifest.ts';
import type { Database } from '../db/database.ts';
import type { BrandingRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { insertTenantFile, upsertSiteText } from '../site/site.repository.ts';
import { findPlatformTenant, insertTenant, insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { actAsTenant, announceTenantChanged, lockStartup, withPlatform, type PlatformTx } from '../tenancy/unit-of-work.ts';

export interface SeedResult {
  seeded: boolean;
  tenants: number;
}

/** The platform tenant must exist for host resolution to work at all; created on first start. */
export async function ensurePlatformTenant(db: Database, spec: TenantSpec = loadPlatformManifest()): Promise<void> {
  await withPlatform(db, async (tx) => {
    await lockStartup(tx);
    if (await findPlatformTenant(tx)) return;
    await insertSpec(tx, spec, null, null);
  });
}

/**
 * Creates the demo tenants from `tenants/demo/*.yaml`, once: a run is recorded in `seed_runs`, so a
 * restart neither duplicates them nor undoes changes made since. All in one transaction: a failure
 * leaves nothing half-created.
 */
export async function seedDemoTenants(db: Database, specs: TenantSpec[] = loadManifests()): Promise<SeedResult> {
  return withPlatform(db, async (tx) => {
    await lockStartup(tx);
    const already = await tx.selectFrom('seed_runs').select('name').where('name', '=', 'demo').executeTakeFirst();
    if (already) return { seeded: false, tenants: 0 };
    const platform = await findPlatformTenant(tx);
    if (!platform) throw new Error('the platform tenant must exist before the demo tenants');
    await insertSpecs(tx, specs, platform.id);
    await tx.insertInto('seed_runs').values({ name: 'demo' }).execute();
    return { seeded: true, tenants: specs.length };
  });
}

/**
 * Inserts tenants given in parent-before-child order (communes under the platform, arrondissements
 * under their commune), with their domains, texts and logos. Used by seeding and by tests/benchmarks.
 */
export async function insertSpecs(tx: PlatformTx, specs: readonly TenantSpec[], platformId: string): Promise<Map<string, string>> {
  const idsByCode = new Map<string, string>();
  const specsByCode = new Map(specs.map((s) => [s.code, s]));
  for (const spec of specs) {
    const parentId = spec.parentCode ? idsByCode.get(spec.parentCode) : platformId;
    if (!parentId) throw new Error(`${spec.sourceFile}: parent ${spec.parentCode} of ${spec.code} must come before it`);
    const parent = spec.parentCode ? (specsByCode.get(spec.parentCode) ?? null) : null;
    idsByCode.set(spec.code, await insertSpec(tx, spec, parentId, parent));
  }
  return idsByCode;
}

async function insertSpec(tx: PlatformTx, spec: TenantSpec, parentId: string | null, parent: TenantSpec | null): Promise<string> {
  const tenant = await insertTenant(tx, {
    parent_id: parentId,
    kind: spec.kind,
    code: spec.code,
    slug: spec.slug,
    status: spec.status,
    names: JSON.stringify(spec.names),
    locales: spec.locales,
    default_locale: spec.defaultLocale,
    fallback_locales: spec.fallbackLocales,
    // Written below once the logo is stored; an arrondissement inherits what equals its commune's.
    branding: JSON.stringify({}),
    population: spec.population,
  });
  for (const domain of spec.domains) await insertTenantDomain(tx, tenant.id, domain);

  const asTenant = await actAsTenant(tx, { id: tenant.id });
  if (Object.values(spec.content.welcome).some(Boolean)) {
    await upsertSiteText(asTenant, tenant.id, 'home.welcome', spec.content.welcome);
  }
  for (const [position, o] of spec.offices.entries()) {
    await insertOffice(asTenant, tenant.id, {
      key: o.key,
      kind: o.kind,
      names: o.names,
      address: o.address,
      latitude: o.location.lat,
      longitude: o.location.lng,
      hours: o.hours,
      phone: o.phone ?? null,
      email: o.email ?? null,
      position,
    });
  }
  const branding: Partial<BrandingRow> = {};
  const p = spec.branding;
  const inherited = parent?.branding;
  if (p.primaryColor !== inherited?.primaryColor) branding.primaryColor = p.primaryColor;
  if (p.accentColor !== inherited?.accentColor) branding.accentColor = p.accentColor;
  if (p.logo && p.logo.path !== inherited?.logo?.path) {
    const bytes = new Uint8Array(fs.readFileSync(p.logo.path));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileId = await insertTenantFile(asTenant, tenant.id, { purpose: 'logo', contentType: p.logo.contentType, bytes, sha256 });
    branding.logo = { fileId, sha256, contentType: p.logo.contentType };
  }
  await tx.updateTable('tenants').set({ branding: JSON.stringify(branding) }).where('id', '=', tenant.id).execute();
  await announceTenantChanged(tx, tenant.id);
  return tenant.id;
}

