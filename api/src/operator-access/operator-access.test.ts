import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, DAY, errorCode, hostOf, newStaffUser, signIn, testClock } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { OperatorAccess, OperatorAccessGrant, OperatorComplaints } from './operator-access.schemas.ts';

const REASON = 'Ticket 2026-118 : une habitante ne retrouve pas sa réclamation';

/** A complaint as the complaints module stores it, with a resident's text, place and contact. */
async function file(t: TestApp, tenant: TenantRow, n: number, at: Date): Promise<void> {
  await withTenant(t.db, { id: tenant.id }, (tx) =>
    tx
      .insertInto('complaints')
      .values({
        tenant_id: tenant.id,
        tracking: `${tenant.slug.toUpperCase()}-2026-${String(n).padStart(6, '0')}`,
        year: 2026,
        number: n,
        access_token_hash: `${tenant.slug.length}${n}`.padStart(64, '0'),
        category: 'lighting',
        description: 'Lampadaire en panne devant chez Fatima Zahra',
        address: '12 rue des Oliviers',
        latitude: 33.5731,
        longitude: -7.5898,
        contact_name: 'Fatima Zahra',
        contact_email: 'fatima@example.ma',
        contact_phone: '+212600000000',
        locale: 'fr',
        channel: 'web',
        state: 'received',
        deadline_days: 60,
        due_at: new Date(at.getTime() + 60 * DAY),
        due_date: new Date(at.getTime() + 60 * DAY).toISOString().slice(0, 10),
        created_at: at,
        updated_at: at,
      } as never)
      .execute(),
  );
}

describe.each(DATABASE_KINDS)("the operator's access to residents' personal data (%s)", (kind) => {
  const clock = testClock(new Date('2026-12-07T09:00:00Z'));
  let t: TestApp;
  let alpha: TenantRow;
  let beta: TenantRow;
  let adminCookie: string;
  let editorCookie: string;
  let betaAdminCookie: string;
  let operatorCookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    alpha = await newTenant(t.db, { slug: 'alpha' });
    beta = await newTenant(t.db, { slug: 'beta' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: alpha, role: 'administrator' }] });
    const editor = await newStaffUser(t.db, { memberships: [{ tenant: alpha, role: 'editor' }] });
    const betaAdmin = await newStaffUser(t.db, { memberships: [{ tenant: beta, role: 'administrator' }] });
    const operator = await newStaffUser(t.db, { operator: true });
    adminCookie = await signIn(t.app, hostOf(alpha), admin.email);
    editorCookie = await signIn(t.app, hostOf(alpha), editor.email);
    betaAdminCookie = await signIn(t.app, hostOf(beta), betaAdmin.email);
    operatorCookie = await signIn(t.app, 'localhost', operator.email, { clock: clock.now });
    await file(t, alpha, 1, new Date('2026-12-01T10:00:00Z'));
    await file(t, alpha, 2, new Date('2026-12-02T10:00:00Z'));
    await file(t, beta, 1, new Date('2026-12-03T10:00:00Z'));
  });
  afterAll(() => t.dispose());

  const grant = (body: unknown, cookie = adminCookie, tenant = alpha) => call(t.app, 'POST', hostOf(tenant), '/api/v1/admin/operator-access', { cookie, body });
  const revoke = (id: string, cookie = adminCookie) => call(t.app, 'POST', hostOf(alpha), `/api/v1/admin/operator-access/${id}/revoke`, { cookie });
  const access = async (cookie = adminCookie, tenant = alpha) => {
    const res = await call(t.app, 'GET', hostOf(tenant), '/api/v1/admin/operator-access', { cookie });
    expect(res.status).toBe(200);
    return (await res.json()) as OperatorAccess;
  };
  const operatorView = async (tenant: TenantRow) => {
    const res = await call(t.app, 'GET', 'localhost', `/api/v1/operator/tenants/${tenant.id}/complaints`, { cookie: operatorCookie });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as OperatorComplaints;
  };
  const auditOf = (tenant: TenantRow, action: string) =>
    withTenant(t.db, { id: tenant.id }, (tx) =>
      tx.selectFrom('audit_log').select(['action', 'actor_email', 'target_id', 'after']).where('tenant_id', '=', tenant.id).where('action', '=', action).orderBy('at').execute(),
    );

  it('shows the operator complaints without personal data while no grant is in force, and records no read', async () => {
    const view = await operatorView(alpha);
    expect(view.access).toEqual({ granted: false, until: null, reason: null });
    expect(view.total).toBe(2);
    expect(view.categories.length, "the platform's default categories, to name each complaint's").toBeGreaterThan(0);
    expect(view.complaints.map((c) => c.tracking)).toEqual(['ALPHA-2026-000002', 'ALPHA-2026-000001']);
    expect(view.complaints[0]).toMatchObject({ category: 'lighting', state: 'received', dueDate: '2027-01-31', overdue: false, personal: null });
    const body = JSON.stringify(view);
    for (const secret of ['Fatima', 'fatima@example.ma', '+212600000000', 'Oliviers', 'Lampadaire', '33.57']) expect(body).not.toContain(secret);
    expect(await auditOf(alpha, 'operator_access.personal_data_read')).toEqual([]);
  });

  it('refuses a grant to anyone but an administrator, and a reason or duration out of bounds', async () => {
    const byEditor = await grant({ reason: REASON, days: 7 }, editorCookie);
    expect(byEditor.status).toBe(403);
    for (const body of [{ reason: 'court', days: 7 }, { reason: REASON, days: 0 }, { reason: REASON, days: 31 }, { reason: 'x'.repeat(501), days: 3 }, { reason: REASON }]) {
      const refused = await grant(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(await errorCode(refused)).toBe('VALIDATION_FAILED');
    }
    expect((await access()).grants).toEqual([]);
  });

  it("lets an administrator grant access for a chosen number of days; the operator then sees personal data, and each read is in the tenant's audit log", async () => {
    const res = await grant({ reason: `  ${REASON}  `, days: 7 });
    expect(res.status).toBe(201);
    const given = (await res.json()) as OperatorAccessGrant;
    expect(given).toMatchObject({ reason: REASON, state: 'active', startsAt: '2026-12-07T09:00:00.000Z', endsAt: '2026-12-14T09:00:00.000Z', revokedAt: null, revokedBy: null });
    expect((await access()).current?.id).toBe(given.id);
    const granted = await auditOf(alpha, 'operator_access.granted');
    expect(granted).toEqual([expect.objectContaining({ target_id: given.id, after: expect.objectContaining({ days: 7, endsAt: '2026-12-14T09:00:00.000Z' }) })]);

    const view = await operatorView(alpha);
    expect(view.access).toEqual({ granted: true, until: '2026-12-14T09:00:00.000Z', reason: REASON });
    expect(view.complaints[0]?.personal).toEqual({
      description: 'Lampadaire en panne devant chez Fatima Zahra',
      address: '12 rue des Oliviers',
      landmark: null,
      latitude: 33.5731,
      longitude: -7.5898,
      anonymous: false,
      contactName: 'Fatima Zahra',
      contactEmail: 'fatima@example.ma',
      contactPhone: '+212600000000',
    });
    await operatorView(alpha);
    const reads = await auditOf(alpha, 'operator_access.personal_data_read');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ target_id: given.id, after: { records: 2, view: 'complaints' } });
    expect(reads[0]?.actor_email).toMatch(/@/);
  });

  it("gives nothing on another tenant: beta's complaints stay without personal data, and beta's log records no read", async () => {
    const view = await operatorView(beta);
    expect(view.access.granted).toBe(false);
    expect(view.complaints).toHaveLength(1);
    expect(view.complaints[0]?.personal).toBeNull();
    expect(await auditOf(beta, 'operator_access.personal_data_read')).toEqual([]);
    // Beta's administrator does not see alpha's grant, and cannot revoke it (another tenant's id is not found).
    expect((await access(betaAdminCookie, beta)).grants).toEqual([]);
    const alphaGrant = (await access()).current;
    const cross = await call(t.app, 'POST', hostOf(beta), `/api/v1/admin/operator-access/${alphaGrant?.id}/revoke`, { cookie: betaAdminCookie });
    expect(cross.status).toBe(404);
    expect((await access()).current?.state).toBe('active');
  });

  it('allows one grant at a time (409 OPERATOR_ACCESS_ACTIVE)', async () => {
    const again = await grant({ reason: REASON, days: 2 });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('OPERATOR_ACCESS_ACTIVE');
    expect((await access()).grants).toHaveLength(1);
  });

  it('ends by the clock: after its last day the operator sees no personal data, and it cannot be revoked (409 OPERATOR_ACCESS_ENDED)', async () => {
    const current = (await access()).current;
    clock.advance(7 * DAY - 1000);
    expect((await operatorView(alpha)).access.granted).toBe(true);
    clock.advance(1000);
    const view = await operatorView(alpha);
    expect(view.access).toEqual({ granted: false, until: null, reason: null });
    expect(view.complaints.every((c) => c.personal === null)).toBe(true);
    const state = await access();
    expect(state.current).toBeNull();
    expect(state.grants[0]).toMatchObject({ id: current?.id, state: 'expired' });
    const late = await revoke(current?.id ?? '');
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('OPERATOR_ACCESS_ENDED');
  });

  it('is revoked early by an administrator, audited; revoking twice is 409, and the operator sees no personal data again', async () => {
    const res = await grant({ reason: REASON, days: 30 });
    expect(res.status).toBe(201);
    const given = (await res.json()) as OperatorAccessGrant;
    expect((await operatorView(alpha)).access.granted).toBe(true);
    clock.advance(60 * 60 * 1000);
    expect((await revoke(given.id, editorCookie)).status).toBe(403);
    const revoked = await revoke(given.id);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: given.id, state: 'revoked', revokedAt: clock.now().toISOString(), revokedBy: { email: expect.stringMatching(/@/) } });
    expect(await auditOf(alpha, 'operator_access.revoked')).toEqual([expect.objectContaining({ target_id: given.id })]);
    const twice = await revoke(given.id);
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('OPERATOR_ACCESS_ENDED');
    expect((await operatorView(alpha)).complaints.every((c) => c.personal === null)).toBe(true);
    // A new grant is possible once none is in force.
    expect((await grant({ reason: REASON, days: 1 })).status).toBe(201);
    expect((await access()).grants.map((g) => g.state)).toEqual(['active', 'revoked', 'expired']);
  });

  it("answers 404 for a tenant that does not exist, and refuses a tenant's administrator", async () => {
    const none = await call(t.app, 'GET', 'localhost', '/api/v1/operator/tenants/00000000-0000-4000-8000-000000000000/complaints', { cookie: operatorCookie });
    expect(none.status).toBe(404);
    // A tenant's administrator is no operator.
    expect((await call(t.app, 'GET', hostOf(alpha), `/api/v1/operator/tenants/${alpha.id}/complaints`, { cookie: adminCookie })).status).toBe(403);
  });
});
