import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { listOutboxMessages } from '../mail/outbox.repository.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { Member, StaffList } from './accounts.schemas.ts';
import { call, DAY, errorCode, hostOf, MINUTE, newStaffUser, signIn, TEST_PASSWORD, testClock, type TestStaff } from '../testing/staff.ts';

describe.each(DATABASE_KINDS)('staff of a tenant (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let anfa: TenantRow;
  let other: TenantRow;
  let admin: TestStaff;
  let cookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', locales: ['ar', 'fr', 'zgh'], names: { ar: 'الدار البيضاء', fr: 'Casablanca' } });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    admin = await newStaffUser(t.db, { displayName: 'Amina', memberships: [{ tenant: city, role: 'administrator' }] });
    cookie = await signIn(t.app, hostOf(city), admin.email);
  });
  afterAll(() => t.dispose());

  const host = () => hostOf(city);
  const asAdmin = (method: string, path: string, body?: unknown) => call(t.app, method, host(), path, { cookie, ...(body === undefined ? {} : { body }) });
  const outbox = (tenant: TenantRow) => withTenant(t.db, { id: tenant.id }, (tx) => listOutboxMessages(tx, tenant.id, 100));
  /** With no mail server, an invitation's full text is held in the platform's outbox (the operator's), newest first. */
  const heldMail = async (email: string) => (await outbox(platform)).find((m) => m.to_address === email);
  const tokenFor = async (tenant: TenantRow, email: string) => {
    const mail = await heldMail(email);
    return mail?.body_text.match(new RegExp(`^http://${tenant.slug}\\.[a-z.]*localhost:3000/[a-z]+/admin/invitation/([a-z2-7]{32})$`, 'm'))?.[1] ?? '';
  };
  const audit = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).orderBy('id').execute());

  it('invites by e-mail; the link (in Arabic, the default) creates the account and the membership, once', async () => {
    const invited = await asAdmin('POST', '/api/v1/admin/users', { email: 'Youssef@Example.ma', role: 'agent', department: 'civil-status' });
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({ delivered: true, invitation: { email: 'youssef@example.ma', role: 'agent', department: 'civil-status', invitedBy: admin.email } });
    // The tenant's outbox keeps a trace without the link; the full text is in the platform's.
    expect((await outbox(city)).find((m) => m.to_address === 'youssef@example.ma')).toMatchObject({
      subject: 'دعوة للانضمام إلى فضاء إدارة الدار البيضاء',
      body_text: '',
      secret: true,
      status: 'held',
    });
    const mail = await heldMail('youssef@example.ma');
    expect(mail?.subject).toBe('دعوة للانضمام إلى فضاء إدارة الدار البيضاء');
    expect(mail?.body_text).toContain('يدعوكم Amina');
    expect(mail?.body_text).toMatch(/http:\/\/casablanca\.localhost:3000\/ar\/admin\/invitation\/[a-z2-7]{32}/);
    const token = await tokenFor(city, 'youssef@example.ma');

    const details = await call(t.app, 'GET', host(), `/api/v1/admin/invitations/${token}`);
    expect(await details.json()).toMatchObject({ email: 'youssef@example.ma', role: 'agent', accountExists: false, tenant: { slug: 'casablanca' } });
    // Not on another tenant's host.
    expect((await call(t.app, 'GET', hostOf(other), `/api/v1/admin/invitations/${token}`)).status).toBe(404);

    const noName = await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD } });
    expect(await noName.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'displayName', code: 'required' }] } });
    expect(await errorCode(await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: 'password1234', displayName: 'Y' } }))).toBe(
      'PASSWORD_TOO_COMMON',
    );
    const accepted = await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD, displayName: 'Youssef' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ email: 'youssef@example.ma', accountCreated: true });

    const session = await signIn(t.app, host(), 'youssef@example.ma');
    expect(await (await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: session })).json()).toMatchObject({ role: 'agent', department: 'civil-status' });
    const again = await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD, displayName: 'Youssef' } });
    expect(again.status).toBe(410);
    expect(await errorCode(again)).toBe('INVITATION_USED');
    expect((await audit(city)).map((a) => a.action)).toEqual(expect.arrayContaining(['staff.invited', 'staff.invitation_accepted']));
  });

  it('lets an invitation lapse after seven days', async () => {
    await asAdmin('POST', '/api/v1/admin/users', { email: 'late@example.ma', role: 'editor' });
    const token = await tokenFor(city, 'late@example.ma');
    clock.advance(7 * DAY + MINUTE);
    const details = await call(t.app, 'GET', host(), `/api/v1/admin/invitations/${token}`);
    expect(details.status).toBe(410);
    expect(await errorCode(details)).toBe('INVITATION_EXPIRED');
    expect(await errorCode(await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD, displayName: 'L' } }))).toBe(
      'INVITATION_EXPIRED',
    );
  });

  it('replaces a pending invitation when the same address is invited again', async () => {
    await asAdmin('POST', '/api/v1/admin/users', { email: 'twice@example.ma', role: 'editor' });
    const first = await tokenFor(city, 'twice@example.ma');
    await asAdmin('POST', '/api/v1/admin/users', { email: 'twice@example.ma', role: 'supervisor' });
    const replaced = await call(t.app, 'GET', host(), `/api/v1/admin/invitations/${first}`);
    expect(replaced.status).toBe(410);
    expect(await errorCode(replaced)).toBe('INVITATION_REVOKED');
    const list = (await (await asAdmin('GET', '/api/v1/admin/users')).json()) as StaffList;
    expect(list.invitations.filter((i) => i.email === 'twice@example.ma')).toMatchObject([{ role: 'supervisor' }]);
  });

  it('withdraws a pending invitation: its link no longer works, and the withdrawal is audited', async () => {
    const invited = (await (await asAdmin('POST', '/api/v1/admin/users', { email: 'withdrawn@example.ma', role: 'editor' })).json()) as {
      invitation: { id: string };
    };
    const token = await tokenFor(city, 'withdrawn@example.ma');
    const revoked = await asAdmin('DELETE', `/api/v1/admin/invitations/${invited.invitation.id}`);
    expect(revoked.status).toBe(204);
    for (const method of ['GET', 'POST']) {
      const res = await call(t.app, method, host(), `/api/v1/admin/invitations/${token}`, method === 'POST' ? { body: { password: TEST_PASSWORD, displayName: 'W' } } : {});
      expect(res.status).toBe(410);
      expect(await errorCode(res)).toBe('INVITATION_REVOKED');
    }
    const list = (await (await asAdmin('GET', '/api/v1/admin/users')).json()) as StaffList;
    expect(list.invitations.map((i) => i.email)).not.toContain('withdrawn@example.ma');
    expect((await audit(city)).findLast((a) => a.action === 'staff.invitation_revoked')).toMatchObject({
      actor_id: admin.id,
      target_type: 'invitation',
      target_id: invited.invitation.id,
      target_label: 'withdrawn@example.ma',
      before: { email: 'withdrawn@example.ma', role: 'editor' },
      after: null,
    });
    // Twice: nothing more happens.
    expect((await asAdmin('DELETE', `/api/v1/admin/invitations/${invited.invitation.id}`)).status).toBe(204);
    expect((await audit(city)).filter((a) => a.action === 'staff.invitation_revoked' && a.target_id === invited.invitation.id)).toHaveLength(1);
  });

  it("cannot withdraw an accepted invitation, nor another tenant's", async () => {
    const invited = (await (await asAdmin('POST', '/api/v1/admin/users', { email: 'kept@example.ma', role: 'editor' })).json()) as { invitation: { id: string } };
    const token = await tokenFor(city, 'kept@example.ma');
    await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD, displayName: 'Kept' } });
    const accepted = await asAdmin('DELETE', `/api/v1/admin/invitations/${invited.invitation.id}`);
    expect(accepted.status).toBe(410);
    expect(await errorCode(accepted)).toBe('INVITATION_USED');

    const stranger = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'administrator' }] });
    const strangerCookie = await signIn(t.app, hostOf(other), stranger.email);
    const invitedThere = (await (await call(t.app, 'POST', hostOf(other), '/api/v1/admin/users', { cookie: strangerCookie, body: { email: 'there@example.ma', role: 'editor' } })).json()) as {
      invitation: { id: string };
    };
    const res = await asAdmin('DELETE', `/api/v1/admin/invitations/${invitedThere.invitation.id}`);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('NOT_FOUND');
  });

  it('asks an existing account for its own password to accept, and keeps that password', async () => {
    const elsewhere = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] });
    await asAdmin('POST', '/api/v1/admin/users', { email: elsewhere.email, role: 'editor' });
    const token = await tokenFor(city, elsewhere.email);
    expect(await (await call(t.app, 'GET', host(), `/api/v1/admin/invitations/${token}`)).json()).toMatchObject({ accountExists: true });
    const wrong = await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: 'somebody else tried' } });
    expect(await errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    const ok = await call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD } });
    expect(await ok.json()).toEqual({ email: elsewhere.email, accountCreated: false });
    expect(await signIn(t.app, host(), elsewhere.email)).toMatch(/^jamaa_session=/);
    expect(await signIn(t.app, hostOf(other), elsewhere.email)).toMatch(/^jamaa_session=/);
  });

  it.each([
    ['a new account', false],
    ['an existing account', true],
  ])('lets one of several simultaneous acceptances of one invitation win (%s); the others get 410 INVITATION_USED, never 500', async (_, existing) => {
    const email = existing ? (await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] })).email : `race-${Date.now()}@example.ma`;
    await asAdmin('POST', '/api/v1/admin/users', { email, role: 'editor' });
    const token = await tokenFor(city, email);
    const body = existing ? { password: TEST_PASSWORD } : { password: TEST_PASSWORD, displayName: 'Racer' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => call(t.app, 'POST', host(), `/api/v1/admin/invitations/${token}`, { body })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410, 410]);
    for (const r of answers.filter((a) => a.status === 410)) expect(await errorCode(r)).toBe('INVITATION_USED');
    const accounts = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('staff_users').select('id').where('email', '=', email).execute());
    expect(accounts).toHaveLength(1);
    const accepted = (await audit(city)).filter((a) => a.action === 'staff.invitation_accepted' && a.target_label === email);
    expect(accepted).toHaveLength(1);
  });

  it('refuses to invite a current member, and an agent without a department', async () => {
    expect(await errorCode(await asAdmin('POST', '/api/v1/admin/users', { email: admin.email, role: 'editor' }))).toBe('ALREADY_MEMBER');
    const agent = await asAdmin('POST', '/api/v1/admin/users', { email: 'agent-x@example.ma', role: 'agent' });
    expect(await agent.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'department', code: 'required' }] } });
  });

  it('changes a role, audited with before and after; the new role applies on the next request', async () => {
    const editor = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const editorCookie = await signIn(t.app, host(), editor.email);
    expect((await call(t.app, 'GET', host(), '/api/v1/admin/users', { cookie: editorCookie })).status).toBe(403);
    const changed = await asAdmin('PATCH', `/api/v1/admin/users/${editor.id}`, { role: 'administrator', department: 'lighting' });
    expect(await changed.json()).toMatchObject({ userId: editor.id, role: 'administrator', department: null } satisfies Partial<Member>);
    expect((await call(t.app, 'GET', host(), '/api/v1/admin/users', { cookie: editorCookie })).status).toBe(200);
    const entry = (await audit(city)).findLast((a) => a.action === 'staff.role_changed');
    expect(entry).toMatchObject({
      actor_id: admin.id,
      actor_email: admin.email,
      target_type: 'staff',
      target_id: editor.id,
      target_label: editor.email,
      before: { role: 'editor', department: null },
      after: { role: 'administrator', department: null },
    });
    await asAdmin('PATCH', `/api/v1/admin/users/${editor.id}`, { role: 'editor' });
  });

  it("answers NOT_FOUND for another tenant's staff member", async () => {
    const stranger = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] });
    expect((await asAdmin('PATCH', `/api/v1/admin/users/${stranger.id}`, { role: 'supervisor' })).status).toBe(404);
    expect((await asAdmin('POST', `/api/v1/admin/users/${stranger.id}/disable`)).status).toBe(404);
  });

  it('disables a member: their sessions here end at once; enabling lets them sign in again', async () => {
    const member = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'supervisor' }, { tenant: anfa, role: 'editor' }] });
    const here = await signIn(t.app, host(), member.email);
    const onAnfa = await signIn(t.app, hostOf(anfa, city), member.email);
    const disabled = await asAdmin('POST', `/api/v1/admin/users/${member.id}/disable`);
    expect(await disabled.json()).toMatchObject({ disabled: true });
    expect((await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: here })).status).toBe(401);
    expect(await errorCode(await call(t.app, 'POST', host(), '/api/v1/auth/login', { body: { email: member.email, password: TEST_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
    // A membership disabled in Casablanca leaves the rights on Anfa alone.
    expect((await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/auth/me', { cookie: onAnfa })).status).toBe(200);
    await asAdmin('POST', `/api/v1/admin/users/${member.id}/enable`);
    expect(await signIn(t.app, host(), member.email)).toMatch(/^jamaa_session=/);
  });

  it('keeps at least one enabled administrator', async () => {
    const solo = await newTenant(t.db, { slug: 'solo' });
    const only = await newStaffUser(t.db, { memberships: [{ tenant: solo, role: 'administrator' }] });
    const soloCookie = await signIn(t.app, hostOf(solo), only.email);
    const demote = await call(t.app, 'PATCH', hostOf(solo), `/api/v1/admin/users/${only.id}`, { cookie: soloCookie, body: { role: 'editor' } });
    expect(demote.status).toBe(409);
    expect(await errorCode(demote)).toBe('LAST_ADMINISTRATOR');
    expect(await errorCode(await call(t.app, 'POST', hostOf(solo), `/api/v1/admin/users/${only.id}/disable`, { cookie: soloCookie }))).toBe('LAST_ADMINISTRATOR');
  });

  it("gives a Casablanca member rights on one of its arrondissements, signed in on that arrondissement's host", async () => {
    const member = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'supervisor' }] });
    expect(await errorCode(await call(t.app, 'POST', hostOf(anfa, city), '/api/v1/auth/login', { body: { email: member.email, password: TEST_PASSWORD } }))).toBe(
      'INVALID_CREDENTIALS',
    );
    const granted = await asAdmin('PUT', `/api/v1/admin/users/${member.id}/tenants/${anfa.id}`, { role: 'agent', department: 'roads' });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ role: 'supervisor', tenantRoles: [{ tenantId: anfa.id, slug: 'anfa', role: 'agent', department: 'roads' }] });
    const list = (await (await asAdmin('GET', '/api/v1/admin/users')).json()) as StaffList;
    expect(list.members.find((m) => m.userId === member.id)?.tenantRoles).toMatchObject([{ slug: 'anfa', role: 'agent' }]);

    const onAnfa = await signIn(t.app, hostOf(anfa, city), member.email);
    expect(await (await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/auth/me', { cookie: onAnfa })).json()).toMatchObject({ role: 'agent', department: 'roads' });
    expect((await audit(anfa)).map((a) => a.action)).toContain('staff.membership_granted');
    expect((await audit(city)).map((a) => a.action)).toContain('staff.membership_granted');

    // Only arrondissements of this commune.
    expect((await asAdmin('PUT', `/api/v1/admin/users/${member.id}/tenants/${other.id}`, { role: 'editor' })).status).toBe(404);

    const revoked = await asAdmin('DELETE', `/api/v1/admin/users/${member.id}/tenants/${anfa.id}`);
    expect(revoked.status).toBe(204);
    expect((await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/auth/me', { cookie: onAnfa })).status).toBe(401);
  });

  it('lists the staff with their state and the pending invitations', async () => {
    const list = (await (await asAdmin('GET', '/api/v1/admin/users')).json()) as StaffList;
    expect(list.members.find((m) => m.userId === admin.id)).toMatchObject({ email: admin.email, displayName: 'Amina', role: 'administrator', disabled: false, twoFactorEnabled: false });
    expect(list.invitations.every((i) => new Date(i.expiresAt).getTime() > clock.now().getTime())).toBe(true);
  });

  describe('the operator', () => {
    let operatorCookie: string;
    beforeAll(async () => {
      const operator = await newStaffUser(t.db, { operator: true });
      operatorCookie = await signIn(t.app, hostOf(platform), operator.email, { clock: clock.now });
    });
    const asOperator = (method: string, path: string, body?: unknown) =>
      call(t.app, method, 'localhost', path, { cookie: operatorCookie, ...(body === undefined ? {} : { body }) });

    it("invites a commune's first administrator; the link points to the commune's host", async () => {
      const fresh = await newTenant(t.db, { slug: 'ben-guerir', locales: ['fr', 'ar'] });
      const response = await asOperator('POST', `/api/v1/operator/tenants/${fresh.id}/invitations`, { email: 'first@ben-guerir.ma', role: 'administrator' });
      expect(response.status).toBe(201);
      const mail = await heldMail('first@ben-guerir.ma');
      expect(mail?.body_text).toMatch(/http:\/\/ben-guerir\.localhost:3000\/fr\/admin\/invitation\/[a-z2-7]{32}/);
      const token = await tokenFor(fresh, 'first@ben-guerir.ma');
      expect((await call(t.app, 'POST', hostOf(fresh), `/api/v1/admin/invitations/${token}`, { body: { password: TEST_PASSWORD, displayName: 'Premier' } })).status).toBe(200);
      expect((await audit(fresh)).map((a) => a.action)).toEqual(['staff.invited', 'staff.invitation_accepted']);
      expect((await audit(platform)).map((a) => a.action)).toContain('staff.invited');
      expect((await asOperator('POST', `/api/v1/operator/tenants/${platform.id}/invitations`, { email: 'x@y.ma', role: 'administrator' })).status).toBe(404);
    });

    it('disables an account: its sessions on every tenant end at once', async () => {
      const member = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }, { tenant: anfa, role: 'editor' }] });
      const a = await signIn(t.app, host(), member.email);
      const b = await signIn(t.app, hostOf(anfa, city), member.email);
      const response = await asOperator('POST', `/api/v1/operator/users/${member.id}/disable`);
      expect(await response.json()).toMatchObject({ id: member.id, disabled: true });
      expect((await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: a })).status).toBe(401);
      expect((await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/auth/me', { cookie: b })).status).toBe(401);
      const list = (await (await asOperator('GET', `/api/v1/operator/users?q=${encodeURIComponent(member.email)}`)).json()) as { accounts: { id: string; disabled: boolean }[] };
      expect(list.accounts).toMatchObject([{ id: member.id, disabled: true }]);
      await asOperator('POST', `/api/v1/operator/users/${member.id}/enable`);
      expect(await signIn(t.app, host(), member.email)).toMatch(/^jamaa_session=/);
    });

    it('keeps at least one enabled operator', async () => {
      const list = (await (await asOperator('GET', '/api/v1/operator/users')).json()) as { accounts: { id: string; operator: boolean }[] };
      const operators = list.accounts.filter((a) => a.operator);
      expect(operators).toHaveLength(1);
      expect(await errorCode(await asOperator('POST', `/api/v1/operator/users/${operators[0]?.id}/disable`))).toBe('LAST_ADMINISTRATOR');
    });
  });
});
