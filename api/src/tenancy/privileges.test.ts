import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaffUserById, hasPlatformRole, insertPlatformRole, insertStaffUser, updateStaffPassword, type StaffUserRow } from '../accounts/staff.repository.ts';
import type { DB, TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { findTenantByDomain, insertTenant, insertTenantDomain, updateTenant } from './tenants.repository.ts';
import { withPlatform, withPlatformAdmin, withProvisioning, withTenant } from './unit-of-work.ts';

const DENIED = /permission denied/;

/**
 * What each unit of work may write (migration 2026_12_04_0020_least_privilege). On PGlite the connection is
 * a superuser: only the per-transaction role switch stands between a request and everything, so these run
 * on both kinds. The serving login itself (PostgreSQL only) is tested in db/roles.test.ts.
 */
describe.each(DATABASE_KINDS)('least privilege of the units of work (%s)', (kind) => {
  let db: TestDatabase;
  let platform: TenantRow;
  let a: TenantRow;
  let staff: StaffUserRow;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    platform = await newPlatform(db);
    a = await newTenant(db, { slug: 'a' });
    staff = await withPlatformAdmin(db, (tx) =>
      insertStaffUser(tx, { email: 'someone@a.example.ma', displayName: 'Someone', passwordHash: 'x', at: new Date() }),
    );
  });
  afterAll(() => db.dispose());

  const requestUnits = () =>
    [
      ['withPlatform', <T>(fn: (tx: Transaction<DB>) => Promise<T>) => withPlatform(db, fn)],
      ['withTenant', <T>(fn: (tx: Transaction<DB>) => Promise<T>) => withTenant(db, { id: a.id }, fn)],
    ] as const;

  const newTenantRow = (slug: string) => ({
    parent_id: platform.id,
    kind: 'commune' as const,
    code: `X.${slug}`,
    slug,
    status: 'active' as const,
    names: JSON.stringify({ ar: slug, fr: slug }),
    locales: ['ar', 'fr'],
    default_locale: 'ar',
    fallback_locales: ['fr'],
    branding: JSON.stringify({}),
    population: null,
  });

  it('the request role can neither create nor change tenants, their domains, platform roles or seed runs', async () => {
    for (const [name, run] of requestUnits()) {
      const attempts: [string, (tx: Transaction<DB>) => Promise<unknown>][] = [
        ['insert a tenant', (tx) => tx.insertInto('tenants').values(newTenantRow(`intruder-${name.toLowerCase()}`)).execute()],
        ['change a tenant', (tx) => tx.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', a.id).execute()],
        ['delete a tenant', (tx) => tx.deleteFrom('tenants').where('id', '=', a.id).execute()],
        ['add a domain', (tx) => tx.insertInto('tenant_domains').values({ tenant_id: a.id, domain: 'evil.example' }).execute()],
        ['move a domain', (tx) => tx.updateTable('tenant_domains').set({ tenant_id: a.id }).execute()],
        ['remove domains', (tx) => tx.deleteFrom('tenant_domains').execute()],
        ['grant the operator role', (tx) => tx.insertInto('platform_roles').values({ user_id: staff.id, role: 'operator' }).execute()],
        ['revoke platform roles', (tx) => tx.deleteFrom('platform_roles').execute()],
        ['record a seed run', (tx) => tx.insertInto('seed_runs').values({ name: 'intruder' }).execute()],
      ];
      for (const [what, attempt] of attempts) {
        await expect(run(attempt), `${name}: ${what}`).rejects.toThrow(DENIED);
      }
    }
    expect(await withPlatform(db, (tx) => hasPlatformRole(tx, staff.id, 'operator'))).toBe(false);
    expect((await withPlatform(db, (tx) => tx.selectFrom('tenants').select('status').where('id', '=', a.id).executeTakeFirst()))?.status).toBe('active');
  });

  it("the request role changes an account's sign-in columns, but never its e-mail address or name, and deletes no account", async () => {
    await withTenant(db, { id: a.id }, (tx) => updateStaffPassword(tx, staff.id, 'new-hash', new Date()));
    expect((await withPlatform(db, (tx) => findStaffUserById(tx, staff.id)))?.password_hash).toBe('new-hash');
    for (const [name, run] of requestUnits()) {
      await expect(run((tx) => tx.updateTable('staff_users').set({ email: 'attacker@evil.example' }).where('id', '=', staff.id).execute()), name).rejects.toThrow(DENIED);
      await expect(run((tx) => tx.updateTable('staff_users').set({ display_name: 'Attacker' }).where('id', '=', staff.id).execute()), name).rejects.toThrow(DENIED);
      await expect(run((tx) => tx.deleteFrom('staff_users').where('id', '=', staff.id).execute()), name).rejects.toThrow(DENIED);
    }
    expect((await withPlatform(db, (tx) => findStaffUserById(tx, staff.id)))?.email).toBe('someone@a.example.ma');
  });

  it('no unit of work may create a temporary table', async () => {
    const units = [
      ...requestUnits().map(([name, run]) => [name, run] as const),
      ['withProvisioning', <T>(fn: (tx: Transaction<DB>) => Promise<T>) => withProvisioning(db, fn)] as const,
      ['withPlatformAdmin', <T>(fn: (tx: Transaction<DB>) => Promise<T>) => withPlatformAdmin(db, fn)] as const,
    ];
    for (const [name, run] of units) {
      await expect(run((tx) => sql`create temporary table scratch (x int)`.execute(tx)), name).rejects.toThrow(DENIED);
    }
  });

  it('provisioning creates and changes tenants and their domains, but grants no platform role', async () => {
    const created = await withProvisioning(db, async (tx) => {
      const row = await insertTenant(tx, newTenantRow('provisioned'));
      await insertTenantDomain(tx, row.id, 'provisioned.example.ma');
      return updateTenant(tx, row.id, { status: 'suspended' });
    });
    expect(created?.version).toBe(2);
    expect((await withPlatform(db, (tx) => findTenantByDomain(tx, 'provisioned.example.ma')))?.id).toBe(created?.id);
    await expect(
      withProvisioning(db, (tx) => tx.insertInto('platform_roles').values({ user_id: staff.id, role: 'operator' }).execute()),
    ).rejects.toThrow(DENIED);
  });

  it('only the platform admin grants platform roles', async () => {
    await withPlatformAdmin(db, (tx) => insertPlatformRole(tx, staff.id, 'operator'));
    expect(await withPlatform(db, (tx) => hasPlatformRole(tx, staff.id, 'operator'))).toBe(true);
    await withPlatformAdmin(db, (tx) => tx.deleteFrom('platform_roles').where('user_id', '=', staff.id).execute());
  });

  it('grants, as the catalog says: writes to the shared security tables belong to provisioning and the platform admin only', async () => {
    const { rows } = await sql<{ role: string; table: string; privilege: string; held: boolean }>`
      select r.role, t.table, p.privilege, has_table_privilege(r.role, t.table, p.privilege) as held
      from unnest(array['jamaa_app', 'jamaa_provisioner', 'jamaa_platform_admin']) as r(role),
        unnest(array['tenants', 'tenant_domains', 'platform_roles', 'staff_users', 'seed_runs']) as t("table"),
        unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) as p(privilege)
      where has_table_privilege(r.role, t.table, p.privilege)
      order by 1, 2, 3`.execute(db.kysely);
    // Table-level only: the request role's column grants on staff_users (sign-in columns) do not show here.
    expect(rows.map((r) => `${r.role} ${r.privilege} ${r.table}`).sort()).toEqual([
      'jamaa_platform_admin DELETE platform_roles',
      'jamaa_platform_admin DELETE tenant_domains',
      // Deleting a tenant after its export (api/src/lifecycle, migration 2026_12_05_0110).
      'jamaa_platform_admin DELETE tenants',
      'jamaa_platform_admin INSERT platform_roles',
      'jamaa_platform_admin INSERT seed_runs',
      'jamaa_platform_admin INSERT tenant_domains',
      'jamaa_platform_admin INSERT tenants',
      'jamaa_platform_admin UPDATE tenant_domains',
      'jamaa_platform_admin UPDATE tenants',
      'jamaa_provisioner DELETE tenant_domains',
      'jamaa_provisioner DELETE tenants',
      'jamaa_provisioner INSERT seed_runs',
      'jamaa_provisioner INSERT tenant_domains',
      'jamaa_provisioner INSERT tenants',
      'jamaa_provisioner UPDATE tenant_domains',
      'jamaa_provisioner UPDATE tenants',
    ]);
  });
});
