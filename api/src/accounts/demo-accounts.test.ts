import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, ensurePlatformTenant, seedDemoAccounts, seedDemoTenants } from '../seed/seed.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { call, signIn } from '../testing/staff.ts';
import { decodeTotpSecret } from './totp.ts';

describe.each(DATABASE_KINDS)('demo accounts (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    await seedDemoTenants(t.db, t.storage);
  });
  afterAll(() => t.dispose());

  const hostFor = (slugs: readonly string[]) => [...slugs].reverse().concat('localhost').join('.');

  it('are created once, with an administrator per demo commune and the operator', async () => {
    expect(await seedDemoAccounts(t.db)).toEqual({ seeded: true, accounts: DEMO_ACCOUNTS.length });
    expect(await seedDemoAccounts(t.db)).toEqual({ seeded: false, accounts: 0 });
    const admins = DEMO_ACCOUNTS.flatMap((a) => a.memberships.filter((m) => m.role === 'administrator' && m.tenant.length === 1).map((m) => m.tenant[0]));
    expect(admins.sort()).toEqual(['ben-guerir', 'casablanca', 'tetouan']);
    expect(DEMO_ACCOUNTS.filter((a) => a.operator)).toHaveLength(1);
  });

  it('sign in on their hosts with the demo password, the Casablanca administrator with its known TOTP secret', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const hosts = account.operator ? ['localhost'] : account.memberships.map((m) => hostFor(m.tenant));
      for (const host of hosts) {
        const cookie = await signIn(t.app, host, account.email, {
          password: DEMO_PASSWORD,
          ...(account.totpSecret ? { totpSecret: decodeTotpSecret(account.totpSecret), clock: () => new Date(Date.now() + 30_000 * hosts.indexOf(host)) } : {}),
        });
        const me = await (await call(t.app, 'GET', host, '/api/v1/auth/me', { cookie })).json();
        const expected = account.operator ? { operator: true } : { role: account.memberships.find((m) => hostFor(m.tenant) === host)?.role };
        expect(me, `${account.email} on ${host}`).toMatchObject({ ...expected, twoFactorPending: false });
      }
    }
    expect(DEMO_ACCOUNTS.find((a) => a.email === 'admin@casablanca.demo.jamaa.ma')?.totpSecret).toBe(DEMO_TOTP_SECRET);
  });
});
