import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DAY, hostOf, newStaffUser, signIn, testClock, type TestStaff } from '../testing/staff.ts';
import { findCurrentVersion, upsertOffering } from '../catalogue/catalogue.repository.ts';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { StaffRole, TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { updateComplaint } from '../complaints/complaints.repository.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { Dashboard } from './dashboard.schemas.ts';

describe.each(DATABASE_KINDS)('staff dashboard (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let city: TenantRow;
  let other: TenantRow;
  const staff = new Map<StaffRole, TestStaff>();
  const cookies = new Map<StaffRole, string>();

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    for (const role of ['administrator', 'editor', 'agent', 'supervisor'] as const) {
      const user = await newStaffUser(t.db, { displayName: `The ${role}`, memberships: [{ tenant: city, role }] });
      staff.set(role, user);
      cookies.set(role, await signIn(t.app, hostOf(city), user.email));
    }
    // Someone who did enable a second factor, and someone of another tenant without one.
    await newStaffUser(t.db, { totpSecret: new Uint8Array(20).fill(9), memberships: [{ tenant: city, role: 'editor' }] });
    await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] });

    // One invitation lapses, one is still open, one is withdrawn.
    const invite = (email: string) => call(t.app, 'POST', hostOf(city), '/api/v1/admin/users', { cookie: cookies.get('administrator') ?? null, body: { email, role: 'editor' } });
    await invite('late@example.ma');
    clock.advance(8 * DAY);
    cookies.set('administrator', await signIn(t.app, hostOf(city), staff.get('administrator')?.email ?? ''));
    await invite('open@example.ma');
    const withdrawn = (await (await invite('gone@example.ma')).json()) as { invitation: { id: string } };
    await call(t.app, 'DELETE', hostOf(city), `/api/v1/admin/invitations/${withdrawn.invitation.id}`, { cookie: cookies.get('administrator') ?? null });

    // A national card changed under an override (as publishing a new version would flag it).
    await withTenant(t.db, { id: city.id }, async (tx) => {
      const version = await findCurrentVersion(tx);
      if (!version) throw new Error('no catalogue');
      await upsertOffering(tx, 'signature-legalisation', { enabled: null, overrides: { cost: { kind: 'fixed', amountMad: 2 } }, baseVersionId: version.id, reviewFields: ['cost'] });
      await upsertOffering(tx, 'access-to-information', { enabled: false, overrides: {}, baseVersionId: version.id, reviewFields: [] });
    });
  });
  afterAll(() => t.dispose());

  const dashboard = async (role: StaffRole) => {
    const res = await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: cookies.get(role) ?? null });
    expect(res.status).toBe(200);
    return (await res.json()) as Dashboard;
  };

  it('shows an administrator invitations, members without a second factor, reviews, undelivered mail and the latest audit entries', async () => {
    const d = await dashboard('administrator');
    expect(d.role).toBe('administrator');
    expect(d.invitations).toMatchObject({ pending: 1, expired: 1, expiredLatest: [{ email: 'late@example.ma', role: 'editor' }] });
    expect(d.membersWithoutSecondFactor?.count).toBe(4);
    expect(d.membersWithoutSecondFactor?.members.map((m) => m.displayName).sort()).toEqual(['The administrator', 'The agent', 'The editor', 'The supervisor']);
    expect(d.catalogueReview).toEqual({
      count: 1,
      services: [{ code: 'signature-legalisation', names: expect.objectContaining({ fr: expect.any(String), ar: expect.any(String) }), fields: ['cost'] }],
    });
    expect(d.outbox).toEqual({ undelivered: 3, mailer: 'outbox' });
    expect(d.operatorAccess).toBeNull();
    expect(d.recentAudit?.length).toBeLessThanOrEqual(10);
    expect(d.recentAudit?.[0]?.action).toBe('staff.invitation_revoked');
    expect(d.recentAudit?.map((e) => e.action)).toContain('staff.invited');
    expect(d.requests).toEqual({ received: 0, open: 0, overdue: 0, dueWithinWeek: 0, mine: null });
  });

  it('stops counting a member once disabled', async () => {
    const agent = staff.get('agent');
    await call(t.app, 'POST', hostOf(city), `/api/v1/admin/users/${agent?.id}/disable`, { cookie: cookies.get('administrator') ?? null });
    expect((await dashboard('administrator')).membersWithoutSecondFactor?.members.map((m) => m.displayName)).not.toContain('The agent');
  });

  it('shows an editor only the catalogue overrides to review', async () => {
    const d = await dashboard('editor');
    expect(d).toEqual({
      role: 'editor',
      invitations: null,
      membersWithoutSecondFactor: null,
      catalogueReview: expect.objectContaining({ count: 1 }),
      outbox: null,
      operatorAccess: null,
      recentAudit: null,
      requests: null,
    });
  });

  it('gives a supervisor only the requests section', async () => {
    expect(await dashboard('supervisor')).toEqual({
      role: 'supervisor',
      invitations: null,
      membersWithoutSecondFactor: null,
      catalogueReview: null,
      outbox: null,
      operatorAccess: null,
      recentAudit: null,
      requests: { received: 0, open: 0, overdue: 0, dueWithinWeek: 0, mine: null },
    });
  });

  it("counts complaints as the queue each count links to holds them: received, open, overdue, due within a week, an agent's own in its department", async () => {
    const file = async (category: string) => {
      const res = await call(t.app, 'POST', hostOf(city), '/api/v1/complaints', { origin: null, body: { category, description: 'Trou', latitude: 33.57, longitude: -7.59, locale: 'fr' } });
      expect(res.status).toBe(201);
      const { tracking } = (await res.json()) as { tracking: string };
      return (await t.db.kysely.selectFrom('complaints').select('id').where('tracking', '=', tracking).where('tenant_id', '=', city.id).executeTakeFirstOrThrow()).id;
    };
    const [mine, closed, waiting, fresh] = [await file('roads'), await file('roads'), await file('noise'), await file('noise')];
    // The first agent was disabled above: another one, of the civil-status department.
    const agent = await newStaffUser(t.db, { displayName: 'Another agent', memberships: [{ tenant: city, role: 'agent', department: 'civil-status' }] });
    cookies.set('agent', await signIn(t.app, hostOf(city), agent.email));
    const past = new Date(clock.now().getTime() - DAY);
    await withTenant(t.db, { id: city.id }, async (tx) => {
      await updateComplaint(tx, mine, { state: 'assigned', department: 'civil-status', assignee_id: agent.id, due_at: past });
      await updateComplaint(tx, closed, { state: 'resolved', closed_at: clock.now(), due_at: past });
      await updateComplaint(tx, waiting, { due_at: past });
      await updateComplaint(tx, fresh, { due_at: new Date(clock.now().getTime() + 3 * DAY) });
    });
    // And one on another tenant, which counts nowhere here.
    await call(t.app, 'POST', hostOf(other), '/api/v1/complaints', { origin: null, body: { category: 'roads', description: 'Ailleurs', latitude: 35.57, longitude: -5.37, locale: 'fr' } });

    const queueTotal = async (role: StaffRole, query: string) => {
      const res = await call(t.app, 'GET', hostOf(city), `/api/v1/admin/complaints?${query}`, { cookie: cookies.get(role) ?? null });
      return ((await res.json()) as { total: number }).total;
    };
    const admin = (await dashboard('administrator')).requests;
    expect(admin).toEqual({ received: 2, open: 3, overdue: 2, dueWithinWeek: 3, mine: null });
    expect((await dashboard('supervisor')).requests).toEqual(admin);
    const agentView = (await dashboard('agent')).requests;
    expect(agentView).toEqual({ received: 0, open: 1, overdue: 1, dueWithinWeek: 1, mine: 1 });
    expect((await dashboard('editor')).requests).toBeNull();

    // Each count is what the queue it links to lists.
    for (const [role, view] of [['administrator', admin], ['agent', agentView]] as const) {
      expect(await queueTotal(role, 'state=received')).toBe(view?.received);
      expect(await queueTotal(role, 'state=open')).toBe(view?.open);
      expect(await queueTotal(role, 'state=open&deadline=overdue')).toBe(view?.overdue);
      expect(await queueTotal(role, 'state=open&deadline=week')).toBe(view?.dueWithinWeek);
    }
    expect(await queueTotal('agent', 'state=open&mine=true')).toBe(agentView?.mine);
  });

  it("tells administrators, and only them, while the operator may read residents' personal data: until when and why, gone once revoked or over", async () => {
    const admin = cookies.get('administrator') ?? null;
    const reason = 'Support ticket 2026-118: a resident cannot find her complaint';
    const granted = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/operator-access', { cookie: admin, body: { reason, days: 3 } });
    expect(granted.status).toBe(201);
    const grant = (await granted.json()) as { id: string; endsAt: string };
    expect((await dashboard('administrator')).operatorAccess).toEqual({ endsAt: grant.endsAt, reason });
    expect((await dashboard('supervisor')).operatorAccess).toBeNull();
    expect((await dashboard('editor')).operatorAccess).toBeNull();

    expect((await call(t.app, 'POST', hostOf(city), `/api/v1/admin/operator-access/${grant.id}/revoke`, { cookie: admin })).status).toBe(200);
    expect((await dashboard('administrator')).operatorAccess).toBeNull();

    // A grant that runs out leaves the dashboard by itself.
    const again = (await (await call(t.app, 'POST', hostOf(city), '/api/v1/admin/operator-access', { cookie: admin, body: { reason, days: 1 } })).json()) as { endsAt: string };
    expect((await dashboard('administrator')).operatorAccess?.endsAt).toBe(again.endsAt);
    clock.advance(DAY + 1000);
    cookies.set('administrator', await signIn(t.app, hostOf(city), staff.get('administrator')?.email ?? ''));
    expect((await dashboard('administrator')).operatorAccess).toBeNull();
  });
});
