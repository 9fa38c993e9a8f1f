import { loadDemoContent, type DemoContentFile } from '@jamaa/tenants/demo-content.ts';
import { loadManifests, loadPlatformManifest, type TenantSpec } from '@jamaa/tenants/manifest.ts';
import { upsertMembership } from '../accounts/memberships.repository.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertPlatformRole, insertStaffUser } from '../accounts/staff.repository.ts';
import { decodeTotpSecret } from '../accounts/totp.ts';
import { ContentInputSchema } from '../content/content.schemas.ts';
import { seedItems } from '../content/content.service.ts';
import { setOfficeClosures } from '../offices/offices.repository.ts';
import type { Database } from '../db/database.ts';
import type { StaffRole } from '../db/schema.ts';
import type { Storage } from '../files/storage.ts';
import { hasSeedRun, recordSeedRun } from '../tenancy/provisioning.repository.ts';
import { provisionTenantsIn } from '../tenancy/provisioning.service.ts';
import { findPlatformTenant, findTenantBySlugPath } from '../tenancy/tenants.repository.ts';
import { actAsTenant, lockStartup, withPlatform, withPlatformAdmin, withProvisioning, type PlatformTx } from '../tenancy/unit-of-work.ts';

export interface SeedResult {
  seeded: boolean;
  tenants: number;
}

/** The platform tenant must exist for host resolution to work at all; created on first start. */
export async function ensurePlatformTenant(db: Database, storage: Storage, spec: TenantSpec = loadPlatformManifest()): Promise<void> {
  await withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await findPlatformTenant(tx)) return;
    await provisionTenantsIn(tx, storage, [spec], { actor: null });
  });
}

/**
 * Creates the demo tenants from `tenants/demo/*.yaml` through the provisioning service, once: a run is
 * recorded in `seed_runs`, so a restart neither duplicates them nor undoes changes made since. All in one
 * transaction: a failure leaves nothing half-created.
 */
export async function seedDemoTenants(db: Database, storage: Storage, specs: TenantSpec[] = loadManifests()): Promise<SeedResult> {
  return withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await hasSeedRun(tx, 'demo')) return { seeded: false, tenants: 0 };
    if (!(await findPlatformTenant(tx))) throw new Error('the platform tenant must exist before the demo tenants');
    const report = await provisionTenantsIn(tx, storage, specs, { actor: null });
    const refused = report.refused[0];
    if (refused) throw new Error(`demo tenant ${refused.code} refused: ${refused.detail}`);
    await recordSeedRun(tx, 'demo');
    return { seeded: true, tenants: report.created.length };
  });
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
    // The operator's console requires a second factor.
    totpSecret: DEMO_TOTP_SECRET,
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
  const seededBefore = (tx: PlatformTx) => hasSeedRun(tx, 'demo-accounts');
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
    await recordSeedRun(tx, 'demo-accounts');
    return { seeded: true, accounts: accounts.length };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Demo content

/**
 * The demo tenants' public content (`tenants/demo/content/*.yaml`), once (recorded in `seed_runs`, so a
 * site whose editors changed or deleted it is left alone), after the demo tenants. A file for a tenant that
 * does not exist is skipped; an item the API would refuse fails the whole run, naming the file. One
 * transaction.
 */
export async function seedDemoContent(db: Database, now = new Date(), files: readonly DemoContentFile[] = loadDemoContent(undefined, now)): Promise<{ seeded: boolean; items: number }> {
  return withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await hasSeedRun(tx, 'demo-content')) return { seeded: false, items: 0 };
    let items = 0;
    for (const file of files) {
      const tenant = await findTenantBySlugPath(tx, file.tenant);
      if (!tenant) continue;
      const inputs = file.items.map(({ publish, ...raw }, index) => {
        const parsed = ContentInputSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`${file.file}: items[${index}]: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        return { input: parsed.data, publish };
      });
      try {
        const asTenant = await actAsTenant(tx, { id: tenant.id });
        items += await seedItems(asTenant, inputs, now);
        const closures = Map.groupBy(file.officeClosures ?? [], (c) => c.office);
        for (const [office, list] of closures) {
          const sorted = list.map(({ from, to, reason }) => ({ from, to, reason })).sort((a, b) => a.from.localeCompare(b.from));
          if (!(await setOfficeClosures(asTenant, office, sorted))) throw new Error(`officeClosures: no office ${office}`);
        }
      } catch (err) {
        throw new Error(`${file.file}: ${(err as Error).message}`, { cause: err });
      }
    }
    await recordSeedRun(tx, 'demo-content');
    return { seeded: true, items };
  });
}
