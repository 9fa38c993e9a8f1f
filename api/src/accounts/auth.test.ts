import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { afterAnswerSettled } from '../http/after-answer.ts';
import { listOutboxMessages } from '../mail/outbox.repository.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { withPlatform, withProvisioning, withTenant } from '../tenancy/unit-of-work.ts';
import type { Me } from './accounts.schemas.ts';
import { call, DAY, errorCode, hostOf, MINUTE, newStaffUser, sessionCookieOf, signIn, TEST_PASSWORD, testClock } from '../testing/staff.ts';
import { totpCodeAt } from './totp.ts';

const NEW_PASSWORD = 'a new and better passphrase';

describe.each(DATABASE_KINDS)('signing in (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let other: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', locales: ['ar', 'fr', 'zgh'] });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    await withProvisioning(t.db, (tx) => insertTenantDomain(tx, city.id, 'casablancacity.ma'));
  });
  afterAll(() => t.dispose());

  const cityHost = () => hostOf(city);
  const me = (host: string, cookie: string | null) => call(t.app, 'GET', host, '/api/v1/auth/me', { cookie });

  it('sets a host-only, HttpOnly, SameSite=Lax session cookie, not Secure on localhost', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const response = await call(t.app, 'POST', cityHost(), '/api/v1/auth/login', { body: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'signed_in' });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^jamaa_session=[a-z2-7]{32}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toContain('Secure');
    expect(cookie).toContain(`Max-Age=${30 * 24 * 3600}`);
  });

  it('marks the cookie Secure on a real domain', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const response = await call(t.app, 'POST', 'casablancacity.ma', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()[0]).toContain('Secure');
  });

  it('stores only the SHA-256 of the session token', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const cookie = await signIn(t.app, cityHost(), user.email);
    const token = cookie.split('=')[1] ?? '';
    const rows = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.id).not.toContain(token);
  });

  it('answers /auth/me with the role on this host', async () => {
    const user = await newStaffUser(t.db, { displayName: 'Karim', memberships: [{ tenant: city, role: 'agent', department: 'urbanism' }] });
    const response = await me(cityHost(), await signIn(t.app, cityHost(), user.email));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      user: { id: user.id, email: user.email, displayName: 'Karim', twoFactorEnabled: false, twoFactorEnrolmentRequired: false },
      tenantId: city.id,
      role: 'agent',
      department: 'urbanism',
      operator: false,
      twoFactorPending: false,
    } satisfies Partial<Me>);
  });

  it('gives the same answer for an unknown e-mail, a wrong password, no rights here and a disabled account', async () => {
    const member = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const elsewhere = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] });
    const disabled = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    await withPlatform(t.db, (tx) => tx.updateTable('staff_users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute());
    const attempts = [
      { email: 'nobody@example.ma', password: TEST_PASSWORD },
      { email: member.email, password: 'not the password at all' },
      { email: elsewhere.email, password: TEST_PASSWORD },
      { email: disabled.email, password: TEST_PASSWORD },
    ];
    const bodies = [];
    for (const body of attempts) {
      const response = await call(t.app, 'POST', cityHost(), '/api/v1/auth/login', { body });
      expect(response.status).toBe(401);
      expect(sessionCookieOf(response)).toBeNull();
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      bodies.push({ code: error.code, message: error.message });
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]?.code).toBe('INVALID_CREDENTIALS');
  });

  it('spends as long on an unknown e-mail as on a wrong password (argon2 runs either way)', async () => {
    // One account per sample: five failures would lock an account, and a locked one answers at once.
    const members = await Promise.all(Array.from({ length: 7 }, () => newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] })));
    const time = async (email: string) => {
      const started = performance.now();
      await call(t.app, 'POST', hostOf(other), '/api/v1/auth/login', { body: { email, password: 'wrong password here' } });
      return performance.now() - started;
    };
    await time('warm-up@example.ma');
    // Interleaved samples, compared by their fastest: without the dummy hash an unknown address answers
    // about ten times faster. Load on the machine only ever adds time, so the minimum of each series is its
    // own cost, far steadier than a median on a busy 2-core machine.
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 7; i++) {
      unknown.push(await time(`ghost-${i}@example.ma`));
      known.push(await time(members[i]?.email ?? ''));
    }
    const ratio = Math.min(...unknown) / Math.min(...known);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it("finds nothing for a session of tenant A presented on tenant B's host", async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'editor' }] });
    const cookie = await signIn(t.app, cityHost(), user.email);
    expect((await me(cityHost(), cookie)).status).toBe(200);
    const onAnfa = await me(hostOf(anfa, city), cookie);
    expect(onAnfa.status).toBe(401);
    expect(await errorCode(onAnfa)).toBe('UNAUTHENTICATED');
    expect((await me(hostOf(other), cookie)).status).toBe(401);
    // With rights on Anfa too, the same person signs in there separately, with Anfa's role.
    const anfaCookie = await signIn(t.app, hostOf(anfa, city), user.email);
    expect(anfaCookie).not.toBe(cookie);
    expect(await (await me(hostOf(anfa, city), anfaCookie)).json()).toMatchObject({ role: 'editor', tenantId: anfa.id });
    expect((await me(cityHost(), anfaCookie)).status).toBe(401);
  });

  it('slides the expiry forward once less than half of the 30 days is left, and ends it after 30 idle days', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const cookie = await signIn(t.app, cityHost(), user.email);
    const first = (await (await me(cityHost(), cookie)).json()) as Me;
    clock.advance(14 * DAY);
    const early = await me(cityHost(), cookie);
    expect(sessionCookieOf(early)).toBeNull();
    expect(((await early.json()) as Me).expiresAt).toBe(first.expiresAt);
    clock.advance(2 * DAY);
    const renewed = await me(cityHost(), cookie);
    expect(sessionCookieOf(renewed)).toBe(cookie);
    const moved = ((await renewed.json()) as Me).expiresAt;
    expect(new Date(moved).getTime()).toBe(clock.now().getTime() + 30 * DAY);
    clock.advance(30 * DAY - MINUTE);
    expect((await me(cityHost(), cookie)).status).toBe(200);
    clock.advance(30 * DAY + MINUTE);
    const expired = await me(cityHost(), cookie);
    expect(expired.status).toBe(401);
    expect(expired.headers.getSetCookie()[0]).toMatch(/^jamaa_session=;.*Max-Age=0/);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const cookie = await signIn(t.app, cityHost(), user.email);
    const out = await call(t.app, 'POST', cityHost(), '/api/v1/auth/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect((await me(cityHost(), cookie)).status).toBe(401);
    expect((await call(t.app, 'POST', cityHost(), '/api/v1/auth/logout', { cookie })).status).toBe(204);
  });

  it('ends every session of the account, on every host, when its password changes', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'editor' }] });
    const here = await signIn(t.app, cityHost(), user.email);
    const again = await signIn(t.app, cityHost(), user.email);
    const onAnfa = await signIn(t.app, hostOf(anfa, city), user.email);
    const response = await call(t.app, 'POST', cityHost(), '/api/v1/auth/password/change', {
      cookie: here,
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    const fresh = sessionCookieOf(response);
    expect(fresh).not.toBeNull();
    expect((await me(cityHost(), here)).status).toBe(401);
    expect((await me(cityHost(), again)).status).toBe(401);
    expect((await me(hostOf(anfa, city), onAnfa)).status).toBe(401);
    expect((await me(cityHost(), fresh)).status).toBe(200);
    expect(await signIn(t.app, hostOf(anfa, city), user.email, { password: NEW_PASSWORD })).toMatch(/^jamaa_session=/);
  });

  it('refuses a new password that is too short or too common, with a code per case', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const cookie = await signIn(t.app, cityHost(), user.email);
    const change = (newPassword: string) => call(t.app, 'POST', cityHost(), '/api/v1/auth/password/change', { cookie, body: { currentPassword: TEST_PASSWORD, newPassword } });
    const short = await change('short1');
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({ error: { code: 'PASSWORD_TOO_SHORT', details: [{ path: 'newPassword', code: 'too_short', minimum: 12 }] } });
    for (const common of ['password1234', 'Azertyuiop12!', '123456789012', 'motdepasse123']) {
      expect(await errorCode(await change(common)), common).toBe('PASSWORD_TOO_COMMON');
    }
    const wrong = await call(t.app, 'POST', cityHost(), '/api/v1/auth/password/change', { cookie, body: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD } });
    expect(await errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    expect((await me(cityHost(), cookie)).status).toBe(200);
  });

  it('has the operator sign in on the platform host only', async () => {
    const operator = await newStaffUser(t.db, { operator: true });
    const cookie = await signIn(t.app, 'localhost', operator.email, { clock: clock.now });
    expect(await (await me('localhost', cookie)).json()).toMatchObject({ operator: true, role: null });
    const onCity = await call(t.app, 'POST', cityHost(), '/api/v1/auth/login', { body: { email: operator.email, password: TEST_PASSWORD } });
    expect(await errorCode(onCity)).toBe('INVALID_CREDENTIALS');
  });

  it("requires a second factor for the operator's console: without one, the operator can only enrol it", async () => {
    const operator = await newStaffUser(t.db, { operator: true, totpSecret: null });
    const cookie = await signIn(t.app, 'localhost', operator.email);
    expect(await (await me('localhost', cookie)).json()).toMatchObject({ operator: true, user: { twoFactorEnabled: false, twoFactorEnrolmentRequired: true } });
    const tenants = () => call(t.app, 'GET', 'localhost', '/api/v1/operator/tenants', { cookie });
    expect(await errorCode(await tenants())).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    expect(await errorCode(await call(t.app, 'GET', 'localhost', '/api/v1/operator/outbox', { cookie }))).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');

    const enrolment = await call(t.app, 'POST', 'localhost', '/api/v1/auth/totp/enroll', { cookie });
    expect(enrolment.status).toBe(200);
    const key = decodeBase32(((await enrolment.json()) as { secret: string }).secret);
    const confirmed = await call(t.app, 'POST', 'localhost', '/api/v1/auth/totp/enroll/confirm', { cookie, body: { code: totpCodeAt(key, clock.now()) } });
    expect(confirmed.status).toBe(200);
    expect((await tenants()).status).toBe(200);
    // From now on the password alone does not open the console: the code is asked.
    const login = await call(t.app, 'POST', 'localhost', '/api/v1/auth/login', { body: { email: operator.email, password: TEST_PASSWORD } });
    expect(await login.json()).toMatchObject({ status: 'two_factor_required' });
  });

  it('refuses a malformed or unknown token without touching the database twice', async () => {
    expect((await me(cityHost(), 'jamaa_session=not-a-token')).status).toBe(401);
    expect((await me(cityHost(), `jamaa_session=${'a'.repeat(32)}`)).status).toBe(401);
  });
});

describe.each(DATABASE_KINDS)('two-factor sign-in (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
  });
  afterAll(() => t.dispose());

  const host = () => hostOf(city);
  const post = (path: string, cookie: string | null, body?: unknown) => call(t.app, 'POST', host(), path, { cookie, ...(body === undefined ? {} : { body }) });

  it('enrols with a secret and a confirming code, then asks for a code at every sign-in; codes are not replayable', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    const cookie = await signIn(t.app, host(), user.email);
    const enrolment = await post('/api/v1/auth/totp/enroll', cookie);
    expect(enrolment.status).toBe(200);
    const { secret, uri } = (await enrolment.json()) as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Jamaa:.*secret=/);
    const key = Uint8Array.from(Buffer.from(decodeBase32(secret)));

    expect(await errorCode(await post('/api/v1/auth/totp/enroll/confirm', cookie, { code: '000000' }))).toBe('INVALID_CODE');
    const confirmed = await post('/api/v1/auth/totp/enroll/confirm', cookie, { code: totpCodeAt(key, clock.now()) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(await errorCode(await post('/api/v1/auth/totp/enroll', cookie))).toBe('TOTP_ALREADY_ENABLED');

    clock.advance(MINUTE);
    const login = await post('/api/v1/auth/login', null, { email: user.email, password: TEST_PASSWORD });
    expect(await login.json()).toMatchObject({ status: 'two_factor_required' });
    // Ten minutes to give the code.
    expect(login.headers.getSetCookie()[0]).toContain('Max-Age=600');
    const pending = sessionCookieOf(login);
    // The pending session finishes signing in and nothing else.
    const meResponse = await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: pending });
    expect(await meResponse.json()).toMatchObject({ twoFactorPending: true, user: { twoFactorEnabled: true } });
    const blocked = await call(t.app, 'GET', host(), '/api/v1/admin/users', { cookie: pending });
    expect(blocked.status).toBe(401);
    expect(await errorCode(blocked)).toBe('TWO_FACTOR_REQUIRED');
    expect(await errorCode(await post('/api/v1/auth/totp/enroll', pending))).toBe('TWO_FACTOR_REQUIRED');

    expect(await errorCode(await post('/api/v1/auth/totp/verify', pending, { code: '123456' }))).toBe('INVALID_CODE');
    const code = totpCodeAt(key, clock.now());
    const verified = await post('/api/v1/auth/totp/verify', pending, { code });
    expect(verified.status).toBe(200);
    // Verified: a new token with the full lifetime; the one that only knew the password is worth nothing.
    const full = sessionCookieOf(verified);
    expect(full).toMatch(/^jamaa_session=[a-z2-7]+$/);
    expect(full).not.toBe(pending);
    expect(verified.headers.getSetCookie()[0]).toContain(`Max-Age=${30 * 24 * 3600}`);
    expect((await call(t.app, 'GET', host(), '/api/v1/admin/users', { cookie: full })).status).toBe(200);
    const stale = await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: pending });
    expect(stale.status).toBe(401);
    expect(await errorCode(stale)).toBe('UNAUTHENTICATED');

    // The same code, seen by someone else, does not open a second session.
    const second = sessionCookieOf(await post('/api/v1/auth/login', null, { email: user.email, password: TEST_PASSWORD }));
    expect(await errorCode(await post('/api/v1/auth/totp/verify', second, { code }))).toBe('INVALID_CODE');
    // A code of the previous step is accepted (clock drift) only if not older than the last one used.
    clock.advance(30_000);
    expect((await post('/api/v1/auth/totp/verify', second, { code: totpCodeAt(key, clock.now()) })).status).toBe(200);

    // A recovery code works once.
    const third = sessionCookieOf(await post('/api/v1/auth/login', null, { email: user.email, password: TEST_PASSWORD }));
    const recovery = recoveryCodes[0]?.toUpperCase().replaceAll('-', ' ') ?? '';
    const recovered = await post('/api/v1/auth/recovery/verify', third, { code: recovery });
    expect(recovered.status).toBe(200);
    expect(sessionCookieOf(recovered)).not.toBe(third);
    expect((await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie: third })).status).toBe(401);
    expect((await call(t.app, 'GET', host(), '/api/v1/admin/users', { cookie: sessionCookieOf(recovered) })).status).toBe(200);
    const fourth = sessionCookieOf(await post('/api/v1/auth/login', null, { email: user.email, password: TEST_PASSWORD }));
    expect(await errorCode(await post('/api/v1/auth/recovery/verify', fourth, { code: recovery }))).toBe('INVALID_CODE');
    expect((await post('/api/v1/auth/recovery/verify', fourth, { code: recoveryCodes[1] })).status).toBe(200);

    // A pending session not finished within ten minutes is gone.
    const late = sessionCookieOf(await post('/api/v1/auth/login', null, { email: user.email, password: TEST_PASSWORD }));
    clock.advance(10 * MINUTE + 1000);
    expect(await errorCode(await post('/api/v1/auth/totp/verify', late, { code: totpCodeAt(key, clock.now()) }))).toBe('UNAUTHENTICATED');

    const actions = await withTenant(t.db, { id: city.id }, (tx) =>
      tx.selectFrom('audit_log').select('action').where('tenant_id', '=', city.id).where('actor_id', '=', user.id).orderBy('id').execute(),
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.totp_enabled', 'auth.signed_in', 'auth.sign_in_failed', 'auth.recovery_code_used']),
    );
  });
});

describe.each(DATABASE_KINDS)('password reset (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', locales: ['fr', 'ar'] });
  });
  afterAll(() => t.dispose());

  const host = () => hostOf(city);
  /** With no mail server, a reset link is held in the platform's outbox, which only the operator reads. */
  const outbox = () => withTenant(t.db, { id: platform.id }, (tx) => listOutboxMessages(tx, platform.id, 100));
  async function waitForMail(to: string) {
    // Generous: the mail is written after the answer, and a loaded machine may take seconds to get there.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const found = (await outbox()).find((m) => m.to_address === to);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no mail to ${to}`);
  }

  it('answers 202 alike for a known and an unknown address, and mails only the known one', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const known = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email: user.email } });
    const unknown = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email: 'ghost@example.ma' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe Jamaa');
    expect((await outbox()).some((m) => m.to_address === 'ghost@example.ma')).toBe(false);
  });

  it("answers a member's request and a stranger's before touching any account, so both take the same time", async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    await t.get(host(), '/api/v1/site'); // the host is resolved once, as on any busy site
    // Every account is out of reach while both requests are answered: neither may wait for it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const blocker = t.db.kysely.transaction().execute(async (tx) => {
      await sql`lock table staff_users in access exclusive mode`.execute(tx);
      locked();
      await held;
    });
    await isLocked;
    try {
      const answers = await Promise.all(
        [user.email, 'stranger@example.ma'].map((email) => call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email }, answerOnly: true })),
      );
      expect(answers.map((r) => r.status)).toEqual([202, 202]);
      expect(await answers[0]?.json()).toEqual(await answers[1]?.json());
    } finally {
      release();
      await blocker;
    }
    // The work happens afterwards.
    expect((await waitForMail(user.email)).subject).toBe('Réinitialisation de votre mot de passe Jamaa');
  });

  it('sets a new password once from the link, ends every session, and refuses the link afterwards', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const cookie = await signIn(t.app, host(), user.email);
    await call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email: user.email } });
    const token = (await waitForMail(user.email)).body_text.match(/password-reset\/([a-z2-7]{32})/)?.[1];
    expect(token).toBeDefined();
    const weak = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset', { body: { token, password: 'short' } });
    expect(await errorCode(weak)).toBe('PASSWORD_TOO_SHORT');
    const reset = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
    expect(reset.status).toBe(200);
    expect((await call(t.app, 'GET', host(), '/api/v1/auth/me', { cookie })).status).toBe(401);
    const again = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset', { body: { token, password: 'yet another passphrase' } });
    expect(again.status).toBe(410);
    expect(await errorCode(again)).toBe('RESET_LINK_INVALID');
    expect(await signIn(t.app, host(), user.email, { password: NEW_PASSWORD })).toMatch(/^jamaa_session=/);
  });

  it('lets a link lapse after an hour', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    await call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email: user.email } });
    const token = (await waitForMail(user.email)).body_text.match(/password-reset\/([a-z2-7]{32})/)?.[1];
    clock.advance(61 * MINUTE);
    const late = await call(t.app, 'POST', host(), '/api/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
    expect(await errorCode(late)).toBe('RESET_LINK_INVALID');
  });

  it('mails at most three links an hour to one account', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 5; i++) {
      expect((await call(t.app, 'POST', host(), '/api/v1/auth/password/reset-request', { body: { email: user.email } })).status).toBe(202);
    }
    await afterAnswerSettled();
    const { rows } = await withPlatform(t.db, (tx) => sql<{ n: number }>`select count(*)::int as n from password_resets where user_id = ${user.id}`.execute(tx));
    expect(rows[0]?.n).toBe(3);
  });
});

function decodeBase32(input: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of input.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Uint8Array.from(bytes.map((b) => parseInt(b, 2)));
}
