import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { actAsTenant, withPlatform, withProvisioning, withTenant, type AnyTx } from './unit-of-work.ts';

/** The tenant and read scope the session runs as, as PostgreSQL itself sees them. */
async function sessionTenant(tx: AnyTx): Promise<{ id: string; scope: string[] }> {
  const { rows } = await sql<{ id: string; scope: string | null }>`
    select current_setting('app.tenant_id') as id,
      array_to_string(nullif(current_setting('app.tenant_scope', true), '')::uuid[], ',') as scope`.execute(tx);
  const row = rows[0]!;
  return { id: row.id, scope: row.scope ? row.scope.split(',') : [] };
}

describe.each(DATABASE_KINDS)('the unit of work carries its tenant (%s)', (kind) => {
  let db: TestDatabase;
  let commune: TenantRow;
  let arrondissement: TenantRow;
  let other: TenantRow;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    commune = await newTenant(db, { slug: 'uow-commune' });
    arrondissement = await newTenant(db, { parent: commune, slug: 'uow-arr' });
    other = await newTenant(db, { slug: 'uow-other' });
  });
  afterAll(() => db.dispose());

  it("gives withTenant a handle whose tenant is the session's", async () => {
    const seen = await withTenant(db, { id: arrondissement.id, readable: [commune.id] }, async (tx) => ({
      handle: { id: tx.tenantId, readable: [...tx.readable] },
      session: await sessionTenant(tx),
    }));
    expect(seen.handle).toEqual({ id: arrondissement.id, readable: [commune.id] });
    expect(seen.session.id).toBe(arrondissement.id);
    expect(seen.session.scope).toContain(commune.id);
  });

  it('runs withTenant as the request role, and refuses an id that is not a UUID before anything runs', async () => {
    const role = await withTenant(db, { id: other.id }, async (tx) => (await sql<{ r: string }>`select current_user as r`.execute(tx)).rows[0]?.r);
    expect(role).toBe('jamaa_app');
    const sneaky = `${other.id}'::uuid, '{}'::uuid[]); drop table tenants; --`;
    await expect(withTenant(db, { id: sneaky }, async () => 1)).rejects.toThrow();
    await expect(withTenant(db, { id: other.id, readable: ["x'); select 1; --"] }, async () => 1)).rejects.toThrow();
    expect(await withPlatform(db, async (tx) => (await tx.selectFrom('tenants').select('id').where('id', '=', other.id).execute()).length)).toBe(1);
  });

  it('returns a new handle from actAsTenant, naming the new tenant, and leaves the old handle as it was', async () => {
    const seen = await withTenant(db, { id: commune.id }, async (tx) => {
      const asOther = await actAsTenant(tx, { id: other.id });
      const session = await sessionTenant(asOther);
      return { same: asOther === tx, oldId: tx.tenantId, newId: asOther.tenantId, readable: [...asOther.readable], session };
    });
    expect(seen.same).toBe(false);
    expect(seen.oldId).toBe(commune.id);
    expect(seen.newId).toBe(other.id);
    expect(seen.readable).toEqual([]);
    expect(seen.session.id).toBe(other.id);
  });

  it('runs the new handle in the same transaction: what it writes is rolled back with the rest', async () => {
    await expect(
      withTenant(db, { id: commune.id }, async (tx) => {
        const asOther = await actAsTenant(tx, { id: other.id });
        await asOther.insertInto('site_texts').values({ tenant_id: other.id, key: 'home.welcome', value: JSON.stringify({ fr: 'annulé' }) }).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const rows = await withTenant(db, { id: other.id }, (tx) => tx.selectFrom('site_texts').select('key').execute());
    expect(rows).toEqual([]);
  });

  it('lets a provisioning transaction act as a tenant with a handle that names it', async () => {
    const seen = await withProvisioning(db, async (tx) => {
      const asCommune = await actAsTenant(tx, { id: commune.id, readable: [arrondissement.id] });
      return { id: asCommune.tenantId, session: await sessionTenant(asCommune) };
    });
    expect(seen.id).toBe(commune.id);
    expect(seen.session).toEqual({ id: commune.id, scope: [arrondissement.id] });
  });

  it('sets no tenant on a platform transaction', async () => {
    const id = await withPlatform(db, async (tx) => {
      const { rows } = await sql<{ id: string | null }>`select nullif(current_setting('app.tenant_id', true), '') as id`.execute(tx);
      return rows[0]?.id ?? null;
    });
    expect(id).toBeNull();
  });
});
