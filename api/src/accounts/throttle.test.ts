import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withPlatform } from '../tenancy/unit-of-work.ts';
import { insertPasswordReset } from './staff.repository.ts';
import { call, errorCode, hostOf, MINUTE, newStaffUser, sessionCookieOf, signIn, TEST_PASSWORD, testClock } from '../testing/staff.ts';
import { ACCOUNT_RULE, admitAttempt, afterSuccess, PAIR_RULE, type ThrottleState } from './throttle.service.ts';
import { generateToken, hashToken } from '../sessions/tokens.ts';
import { totpCodeAt } from './totp.ts';

describe('admitAttempt', () => {
  const t0 = new Date('2026-11-23T08:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const fresh: ThrottleState = { failures: 0, window_started_at: t0, lockouts: 0, locked_until: null };

  it('admits five attempts in the window and locks at the sixth for 15 minutes', () => {
    let state = fresh;
    for (let i = 0; i < 5; i++) {
      const r = admitAttempt(state, at(i * 1000), PAIR_RULE);
      expect(r.verdict).toEqual({ allowed: true });
      state = r.state;
    }
    const sixth = admitAttempt(state, at(10_000), PAIR_RULE);
    expect(sixth.verdict).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(sixth.state.locked_until).toEqual(at(10_000 + 15 * MINUTE));
    expect(admitAttempt(sixth.state, at(20_000), PAIR_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 890 });
  });

  it('doubles each further lock, up to a day', () => {
    let state: ThrottleState = { ...fresh, lockouts: 3, failures: 5 };
    expect(admitAttempt(state, t0, PAIR_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 * 8 });
    state = { ...fresh, lockouts: 10, failures: 5 };
    expect(admitAttempt(state, t0, PAIR_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 24 * 3600 });
  });

  it('starts a new window after 15 minutes, and forgets past locks after a quiet day', () => {
    const full: ThrottleState = { failures: 5, window_started_at: t0, lockouts: 2, locked_until: null };
    expect(admitAttempt(full, at(15 * MINUTE), PAIR_RULE).state).toMatchObject({ failures: 1, lockouts: 2 });
    expect(admitAttempt(full, at(25 * 60 * MINUTE), PAIR_RULE).state).toMatchObject({ failures: 1, lockouts: 0 });
  });

  it('clears an account (from anywhere, from an address, from a device) on success, but only gives a shared address its attempt back', () => {
    const state: ThrottleState = { failures: 3, window_started_at: t0, lockouts: 1, locked_until: null };
    for (const scope of ['account', 'account_ip', 'device'] as const) expect(afterSuccess(state, scope)).toMatchObject({ failures: 0, lockouts: 0 });
    expect(afterSuccess(state, 'ip')).toMatchObject({ failures: 2, lockouts: 1 });
  });

  it('lets an account take more failures from everywhere together than from one address', () => {
    expect(ACCOUNT_RULE.limit).toBeGreaterThan(PAIR_RULE.limit);
  });
});

describe.each(DATABASE_KINDS)('sign-in throttling (%s)', (kind) => {
  const clock = testClock();
  let t: TestApp;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now, env: { TRUST_PROXY: 'true' } });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
  });
  afterAll(() => t.dispose());

  const from = (ip: string, device?: string | null, session?: string | null) => ({
    headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` },
    cookie: [session, device ? `jamaa_device=${device}` : null].filter(Boolean).join('; ') || null,
  });
  const login = (email: string, password: string, ip = '203.0.113.7', device?: string | null) =>
    call(t.app, 'POST', hostOf(city), '/api/v1/auth/login', { body: { email, password }, ...from(ip, device) });
  const deviceOf = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const match = header.match(/^jamaa_device=([a-z2-7]{32});/);
      if (match) return match[1] ?? null;
    }
    return null;
  };
  /** The owner's own browser: one completed sign-in there, which leaves the device cookie. */
  const ownBrowser = async (email: string, ip: string, totp?: Uint8Array) => {
    const first = await login(email, TEST_PASSWORD, ip);
    expect(first.status).toBe(200);
    if (!totp) return deviceOf(first);
    expect(deviceOf(first)).toBeNull(); // not before the second factor
    const verified = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/verify', { body: { code: totpCodeAt(totp, clock.now()) }, ...from(ip, null, sessionCookieOf(first)) });
    expect(verified.status).toBe(200);
    return deviceOf(verified);
  };
  /** Fifty failures on `email`, each from another address, as a botnet would. */
  const strangerFails = async (email: string, prefix: string) => {
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) statuses.add((await login(email, `stranger guess number ${i}`, `${prefix}.${i}`)).status);
    return statuses;
  };

  it('stops one account guessed from one address after five failures, with 429, Retry-After and a code, even for the right password', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password number')).status).toBe(401);
    const locked = await login(user.email, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.json()).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 900 } } });
    // Only from there: the owner elsewhere is not held back.
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.9')).status).toBe(200);
    clock.advance(14 * MINUTE);
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(429);
    clock.advance(MINUTE);
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('locks one account and address longer the second time', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong password number', '192.0.2.3');
    expect((await login(user.email, 'wrong password number', '192.0.2.3')).headers.get('retry-after')).toBe('900');
    clock.advance(15 * MINUTE);
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong password number', '192.0.2.3');
    expect((await login(user.email, 'wrong password number', '192.0.2.3')).headers.get('retry-after')).toBe('1800');
    clock.advance(30 * MINUTE);
  });

  it('stops one address guessing many accounts after twenty failures, and only that address', async () => {
    const ip = '203.0.113.99';
    for (let i = 0; i < 20; i++) expect((await login(`guess-${i}@example.ma`, 'wrong password number', ip)).status).toBe(401);
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const locked = await login(user.email, TEST_PASSWORD, ip);
    expect(locked.status).toBe(429);
    expect(await errorCode(locked)).toBe('TOO_MANY_ATTEMPTS');
    expect((await login(user.email, TEST_PASSWORD, '203.0.113.100')).status).toBe(200);
    clock.advance(15 * MINUTE);
    expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(200);
  });

  it("does not let a stranger failing fifty times from fifty addresses stop the owner's own browser", async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const device = await ownBrowser(user.email, '198.51.100.30');
    expect(device).toMatch(/^[a-z2-7]{32}$/);
    const statuses = await strangerFails(user.email, '100.64.1');
    expect(statuses).toEqual(new Set([401, 429]));
    // New devices are held back, with a message that says what to do, and when to try again.
    const newDevice = await login(user.email, TEST_PASSWORD, '198.51.100.31');
    expect(newDevice.status).toBe(429);
    expect(await newDevice.json()).toMatchObject({ error: { code: 'NEW_DEVICES_LOCKED', details: { retryAfterSeconds: expect.any(Number) } } });
    expect(Number(newDevice.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner's browser is not, from any address.
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.30', device)).status).toBe(200);
    expect((await login(user.email, TEST_PASSWORD, '100.64.1.7', device)).status).toBe(200);
    // A cookie made up, or another account's, is no trusted device.
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.30', generateToken())).status).toBe(429);
    const colleague = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const colleagueDevice = await ownBrowser(colleague.email, '198.51.100.32');
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.32', colleagueDevice)).status).toBe(429);
    // A trusted browser still has a limit of its own: five of its failures stop it, not the others.
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'owner typo number', '198.51.100.30', device)).status).toBe(401);
    expect(await errorCode(await login(user.email, TEST_PASSWORD, '198.51.100.30', device))).toBe('TOO_MANY_ATTEMPTS');
    clock.advance(24 * 60 * MINUTE);
  });

  it('lets the owner of a TOTP account in from their browser, password and code, while a stranger keeps failing', async () => {
    const secret = new Uint8Array(20).fill(5);
    const user = await newStaffUser(t.db, { totpSecret: secret, memberships: [{ tenant: city, role: 'administrator' }] });
    const device = await ownBrowser(user.email, '198.51.100.40', secret);
    expect(device).toMatch(/^[a-z2-7]{32}$/);
    await strangerFails(user.email, '100.64.2');
    expect(await errorCode(await login(user.email, TEST_PASSWORD, '198.51.100.41'))).toBe('NEW_DEVICES_LOCKED');
    clock.advance(MINUTE);
    const password = await login(user.email, TEST_PASSWORD, '198.51.100.40', device);
    expect(await password.json()).toMatchObject({ status: 'two_factor_required' });
    const code = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/verify', {
      body: { code: totpCodeAt(secret, clock.now()) },
      ...from('198.51.100.40', device, sessionCookieOf(password)),
    });
    expect(code.status).toBe(200);
    const me = await call(t.app, 'GET', hostOf(city), '/api/v1/auth/me', { cookie: sessionCookieOf(code) });
    expect(await me.json()).toMatchObject({ twoFactorPending: false, role: 'administrator' });
    clock.advance(24 * 60 * MINUTE);
  });

  it('gives a new browser back to the owner through a password reset, which makes it a trusted device', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    await strangerFails(user.email, '100.64.3');
    expect(await errorCode(await login(user.email, TEST_PASSWORD, '198.51.100.50'))).toBe('NEW_DEVICES_LOCKED');
    const token = generateToken();
    await withPlatform(t.db, (tx) => insertPasswordReset(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(clock.now().getTime() + 60 * MINUTE), at: clock.now() }));
    const newPassword = 'a brand new passphrase for me';
    const reset = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/password/reset', { body: { token, password: newPassword }, ...from('198.51.100.50') });
    expect(reset.status).toBe(200);
    const device = deviceOf(reset);
    expect(device).toMatch(/^[a-z2-7]{32}$/);
    // The stranger goes on; the reset browser is not held back.
    await strangerFails(user.email, '100.64.4');
    expect((await login(user.email, newPassword, '198.51.100.50', device)).status).toBe(200);
    clock.advance(24 * 60 * MINUTE);
  });

  it('lets a signed-in owner give the password again (to change it) while new devices are locked out', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const session = sessionCookieOf(await login(user.email, TEST_PASSWORD, '198.51.100.60'));
    await strangerFails(user.email, '100.64.5');
    const changed = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/password/change', {
      body: { currentPassword: TEST_PASSWORD, newPassword: 'another fresh passphrase' },
      ...from('198.51.100.60', null, session),
    });
    expect(changed.status).toBe(200);
    clock.advance(24 * 60 * MINUTE);
  });

  it('throttles an unknown address exactly like a known one', async () => {
    for (let i = 0; i < 5; i++) expect((await login('nobody-here@example.ma', 'wrong password number', '192.0.2.200')).status).toBe(401);
    const locked = await login('nobody-here@example.ma', 'wrong password number', '192.0.2.200');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    const elsewhere = await strangerFails('nobody-either@example.ma', '100.64.6');
    expect(elsewhere).toEqual(new Set([401, 429]));
    expect(await errorCode(await login('nobody-either@example.ma', 'wrong password number', '192.0.2.201'))).toBe('NEW_DEVICES_LOCKED');
    clock.advance(24 * 60 * MINUTE);
  });

  it('forgets the failures of an account once it signs in', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 4; i++) await login(user.email, 'wrong password number', '198.51.100.20');
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password number', '198.51.100.20')).status).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(429);
    clock.advance(15 * MINUTE);
  });

  it('lets colleagues behind one address sign in: a success gives the address its attempt back', async () => {
    const ip = '203.0.113.150';
    for (let i = 0; i < 25; i++) {
      const colleague = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'agent' }] });
      expect((await login(colleague.email, TEST_PASSWORD, ip)).status).toBe(200);
    }
  });

  it('counts wrong TOTP codes: five from one address stop it', async () => {
    const secret = new Uint8Array(20).fill(3);
    const user = await newStaffUser(t.db, { totpSecret: secret, memberships: [{ tenant: city, role: 'administrator' }] });
    const pending = await signIn(t.app, hostOf(city), user.email, { pending: true });
    const verify = () => call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/verify', { cookie: pending, body: { code: '000000' }, headers: { 'x-forwarded-for': '192.0.2.77' } });
    for (let i = 0; i < 5; i++) expect((await verify()).status).toBe(422);
    const locked = await verify();
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    clock.advance(15 * MINUTE);
  });

  it('counts wrong TOTP codes of someone who knows the password across addresses against the account', async () => {
    const secret = new Uint8Array(20).fill(4);
    const user = await newStaffUser(t.db, { totpSecret: secret, memberships: [{ tenant: city, role: 'administrator' }] });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const ip = `100.64.7.${i}`;
      const pending = sessionCookieOf(await login(user.email, TEST_PASSWORD, ip));
      if (!pending) {
        statuses.push(429);
        continue;
      }
      statuses.push((await call(t.app, 'POST', hostOf(city), '/api/v1/auth/totp/verify', { body: { code: '000000' }, ...from(ip, null, pending) })).status);
    }
    expect(statuses).toContain(429);
    expect(await errorCode(await login(user.email, TEST_PASSWORD, '100.64.7.99'))).toBe('NEW_DEVICES_LOCKED');
    clock.advance(24 * 60 * MINUTE);
  });
});
