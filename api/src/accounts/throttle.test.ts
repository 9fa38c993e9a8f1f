import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, errorCode, hostOf, MINUTE, newStaffUser, signIn, TEST_PASSWORD, testClock } from './testing.ts';
import { ACCOUNT_RULE, admitAttempt, afterSuccess, type ThrottleState } from './throttle.service.ts';

describe('admitAttempt', () => {
  const t0 = new Date('2026-11-23T08:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const fresh: ThrottleState = { failures: 0, window_started_at: t0, lockouts: 0, locked_until: null };

  it('admits five attempts in the window and locks at the sixth for 15 minutes', () => {
    let state = fresh;
    for (let i = 0; i < 5; i++) {
      const r = admitAttempt(state, at(i * 1000), ACCOUNT_RULE);
      expect(r.verdict).toEqual({ allowed: true });
      state = r.state;
    }
    const sixth = admitAttempt(state, at(10_000), ACCOUNT_RULE);
    expect(sixth.verdict).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(sixth.state.locked_until).toEqual(at(10_000 + 15 * MINUTE));
    expect(admitAttempt(sixth.state, at(20_000), ACCOUNT_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 890 });
  });

  it('doubles each further lock, up to a day', () => {
    let state: ThrottleState = { ...fresh, lockouts: 3, failures: 5 };
    expect(admitAttempt(state, t0, ACCOUNT_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 * 8 });
    state = { ...fresh, lockouts: 10, failures: 5 };
    expect(admitAttempt(state, t0, ACCOUNT_RULE).verdict).toEqual({ allowed: false, retryAfterSeconds: 24 * 3600 });
  });

  it('starts a new window after 15 minutes, and forgets past locks after a quiet day', () => {
    const full: ThrottleState = { failures: 5, window_started_at: t0, lockouts: 2, locked_until: null };
    expect(admitAttempt(full, at(15 * MINUTE), ACCOUNT_RULE).state).toMatchObject({ failures: 1, lockouts: 2 });
    expect(admitAttempt(full, at(25 * 60 * MINUTE), ACCOUNT_RULE).state).toMatchObject({ failures: 1, lockouts: 0 });
  });

  it('clears an account on success, but only gives a shared address its attempt back', () => {
    const state: ThrottleState = { failures: 3, window_started_at: t0, lockouts: 1, locked_until: null };
    expect(afterSuccess(state, 'account')).toMatchObject({ failures: 0, lockouts: 0 });
    expect(afterSuccess(state, 'ip')).toMatchObject({ failures: 2, lockouts: 1 });
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

  const login = (email: string, password: string, ip = '203.0.113.7') =>
    call(t.app, 'POST', hostOf(city), '/api/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` } });

  it('locks an account after five failures with 429, Retry-After and a code, even for the right password', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password number')).status).toBe(401);
    const locked = await login(user.email, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.json()).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 900 } } });
    // From another address too: the lock is the account's.
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.9')).status).toBe(429);
    clock.advance(14 * MINUTE);
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(429);
    clock.advance(MINUTE);
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('locks longer the second time', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong password number', `192.0.2.${i}`);
    expect((await login(user.email, 'wrong password number', '192.0.2.50')).headers.get('retry-after')).toBe('900');
    clock.advance(15 * MINUTE);
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong password number', `192.0.2.${10 + i}`);
    expect((await login(user.email, 'wrong password number', '192.0.2.51')).headers.get('retry-after')).toBe('1800');
    clock.advance(30 * MINUTE);
  });

  it('throttles an unknown address exactly like a known one', async () => {
    for (let i = 0; i < 5; i++) expect((await login('nobody-here@example.ma', 'wrong password number', '192.0.2.200')).status).toBe(401);
    const locked = await login('nobody-here@example.ma', 'wrong password number', '192.0.2.201');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    clock.advance(15 * MINUTE);
  });

  it('forgets the failures of an account once it signs in', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    for (let i = 0; i < 4; i++) await login(user.email, 'wrong password number', '198.51.100.20');
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password number', '198.51.100.21')).status).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.21')).status).toBe(429);
    clock.advance(15 * MINUTE);
  });

  it('locks a client address after twenty failures across accounts, and only that address', async () => {
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

  it('lets colleagues behind one address sign in: a success gives the address its attempt back', async () => {
    const ip = '203.0.113.150';
    for (let i = 0; i < 25; i++) {
      const colleague = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'agent' }] });
      expect((await login(colleague.email, TEST_PASSWORD, ip)).status).toBe(200);
    }
  });

  it('counts wrong TOTP codes against the account', async () => {
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
});
