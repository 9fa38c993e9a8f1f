import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStaffUser } from '../accounts/staff.repository.ts';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { changeTenant } from '../tenancy/tenants.service.ts';
import { findTenantByDomain, insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { withPlatform, withPlatformAdmin, withProvisioning, withTenant } from '../tenancy/unit-of-work.ts';
import type { Database } from './database.ts';
import { assertServingRoleIsSafe, pendingMigrations, servingUrl, sessionRole } from './roles.ts';

const DENIED = /permission denied/;

describe('servingUrl', () => {
  it("swaps the owner's user and password for the serving login's, keeping server, database and options", () => {
    expect(servingUrl('postgres://owner:secret@db.internal:5433/jamaa?sslmode=require', null)).toBe(
      'postgres://jamaa_server@db.internal:5433/jamaa?sslmode=require',
    );
    expect(servingUrl('postgres://owner@127.0.0.1/test?user=owner&password=x', 'p@ss/word')).toBe('postgres://jamaa_server:p%40ss%2Fword@127.0.0.1/test');
  });
});

// PGlite has a single superuser connection: there is no login to test there (see docs/ARCHITECTURE.md).
describe.skipIf(!DATABASE_KINDS.includes('postgres'))('the serving login jamaa_server (postgres)', () => {
  let db: TestDatabase;
  let serving: Database;
  let tenant: TenantRow;

  beforeAll(async () => {
    db = await newTestDatabase('postgres');
    serving = await db.serving();
    await newPlatform(db);
    tenant = await newTenant(db, { slug: 'a' });
  });
  afterAll(() => db.dispose());

  /** Runs statements on one connection of the serving pool, as an injected query could. */
  const onOneConnection = <T>(fn: (run: (q: RawBuilder<unknown>) => Promise<unknown>) => Promise<T>): Promise<T> =>
    serving.kysely.connection().execute((conn) => fn((q) => q.execute(conn)));

  it('logs in as jamaa_server, which passes the start-up check, while the owner does not', async () => {
    expect(await sessionRole(serving)).toBe('jamaa_server');
    await expect(assertServingRoleIsSafe(serving)).resolves.toBeUndefined();
    await expect(assertServingRoleIsSafe(db)).rejects.toThrow(/superuser/);
    expect(await pendingMigrations(serving)).toEqual([]);
  });

  it('gains nothing by RESET ROLE: as itself it reads and writes no table, tenant-owned or shared', async () => {
    const tables = ['tenants', 'tenant_domains', 'staff_users', 'platform_roles', 'password_resets', 'memberships', 'sessions', 'site_texts', 'audit_log', 'kysely_migration'];
    for (const table of tables) {
      await onOneConnection(async (run) => {
        await run(sql`set role jamaa_app`);
        await run(sql`reset role`);
        await expect(run(sql`select * from ${sql.table(table)} limit 1`), table).rejects.toThrow(DENIED);
      });
    }
    await expect(serving.kysely.insertInto('tenants').values({ parent_id: tenant.parent_id, kind: 'commune', code: 'X', slug: 'x', status: 'active', names: '{}', locales: ['ar'], default_locale: 'ar', fallback_locales: [], branding: '{}' }).execute()).rejects.toThrow(DENIED);
    await expect(serving.kysely.updateTable('staff_users').set({ email: 'attacker@evil.example' }).execute()).rejects.toThrow(DENIED);
    await expect(serving.kysely.insertInto('tenant_domains').values({ tenant_id: tenant.id, domain: 'evil.example' }).execute()).rejects.toThrow(DENIED);
    await expect(sql`insert into platform_roles (user_id, role) select id, 'operator' from staff_users`.execute(serving.kysely)).rejects.toThrow(DENIED);
    await expect(sql`update tenants set status = 'suspended'`.execute(serving.kysely)).rejects.toThrow(DENIED);
  });

  it('cannot become the owner or the platform admin, so it can make no one an operator', async () => {
    const owner = await sessionRole(db);
    await expect(sql`set role ${sql.id(owner)}`.execute(serving.kysely)).rejects.toThrow(DENIED);
    await expect(sql`set role jamaa_platform_admin`.execute(serving.kysely)).rejects.toThrow(DENIED);
    await expect(sql`set session authorization ${sql.id(owner)}`.execute(serving.kysely)).rejects.toThrow(DENIED);
    await expect(withPlatformAdmin(serving, (tx) => insertStaffUser(tx, { email: 'x@evil.example', displayName: 'X', passwordHash: 'x', at: new Date() }))).rejects.toThrow(DENIED);
  });

  it('cannot create temporary tables, as itself or as any role it may become', async () => {
    await expect(sql`create temporary table scratch (x int)`.execute(serving.kysely)).rejects.toThrow(DENIED);
    await expect(withPlatform(serving, (tx) => sql`create temporary table scratch (x int)`.execute(tx))).rejects.toThrow(DENIED);
    await expect(withTenant(serving, { id: tenant.id }, (tx) => sql`create temporary table scratch (x int)`.execute(tx))).rejects.toThrow(DENIED);
    await expect(withProvisioning(serving, (tx) => sql`create temporary table scratch (x int)`.execute(tx))).rejects.toThrow(DENIED);
    await expect(sql`create table public.scratch (x int)`.execute(serving.kysely)).rejects.toThrow(DENIED);
  });

  it('still provisions through its own units of work: a new domain, a tenant change, both served at once', async () => {
    await withProvisioning(serving, (tx) => insertTenantDomain(tx, tenant.id, 'a-city.example.ma'));
    const changed = await changeTenant(serving, tenant.id, { branding: JSON.stringify({ primaryColor: '#0b4f8a' }) });
    expect(changed.version).toBeGreaterThan(tenant.version);
    expect((await withPlatform(serving, (tx) => findTenantByDomain(tx, 'a-city.example.ma')))?.id).toBe(tenant.id);
  });

  it('is refused at start-up when it holds a privilege of its own or may create temporary tables', async () => {
    const name = new URL(db.url as string).pathname.slice(1);
    await sql`grant select on staff_users to jamaa_server`.execute(db.kysely);
    try {
      await expect(assertServingRoleIsSafe(serving)).rejects.toThrow(/staff_users/);
    } finally {
      await sql`revoke select on staff_users from jamaa_server`.execute(db.kysely);
    }
    await sql`grant temporary on database ${sql.id(name)} to jamaa_server`.execute(db.kysely);
    try {
      await expect(assertServingRoleIsSafe(serving)).rejects.toThrow(/temporary/);
    } finally {
      await sql`revoke temporary on database ${sql.id(name)} from jamaa_server`.execute(db.kysely);
    }
    await expect(assertServingRoleIsSafe(serving)).resolves.toBeUndefined();
  });
});
