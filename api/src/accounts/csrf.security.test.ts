import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, errorCode, hostOf, newStaffUser, signIn, TEST_PASSWORD } from '../testing/staff.ts';

describe.each(DATABASE_KINDS)('CSRF protection of the JSON API (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let cookie: string;
  const invite = (options: { origin?: string | null; headers?: Record<string, string>; host?: string }) =>
    call(t.app, 'POST', options.host ?? hostOf(city), '/api/v1/admin/users', {
      cookie,
      body: { email: `x-${Math.random().toString(36).slice(2)}@example.ma`, role: 'editor' },
      origin: options.origin === undefined ? null : options.origin,
      headers: options.headers ?? {},
    });

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    cookie = await signIn(t.app, hostOf(city), admin.email);
  });
  afterAll(() => t.dispose());

  it('refuses a state-changing request with a session cookie and no Origin or Referer', async () => {
    const response = await invite({});
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('CSRF_FAILED');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a sibling tenant', 'http://anfa.casablanca.localhost'],
    ['another port', 'http://casablanca.localhost:8080'],
    ['an opaque origin', 'null'],
  ])('refuses an Origin of %s', async (_, origin) => {
    expect(await errorCode(await invite({ origin }))).toBe('CSRF_FAILED');
  });

  it('accepts its own origin, or https when TLS ended at a proxy', async () => {
    expect((await invite({ origin: 'http://casablanca.localhost' })).status).toBe(201);
    expect((await invite({ origin: 'https://casablanca.localhost' })).status).toBe(201);
  });

  it('falls back to the Referer when there is no Origin', async () => {
    expect((await invite({ headers: { referer: 'http://casablanca.localhost/fr/admin/users' } })).status).toBe(201);
    expect(await errorCode(await invite({ headers: { referer: 'https://evil.example/page' } }))).toBe('CSRF_FAILED');
  });

  it('checks PATCH, PUT and DELETE as well, and lets GET through', async () => {
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const response = await call(t.app, method, hostOf(city), `/api/v1/admin/users/${crypto.randomUUID()}`, { cookie, origin: 'https://evil.example', body: {} });
      expect(await errorCode(response), method).toBe('CSRF_FAILED');
    }
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/users', { cookie, origin: 'https://evil.example' })).status).toBe(200);
  });

  it('refuses a sign-in posted from another site (login CSRF), even without a cookie', async () => {
    const user = await newStaffUser(t.db, { memberships: [{ tenant: anfa, role: 'editor' }] });
    const foreign = await call(t.app, 'POST', hostOf(anfa, city), '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD }, origin: 'http://casablanca.localhost' });
    expect(await errorCode(foreign)).toBe('CSRF_FAILED');
    // A client without cookie and without Origin (a script, a server) carries no ambient authority.
    const bare = await call(t.app, 'POST', hostOf(anfa, city), '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD }, origin: null });
    expect(bare.status).toBe(200);
  });

  it('protects any later state-changing API route that receives a session cookie', async () => {
    const response = await call(t.app, 'POST', hostOf(city), '/api/v1/some/future/route', { cookie, origin: null, body: {} });
    expect(await errorCode(response)).toBe('CSRF_FAILED');
    const serverToServer = await call(t.app, 'POST', hostOf(city), '/api/v1/some/future/route', { origin: 'https://partner.example', body: {} });
    expect(await errorCode(serverToServer)).toBe('NOT_FOUND');
  });
});
