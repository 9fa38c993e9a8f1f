import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { DAY, hostOf, newStaffUser, signIn, testClock } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';

describe.each(DATABASE_KINDS)("a page's API calls check its session once (%s)", (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let email: string;
  const clock = testClock();

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    email = (await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] })).email;
  });
  afterAll(() => t.dispose());

  /** One API call of a page, as web makes it in-process: the page's checks go along in the environment. */
  const pageCall = (checks: Map<string, Promise<unknown>>, cookie: string, method = 'GET', path = '/api/v1/auth/me') =>
    t.app.request(
      `http://${hostOf(city)}${path}`,
      { method, headers: { host: hostOf(city), cookie, ...(method === 'GET' ? {} : { origin: `http://${hostOf(city)}` }) } },
      { sessionChecks: checks } as never,
    );
  const sessions = () => withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('sessions').select('id').where('tenant_id', '=', city.id).execute());
  const signOutEverywhere = () => withTenant(t.db, { id: city.id }, (tx) => tx.deleteFrom('sessions').where('tenant_id', '=', city.id).execute());

  it('reads the session once for all of a page\'s reads; the next page sees it signed out', async () => {
    const cookie = await signIn(t.app, hostOf(city), email);
    const page = new Map<string, Promise<unknown>>();
    expect((await pageCall(page, cookie)).status).toBe(200);
    // Signed out from elsewhere while this page is being made: its remaining reads still belong to it…
    await signOutEverywhere();
    expect((await pageCall(page, cookie)).status).toBe(200);
    // …but the next page is refused.
    expect((await pageCall(new Map(), cookie)).status).toBe(401);
  });

  it('renews a session past half its life once for the page: one cookie, from the call that renewed it', async () => {
    const cookie = await signIn(t.app, hostOf(city), email);
    clock.advance(20 * DAY);
    const page = new Map<string, Promise<unknown>>();
    const first = await pageCall(page, cookie);
    const second = await pageCall(page, cookie);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.getSetCookie().filter((c) => c.startsWith('jamaa_session'))).toHaveLength(1);
    expect(second.headers.getSetCookie()).toEqual([]);
  });

  it('checks afresh after a state-changing call: a page that signs out reads as signed out', async () => {
    const cookie = await signIn(t.app, hostOf(city), email);
    const page = new Map<string, Promise<unknown>>();
    expect((await pageCall(page, cookie)).status).toBe(200);
    const before = (await sessions()).length;
    expect((await pageCall(page, cookie, 'POST', '/api/v1/auth/logout')).status).toBeLessThan(300);
    expect(await sessions()).toHaveLength(before - 1);
    expect((await pageCall(page, cookie)).status).toBe(401);
  });
});
