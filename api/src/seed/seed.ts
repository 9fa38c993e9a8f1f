import fs from 'node:fs';
import { loadManifests, loadPlatformManifest, type TenantSpec } from '@jamaa/tenants/manifest.ts';
import { upsertMembership } from '../accounts/memberships.repository.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertPlatformRole, insertStaffUser } from '../accounts/staff.repository.ts';
import { decodeTotpSecret } from '../accounts/totp.ts';
import type { Database } from '../db/database.ts';
import type { BrandingRow, StaffRole } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { recordFile, storeVerbatim } from '../files/files.service.ts';
import type { Storage } from '../files/storage.ts';
import { upsertSiteText } from '../site/site.repository.ts';
import { findPlatformTenant, findTenantBySlugPath, insertTenant, insertTenantDomain } from '../tenancy/tenants.repository.ts';
import {
  actAsTenant,
  announceTenantChanged,
  lockStartup,
  withPlatform,
  withPlatformAdmin,
  withProvisioning,
  type PlatformTx,
  type ProvisioningTx,
} from '../tenancy/unit-of-work.ts';

export interface SeedResult {
  seeded: boolean;
  tenants: number;
}

/** The platform tenant must exist for host resolution to work at all; created on first start. */
export async function ensurePlatformTenant(db: Database, storage: Storage, spec: TenantSpec = loadPlatformManifest()): Promise<void> {
  await withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await findPlatformTenant(tx)) return;
    await insertSpec(tx, storage, spec, null, null);
  });
}

/**
 * Creates the demo tenants from `tenants/demo/*.yaml`, once: a run is recorded in `seed_runs`, so a
 * restart neither duplicates them nor undoes changes made since. All in one transaction: a failure
 * leaves nothing half-created.
 */
export async function seedDemoTenants(db: Database, storage: Storage, specs: TenantSpec[] = loadManifests()): Promise<SeedResult> {
  return withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    const already = await tx.selectFrom('seed_runs').select('name').where('name', '=', 'demo').executeTakeFirst();
    if (already) return { seeded: false, tenants: 0 };
    const platform = await findPlatformTenant(tx);
    if (!platform) throw new Error('the platform tenant must exist before the demo tenants');
    await insertSpecs(tx, storage, specs, platform.id);
    await tx.insertInto('seed_runs').values({ name: 'demo' }).execute();
    return { seeded: true, tenants: specs.length };
  });
}

/**
 * Inserts tenants given in parent-before-child order (communes under the platform, arrondissements
 * under their commune), with their domains, texts and logos (written to `storage`; shipped files, stored
 * as they are). Used by seeding and by tests/benchmarks.
 */
export async function insertSpecs(tx: ProvisioningTx, storage: Storage, specs: readonly TenantSpec[], platformId: string): Promise<Map<string, string>> {
  const idsByCode = new Map<string, string>();
  const specsByCode = new Map(specs.map((s) => [s.code, s]));
  for (const spec of specs) {
    const parentId = spec.parentCode ? idsByCode.get(spec.parentCode) : platformId;
    if (!parentId) throw new Error(`${spec.sourceFile}: parent ${spec.parentCode} of ${spec.code} must come before it`);
    const parent = spec.parentCode ? (specsByCode.get(spec.parentCode) ?? null) : null;
    idsByCode.set(spec.code, await insertSpec(tx, storage, spec, parentId, parent));
  }
  return idsByCode;
}

async function insertSpec(tx: ProvisioningTx, storage: Storage, spec: TenantSpec, parentId: string | null, parent: TenantSpec | null): Promise<string> {
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
    await upsertSiteText(asTenant, 'home.welcome', spec.content.welcome);
  }
  for (const [position, o] of spec.offices.entries()) {
    await insertOffice(asTenant, {
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
    const file = await storeVerbatim(storage, tenant.id, 'logo', new Uint8Array(fs.readFileSync(p.logo.path)), p.logo.contentType);
    await recordFile(asTenant, file);
    branding.logo = { fileId: file.id, sha256: file.sha256, contentType: file.contentType };
  }
  await tx.updateTable('tenants').set({ branding: JSON.stringify(branding) }).where('id', '=', tenant.id).execute();
  await announceTenantChanged(tx, tenant.id);
  return tenant.id;
}


// ---------------------------------------------------------------------------------------------------------
// Demo accounts

/** The password of every demo account: shown by `npm start` in demo mode and in the README. */
export const DEMO_PASSWORD = 'jamaa-demo-2026';
/**
 * The TOTP secret of the Casablanca administrator (base32), so that a browser test — or a person with
 * an authenticator app — can compute its codes.
 */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface DemoAccount {
  email: string;
  displayName: string;
  password: string;
  /** Base32; null when the account has no second factor. */
  totpSecret: string | null;
  /** The national operator: signs in on the platform host. */
  operator: boolean;
  /** Where the account has a role: slug paths below the platform (`['casablanca', 'anfa']`). */
  memberships: { tenant: readonly string[]; role: StaffRole; department: string | null }[];
}

/** Demo staff: an administrator per demo commune, Casablanca's supervisor and agent, Anfa's editor, the operator. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'operator@demo.jamaa.ma',
    displayName: 'Opérateur national',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: true,
    memberships: [],
  },
  {
    email: 'admin@casablanca.demo.jamaa.ma',
    displayName: 'Administration Casablanca',
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
    operator: false,
    // The commune's administrator also administers one of its arrondissements.
    memberships: [
      { tenant: ['casablanca'], role: 'administrator', department: null },
      { tenant: ['casablanca', 'anfa'], role: 'administrator', department: null },
    ],
  },
  {
    email: 'supervisor@casablanca.demo.jamaa.ma',
    displayName: 'Secrétariat général Casablanca',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: false,
    memberships: [{ tenant: ['casablanca'], role: 'supervisor', department: null }],
  },
  {
    email: 'agent@casablanca.demo.jamaa.ma',
    displayName: 'Agent état civil Casablanca',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: false,
    memberships: [{ tenant: ['casablanca'], role: 'agent', department: 'civil-status' }],
  },
  {
    email: 'editor@anfa.demo.jamaa.ma',
    displayName: 'Rédaction Anfa',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: false,
    memberships: [{ tenant: ['casablanca', 'anfa'], role: 'editor', department: null }],
  },
  {
    email: 'admin@ben-guerir.demo.jamaa.ma',
    displayName: 'Administration Ben Guerir',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: false,
    memberships: [{ tenant: ['ben-guerir'], role: 'administrator', department: null }],
  },
  {
    email: 'admin@tetouan.demo.jamaa.ma',
    displayName: 'Administration Tétouan',
    password: DEMO_PASSWORD,
    totpSecret: null,
    operator: false,
    memberships: [{ tenant: ['tetouan'], role: 'administrator', department: null }],
  },
];

/**
 * Creates the demo accounts once (recorded in `seed_runs`), after the demo tenants. Memberships on a
 * tenant that does not exist are skipped. One transaction.
 */
export async function seedDemoAccounts(db: Database, accounts: readonly DemoAccount[] = DEMO_ACCOUNTS, now = new Date()): Promise<{ seeded: boolean; accounts: number }> {
  // Checked first as the request role: once seeded, a restart needs neither the hashing nor the role that
  // grants the operator's (which only the owner's connection may take).
  const seededBefore = (tx: PlatformTx) => tx.selectFrom('seed_runs').select('name').where('name', '=', 'demo-accounts').executeTakeFirst();
  if (await withPlatform(db, seededBefore)) return { seeded: false, accounts: 0 };
  const hashes = new Map<string, string>();
  for (const password of new Set(accounts.map((a) => a.password))) hashes.set(password, await hashPassword(password));
  return withPlatformAdmin(db, async (tx) => {
    await lockStartup(tx);
    if (await seededBefore(tx)) return { seeded: false, accounts: 0 };
    for (const account of accounts) {
      const user = await insertStaffUser(tx, {
        email: account.email,
        displayName: account.displayName,
        passwordHash: hashes.get(account.password) as string,
        at: now,
        totpSecret: account.totpSecret ? decodeTotpSecret(account.totpSecret) : null,
        totpEnabledAt: account.totpSecret ? now : null,
      });
      if (account.operator) await insertPlatformRole(tx, user.id, 'operator');
      for (const m of account.memberships) {
        const tenant = await findTenantBySlugPath(tx, m.tenant);
        if (!tenant) continue;
        await upsertMembership(await actAsTenant(tx, { id: tenant.id }), user.id, { role: m.role, department: m.department, at: now });
      }
    }
    await tx.insertInto('seed_runs').values({ name: 'demo-accounts' }).execute();
    return { seeded: true, accounts: accounts.length };
  });
}
