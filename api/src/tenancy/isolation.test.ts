import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRequestRoleIsSafe } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { findSiteText, upsertSiteText } from '../site/site.repository.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { findTenantByDomain, insertTenantDomain } from './tenants.repository.ts';
import { withPlatform, withProvisioning, withTenant, type TenantTx } from './unit-of-work.ts';

/**
 * Tables that carry tenant_id but are shared on purpose: `tenant_domains` is read by host resolution
 * before any tenant is known, and a domain is unique across the platform. Not under row-level security;
 * instead the request role may not write it at all (only `withProvisioning` may).
 */
const SHARED_TABLES_WITH_TENANT_ID = ['tenant_domains'];

describe.each(DATABASE_KINDS)('tenant isolation in PostgreSQL itself (%s)', (kind) => {
  let db: TestDatabase;
  let a: TenantRow;
  let b: TenantRow;
  let aChild: TenantRow;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    a = await newTenant(db, { slug: 'a' });
    b = await newTenant(db, { slug: 'b' });
    aChild = await newTenant(db, { parent: a, slug: 'a-child' });
    await withTenant(db, { id: a.id }, (tx) => upsertSiteText(tx, 'home.welcome', { fr: 'texte de A' }));
    await withTenant(db, { id: b.id }, (tx) => upsertSiteText(tx, 'home.welcome', { fr: 'texte de B' }));
  });
  afterAll(() => db.dispose());

  const allTexts = (tx: TenantTx) => sql<{ tenant_id: string; value: unknown }>`select tenant_id, value from site_texts`.execute(tx);

  it('sees no tenant-owned row without a tenant context', async () => {
    const { rows } = await withPlatform(db, (tx) => sql`select * from site_texts`.execute(tx));
    expect(rows).toEqual([]);
  });

  it("does not let tenant A read tenant B's rows, even when asking for them by id", async () => {
    const text = await withTenant(db, { id: a.id }, (tx) => findSiteText(tx, b.id, 'home.welcome'));
    expect(text).toBeUndefined();
  });

  it('leaks nothing when a query forgets WHERE tenant_id', async () => {
    const { rows } = await withTenant(db, { id: a.id }, allTexts);
    expect(rows.map((r) => r.tenant_id)).toEqual([a.id]);
  });

  it("does not let tenant A update or delete tenant B's rows", async () => {
    const updated = await withTenant(db, { id: a.id }, (tx) =>
      tx.updateTable('site_texts').set({ value: JSON.stringify({ fr: 'piraté' }) }).where('tenant_id', '=', b.id).executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await withTenant(db, { id: a.id }, (tx) => tx.deleteFrom('site_texts').where('tenant_id', '=', b.id).executeTakeFirst());
    expect(deleted.numDeletedRows).toBe(0n);
    const stillThere = await withTenant(db, { id: b.id }, (tx) => findSiteText(tx, b.id, 'home.welcome'));
    expect(stillThere).toEqual({ fr: 'texte de B' });
  });

  it("refuses to let tenant A insert a row for tenant B", async () => {
    // Repositories write as `tx.tenantId`; a query naming another tenant by hand is what RLS must stop.
    await expect(
      withTenant(db, { id: a.id }, (tx) =>
        tx.insertInto('site_texts').values({ tenant_id: b.id, key: 'home.other', value: JSON.stringify({ fr: 'intrus' }) }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const { rows } = await withTenant(db, { id: b.id }, allTexts);
    expect(rows).toHaveLength(1);
  });

  it("refuses to move a row to another tenant", async () => {
    await expect(
      withTenant(db, { id: a.id }, (tx) => tx.updateTable('site_texts').set({ tenant_id: b.id }).where('tenant_id', '=', a.id).execute()),
      // PostgreSQL's policy refuses it; on Citus the distribution column cannot change at all.
    ).rejects.toThrow(/row-level security|modifying the partition value/);
  });

  it("lets an arrondissement read its commune's rows through the readable scope, but not write them", async () => {
    const read = await withTenant(db, { id: aChild.id, readable: [a.id] }, (tx) => findSiteText(tx, a.id, 'home.welcome'));
    expect(read).toEqual({ fr: 'texte de A' });
    const updated = await withTenant(db, { id: aChild.id, readable: [a.id] }, (tx) =>
      tx.updateTable('site_texts').set({ value: JSON.stringify({ fr: 'changé' }) }).where('tenant_id', '=', a.id).executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
  });

  it('leaves no tenant setting on the connection after the unit of work', async () => {
    await withTenant(db, { id: a.id }, allTexts);
    const { rows } = await sql<{ t: string | null; r: string }>`
      select nullif(current_setting('app.tenant_id', true), '') as t, current_user as r`.execute(db.kysely);
    expect(rows[0]?.t ?? null).toBeNull();
    expect(rows[0]?.r).not.toBe('jamaa_app');
  });

  it('forces row-level security with read and write policies on every tenant-owned table', async () => {
    const { rows } = await sql<{ table: string; rls: boolean; forced: boolean; policies: string[] }>`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
        coalesce(array_agg(p.polname::text order by p.polname) filter (where p.polname is not null), '{}')::text[] as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      left join pg_policy p on p.polrelid = c.oid
      where c.relkind in ('r', 'p')
      group by c.relname, c.relrowsecurity, c.relforcerowsecurity
      order by c.relname`.execute(db.kysely);
    const owned = rows.filter((r) => !SHARED_TABLES_WITH_TENANT_ID.includes(r.table));
    expect(owned.map((r) => r.table)).toEqual(expect.arrayContaining(['site_texts', 'tenant_files']));
    // The exceptions exist (a renamed table would silently leave the list) and are not under RLS.
    const shared = rows.filter((r) => SHARED_TABLES_WITH_TENANT_ID.includes(r.table));
    expect(shared.map((r) => r.table)).toEqual(SHARED_TABLES_WITH_TENANT_ID);
    for (const table of owned) {
      expect(table, table.table).toMatchObject({ rls: true, forced: true, policies: ['tenant_read', 'tenant_write'] });
    }
  });

  it('lets no request write a shared table that carries tenant_id, not even for its own tenant: only provisioning does', async () => {
    const { rows } = await sql<{ table: string; role: string; writes: boolean }>`
      select t as table, r as role,
        has_table_privilege(r, t, 'INSERT') or has_table_privilege(r, t, 'UPDATE') or has_table_privilege(r, t, 'DELETE') as writes
      from unnest(${SHARED_TABLES_WITH_TENANT_ID}::text[]) as t, unnest(array['jamaa_app', 'jamaa_provisioner']) as r
      order by 1, 2`.execute(db.kysely);
    expect(rows.map((r) => [r.table, r.role, r.writes])).toEqual(SHARED_TABLES_WITH_TENANT_ID.flatMap((t) => [[t, 'jamaa_app', false], [t, 'jamaa_provisioner', true]]));

    await expect(
      withTenant(db, { id: a.id }, (tx) => tx.insertInto('tenant_domains').values({ tenant_id: a.id, domain: 'a.example.ma' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(db, { id: a.id }, (tx) => tx.insertInto('tenant_domains').values({ tenant_id: b.id, domain: 'b.example.ma' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await withProvisioning(db, (tx) => insertTenantDomain(tx, a.id, 'a.example.ma'));
    expect((await withPlatform(db, (tx) => findTenantByDomain(tx, 'a.example.ma')))?.id).toBe(a.id);
  });

  it('leads every key of a tenant-owned table with tenant_id', async () => {
    const { rows } = await sql<{ table: string; constraint: string; first: string }>`
      select c.relname as table, con.conname as constraint, a.attname as first
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
      where con.contype in ('p', 'u')
        and exists (select from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id')
        and c.relnamespace = 'public'::regnamespace`.execute(db.kysely);
    const owned = rows.filter((r) => !SHARED_TABLES_WITH_TENANT_ID.includes(r.table));
    expect(owned.length).toBeGreaterThan(0);
    for (const key of owned) expect(key.first, `${key.table}.${key.constraint}`).toBe('tenant_id');
  });

  it('runs requests as a role that is no superuser, cannot bypass RLS and owns nothing', async () => {
    await expect(assertRequestRoleIsSafe(db)).resolves.toBeUndefined();
    const { rows } = await withPlatform(db, (tx) => sql<{ u: string }>`select current_user as u`.execute(tx));
    expect(rows[0]?.u).toBe('jamaa_app');
  });
});

describe('start-up refuses an unsafe request role', () => {
  it('throws when jamaa_app could bypass row-level security (PGlite, isolated instance)', async () => {
    const db = await newTestDatabase('pglite');
    try {
      await sql`alter role jamaa_app bypassrls`.execute(db.kysely);
      await expect(assertRequestRoleIsSafe(db)).rejects.toThrow(/refusing to serve/);
    } finally {
      await db.dispose();
    }
  });
});
