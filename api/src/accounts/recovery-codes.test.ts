import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, errorCode, hostOf, newStaffUser, sessionCookieOf, signIn, TEST_PASSWORD, testClock, type TestStaff } from '../testing/staff.ts';

describe.each(DATABASE_KINDS)('regenerating recovery codes (%s)', (kind) => {
  const clock = testClock();
  const secret = new Uint8Array(20).fill(3);
  let t: TestApp;
  let city: TenantRow;
  let user: TestStaff;
  let cookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    user = await newStaffUser(t.db, { totpSecret: secret, memberships: [{ tenant: city, role: 'agent' }] });
    cookie = await signIn(t.app, hostOf(city), user.email, { totpSecret: secret, clock: clock.now });
  });
  afterAll(() => t.dispose());

  const host = () => hostOf(city);
  const regenerate = (password: string, as = cookie) => call(t.app, 'POST', host(), '/api/v1/auth/recovery-codes', { cookie: as, body: { password } });
  /** Signs in with the password, then finishes with a recovery code; answers the second step's status. */
  const signInWithRecoveryCode = async (code: string) => {
    const pending = sessionCookieOf(await call(t.app, 'POST', host(), '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } }));
    return call(t.app, 'POST', host(), '/api/v1/auth/recovery/verify', { cookie: pending, body: { code } });
  };

  it('asks for the password again, then answers ten new codes; the old ones stop working', async () => {
    const wrong = await regenerate('not my password');
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('INVALID_CREDENTIALS');

    const first = (await (await regenerate(TEST_PASSWORD)).json()) as { recoveryCodes: string[] };
    expect(first.recoveryCodes).toHaveLength(10);
    expect(new Set(first.recoveryCodes).size).toBe(10);
    expect((await signInWithRecoveryCode(first.recoveryCodes[0] ?? '')).status).toBe(200);

    const second = (await (await regenerate(TEST_PASSWORD)).json()) as { recoveryCodes: string[] };
    expect(second.recoveryCodes).toHaveLength(10);
    expect(second.recoveryCodes).not.toContain(first.recoveryCodes[1]);
    expect(await errorCode(await signInWithRecoveryCode(first.recoveryCodes[1] ?? ''))).toBe('INVALID_CODE');
    expect((await signInWithRecoveryCode(second.recoveryCodes[0] ?? '')).status).toBe(200);

    const entries = await withTenant(t.db, { id: city.id }, (tx) =>
      tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', city.id).where('action', '=', 'auth.recovery_codes_regenerated').orderBy('id').execute(),
    );
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [{ unused: 0 }, { unused: 10 }],
      [{ unused: 9 }, { unused: 10 }],
    ]);
    // The codes themselves are never logged.
    expect(JSON.stringify(entries)).not.toContain(second.recoveryCodes[1]);
  });

  it('is refused to an account without a second factor, and to a session still owing it', async () => {
    const plain = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const res = await regenerate(TEST_PASSWORD, await signIn(t.app, host(), plain.email));
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('TOTP_NOT_ENROLLED');

    const pending = await signIn(t.app, host(), user.email, { pending: true });
    expect(await errorCode(await regenerate(TEST_PASSWORD, pending))).toBe('TWO_FACTOR_REQUIRED');
  });
});
