import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';

describe.each(DATABASE_KINDS)('deleting a tenant is possible (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await newTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  // Tenant deletion runs as jamaa_provisioner and deletes table by table: every tenant-owned table
  // (every table of `public` with a tenant_id column, whoever added it) must let it delete.
  it('grants DELETE on every tenant-owned table, and on tenants, to jamaa_provisioner', async () => {
    const { rows } = await sql<{ name: string; can_delete: boolean }>`
      select c.relname::text as name, has_table_privilege('jamaa_provisioner', c.oid, 'DELETE') as can_delete
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and (c.relname = 'tenants' or exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
       order by 1`.execute(db.kysely);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !r.can_delete).map((r) => r.name)).toEqual([]);
  });
});
