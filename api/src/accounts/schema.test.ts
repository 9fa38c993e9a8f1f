import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { findSessionWithAccess } from '../sessions/sessions.repository.ts';
import { createSession } from '../sessions/sessions.service.ts';
import { newStaffUser } from '../testing/staff.ts';
import { hashToken } from '../sessions/tokens.ts';

const SHARED = ['staff_users', 'staff_recovery_codes', 'platform_roles', 'login_throttle', 'password_resets'];
const TENANT_OWNED = ['memberships', 'sessions', 'invitations', 'audit_log', 'mail_outbox'];

describe.each(DATABASE_KINDS)('staff account tables (%s)', (kind) => {
  let db: TestDatabase;
  let a: TenantRow;
  let b: TenantRow;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    a = await newTenant(db, { slug: 'a' });
    b = await newTenant(db, { slug: 'b' });
  });
  afterAll(() => db.dispose());

  it('keep platform-wide values in shared tables without tenant_id, and tenant_id in every tenant-owned one', async () => {
    const { rows } = await sql<{ table: string }>`
      select table_name as table from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id'`.execute(db.kysely);
    const withTenantId = rows.map((r) => r.table);
    for (const table of SHARED) expect(withTenantId, table).not.toContain(table);
    for (const table of TENANT_OWNED) expect(withTenantId, table).toContain(table);
  });

  it("hide a tenant's sessions from another tenant's unit of work, even asked by id", async () => {
    const user = await newStaffUser(db, { memberships: [{ tenant: a, role: 'editor' }] });
    const { token } = await withTenant(db, { id: a.id }, (tx) =>
      createSession(tx, { tenantId: a.id, userId: user.id, generation: 0, twoFactorVerified: true, ip: null, now: new Date(), policy: { days: 30 } }),
    );
    const id = hashToken(token);
    expect(await withTenant(db, { id: a.id }, (tx) => findSessionWithAccess(tx, id))).toMatchObject({ user_id: user.id, role: 'editor' });
    expect(await withTenant(db, { id: b.id }, (tx) => findSessionWithAccess(tx, id))).toBeUndefined();
    const { rows } = await withPlatform(db, (tx) => sql`select id from sessions`.execute(tx));
    expect(rows).toEqual([]);
  });

  it('store e-mails in lower case, one account per address', async () => {
    await expect(withPlatform(db, (tx) => sql`insert into staff_users (email, display_name, password_hash, password_changed_at) values ('Upper@Example.ma', 'U', 'x', now())`.execute(tx))).rejects.toThrow(
      /check constraint/,
    );
    const user = await newStaffUser(db);
    await expect(newStaffUser(db, { email: user.email })).rejects.toThrow(/unique|duplicate/);
  });

  it('require a department for agents, and only for them', async () => {
    const user = await newStaffUser(db);
    const insert = (role: string, department: string | null) =>
      withTenant(db, { id: a.id }, (tx) => sql`insert into memberships (tenant_id, user_id, role, department) values (${a.id}, ${user.id}, ${role}, ${department})`.execute(tx));
    await expect(insert('agent', null)).rejects.toThrow(/check constraint/);
    await expect(insert('editor', 'roads')).rejects.toThrow(/check constraint/);
  });
});
