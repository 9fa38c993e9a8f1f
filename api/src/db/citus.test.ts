import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertTenantContextReachesData } from '../tenancy/context-check.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { nodeUrl } from '../testing/citus.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { catalogTables, isCitus, planDistribution, type CatalogTable } from './citus.ts';

const table = (name: string, tenantOwned: boolean, references: string[] = [], citus: CatalogTable['citus'] = null): CatalogTable => ({ name, tenantOwned, references, citus });

describe('planDistribution', () => {
  it('makes shared tables reference tables and tenant-owned ones distributed, referenced tables first', () => {
    const plan = planDistribution([
      table('sessions', true, ['memberships', 'tenants', 'staff_users']),
      table('memberships', true, ['tenants', 'staff_users']),
      table('staff_users', false),
      table('tenants', false, []),
      table('tenant_domains', false, ['tenants']),
      table('kysely_migration', false),
    ]);
    expect(plan).toEqual({ reference: ['staff_users', 'tenants', 'tenant_domains'], distributed: ['memberships', 'sessions'], problems: [] });
  });

  it('skips tables Citus already has, so running it again after a migration only adds the new ones', () => {
    const plan = planDistribution([table('tenants', false, [], 'reference'), table('memberships', true, ['tenants'], 'distributed'), table('complaints', true, ['tenants'])]);
    expect(plan.reference).toEqual([]);
    expect(plan.distributed).toEqual(['complaints']);
  });

  it('reports a shared table that references a tenant-owned one (Citus cannot make it a reference table)', () => {
    expect(planDistribution([table('a', true), table('b', false, ['a'])]).problems).toEqual(['b (shared) references a (tenant-owned)']);
  });
});

describe('nodeUrl', () => {
  it('keeps the credentials and options, and changes host, port and database', () => {
    expect(nodeUrl('postgres://postgres:pw@coord:5432/test?sslmode=disable', { host: 'w1', port: 5433 }, 'jamaa_x')).toBe('postgres://postgres:pw@w1:5433/jamaa_x?sslmode=disable');
  });
});

describe.each(DATABASE_KINDS)('Citus readiness on a single database (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await newTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  it('set_tenant also asks Citus to propagate SET LOCAL, which plain PostgreSQL and PGlite accept, for the transaction only', async () => {
    const tenant = '00000000-0000-4000-8000-000000000001';
    const inside = await withTenant(db, { id: tenant }, async (tx) => {
      const { rows } = await sql<{ propagate: string; tenant: string }>`
        select current_setting('citus.propagate_set_commands', true) as propagate, current_setting('app.tenant_id', true) as tenant`.execute(tx);
      return rows[0];
    });
    expect(inside).toEqual({ propagate: 'local', tenant });
    const { rows } = await sql<{ propagate: string | null }>`select current_setting('citus.propagate_set_commands', true) as propagate`.execute(db.kysely);
    expect(rows[0]?.propagate ?? '').not.toBe('local');
  });

  it('the start-up check passes, through the serving login', async () => {
    await expect(assertTenantContextReachesData(await db.serving())).resolves.toBeUndefined();
  });

  it('every tenant-owned table carries tenant_id and audit_log ids come from a plain sequence, not an identity column', async () => {
    const tables = await catalogTables(db);
    expect(tables.find((t) => t.name === 'audit_log')).toMatchObject({ tenantOwned: true });
    expect(tables.find((t) => t.name === 'tenant_domains')).toMatchObject({ tenantOwned: false });
    const plan = planDistribution(tables);
    expect(plan.problems).toEqual([]);
    if (await isCitus(db)) {
      // The harness distributed every table: none left to do, every tenant-owned one hash-distributed.
      expect(plan.distributed.length + plan.reference.length).toBe(0);
      for (const t of tables) if (!t.name.startsWith('kysely_')) expect([t.name, t.citus]).toEqual([t.name, t.tenantOwned ? 'distributed' : 'reference']);
      const { rows: groups } = await sql<{ n: number }>`
        select count(distinct colocationid)::int as n from pg_dist_partition where partmethod = 'h'`.execute(db.kysely);
      expect(groups[0]?.n).toBe(1);
    } else {
      expect(plan.distributed.length + plan.reference.length).toBeGreaterThan(0);
    }
    const { rows } = await sql<{ identity: string; dflt: string | null }>`
      select is_identity as identity, column_default as dflt from information_schema.columns where table_name = 'audit_log' and column_name = 'id'`.execute(db.kysely);
    expect(rows[0]).toEqual({ identity: 'NO', dflt: "nextval('audit_log_id_seq'::regclass)" });
  });
});
