import { decodeBase32 } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, errorCode, hostOf, newStaffUser, sessionCookieOf, signIn, TEST_PASSWORD } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { totpCodeAt } from './totp.ts';

const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.each(DATABASE_KINDS)('support of staff accounts (%s)', (kind) => {
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let operatorCookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'safi' });
    const operator = await newStaffUser(t.db, { operator: true });
    operatorCookie = await signIn(t.app, 'localhost', operator.email);
  });
  afterAll(() => t.dispose());

  const op = (path: string, body?: unknown) => call(t.app, 'POST', 'localhost', `/api/v1/operator${path}`, { cookie: operatorCookie, body });
  const signInAs = async (email: string, userAgent: string) => {
    const login = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/login', { body: { email, password: TEST_PASSWORD }, headers: { 'user-agent': userAgent } });
    expect(login.status).toBe(200);
    return { cookie: sessionCookieOf(login)!, status: ((await login.json()) as { status: string }).status };
  };

  it('resets a lost second factor: reason required, sessions end, the person is told by mail and must enrol again first', async () => {
    const totpSecret = new Uint8Array(20).fill(7);
    const user = await newStaffUser(t.db, { totpSecret, memberships: [{ tenant: city, role: 'editor' }] });
    const before = await signIn(t.app, hostOf(city), user.email, { totpSecret });
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: before })).status).toBe(200);

    expect(await errorCode(await op(`/users/${user.id}/second-factor/reset`, {}))).toBe('VALIDATION_FAILED');
    const reset = await op(`/users/${user.id}/second-factor/reset`, { reason: 'Lost phone; identity checked by video call with the DGS' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ toldThrough: 'safi' });
    // Every session ended.
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: before })).status).toBe(401);
    // The person is told, in their commune's outbox, with the reason.
    const mail = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('mail_outbox').select(['to_address', 'kind', 'body_text']).where('kind', '=', 'second_factor_reset').execute());
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to_address: user.email });
    expect(mail[0]?.body_text).toContain('identity checked by video call');
    // Audited on the platform, with the reason.
    const log = await withTenant(t.db, { id: platform.id }, (tx) => tx.selectFrom('audit_log').select(['action', 'after', 'target_id']).where('action', '=', 'account.second_factor_reset').execute());
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ target_id: user.id, after: { reason: 'Lost phone; identity checked by video call with the DGS' } });

    // Next sign-in: the password alone opens a session that can only enrol.
    const { cookie, status } = await signInAs(user.email, PHONE);
    expect(status).toBe('signed_in');
    const me = await call(t.app, 'GET', hostOf(city), '/api/v1/auth/me', { cookie });
    expect(await me.json()).toMatchObject({ user: { twoFactorEnabled: false, twoFactorEnrolmentRequired: true } });
    expect(await errorCode(await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie }))).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    const enrolment = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/enroll', { cookie });
    expect(enrolment.status).toBe(200);
    const key = Uint8Array.from(decodeBase32(((await enrolment.json()) as { secret: string }).secret));
    const confirmed = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/enroll/confirm', { cookie, body: { code: totpCodeAt(key, new Date()) } });
    expect(confirmed.status).toBe(200);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie })).status).toBe(200);
    // Nothing left to reset twice over: a second reset of an account without second factor is refused.
    const again = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    expect(await errorCode(await op(`/users/${again.id}/second-factor/reset`, { reason: 'Lost phone, checked in person' }))).toBe('TOTP_NOT_ENROLLED');
  });

  it('the operator ends every session of an account', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'agent' }] });
    const a = await signInAs(user.email, PHONE);
    const b = await signInAs(user.email, LAPTOP);
    expect((await op(`/users/${user.id}/sessions/end`)).status).toBe(200);
    for (const s of [a, b]) expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: s.cookie })).status).toBe(401);
    const log = await withTenant(t.db, { id: platform.id }, (tx) => tx.selectFrom('audit_log').select('action').where('target_id', '=', user.id).execute());
    expect(log.map((e) => e.action)).toEqual(['account.sessions_ended']);
  });

  it('staff see their sessions (device, last seen), end one, and sign out everywhere else', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    const phone = await signInAs(user.email, PHONE);
    const laptop = await signInAs(user.email, LAPTOP);
    const tablet = await signInAs(user.email, 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1');
    const list = async (cookie: string) => {
      const response = await call(t.app, 'GET', hostOf(city), '/api/v1/admin/account/sessions', { cookie });
      expect(response.status).toBe(200);
      return ((await response.json()) as { sessions: { id: string; current: boolean; device: string; lastSeenAt: string }[] }).sessions;
    };
    const sessions = await list(laptop.cookie);
    expect(sessions.map((s) => s.device).sort()).toEqual(['Chrome · Android', 'Firefox · Linux', 'Safari · iOS']);
    expect(sessions.filter((s) => s.current).map((s) => s.device)).toEqual(['Firefox · Linux']);
    expect(sessions.every((s) => !Number.isNaN(Date.parse(s.lastSeenAt)))).toBe(true);
    // The ids are not the session's stored id (the token's hash).
    const stored = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute());
    expect(sessions.some((s) => stored.some((r) => r.id.startsWith(s.id)))).toBe(false);

    const tabletId = sessions.find((s) => s.device === 'Safari · iOS')!.id;
    expect((await call(t.app, 'DELETE', hostOf(city), `/api/v1/admin/account/sessions/${tabletId}`, { cookie: laptop.cookie })).status).toBe(200);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: tablet.cookie })).status).toBe(401);
    expect(await list(laptop.cookie)).toHaveLength(2);

    const everywhere = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/account/sessions/end-others', { cookie: laptop.cookie });
    expect(everywhere.status).toBe(200);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: phone.cookie })).status).toBe(401);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/dashboard', { cookie: laptop.cookie })).status).toBe(200);
    expect((await list(laptop.cookie)).map((s) => s.device)).toEqual(['Firefox · Linux']);
    // Someone else's session id is not found.
    expect(await errorCode(await call(t.app, 'DELETE', hostOf(city), `/api/v1/admin/account/sessions/${'a'.repeat(32)}`, { cookie: laptop.cookie }))).toBe('NOT_FOUND');
  });
});
