/**
 * Test helpers for staff accounts, reused by every feature that adds protected routes:
 * `newStaffUser` (a factory), `signIn(app, host, email)`, `call(…)` (a request as a browser on that host
 * would send it, Origin included), and `protectedRouteSuite(…)`, the role × route × status table.
 */
import { afterAnswerSettled } from '../http/after-answer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole, TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { DATABASE_KINDS, type DatabaseKind } from './databases.ts';
import { newPlatform, newTenant } from './factories.ts';
import { actAsTenant, withPlatformAdmin } from '../tenancy/unit-of-work.ts';
import { upsertMembership } from '../accounts/memberships.repository.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertPlatformRole, insertStaffUser, type StaffUserRow } from '../accounts/staff.repository.ts';
import { totpCodeAt } from '../accounts/totp.ts';

/** The password of every factory-made account. */
export const TEST_PASSWORD = 'correct horse battery staple';

let testPasswordHash: Promise<string> | null = null;
let counter = 0;

export interface NewStaffOptions {
  email?: string;
  displayName?: string;
  password?: string;
  operator?: boolean;
  /** Its second factor; an operator gets `TEST_OPERATOR_TOTP_SECRET` unless given one, or `null` for none. */
  totpSecret?: Uint8Array | null;
  memberships?: { tenant: TenantRow; role: StaffRole; department?: string }[];
}

export type TestStaff = StaffUserRow & { password: string };

/**
 * The second factor of an operator created without one of its own: the operator's console requires
 * TOTP, so every test operator has it, and `signIn` gives its codes.
 */
export const TEST_OPERATOR_TOTP_SECRET = new Uint8Array(20).fill(42);
/** The TOTP secret of each account made here (by e-mail), for `signIn`. */
const totpSecrets = new Map<string, Uint8Array>();
/** The last TOTP step `signIn` used per app and account: the API refuses a step twice (replay). */
const lastSteps = new WeakMap<Requester, Map<string, number>>();

/** An account with memberships, straight in the database (argon2 of TEST_PASSWORD is computed once). */
export async function newStaffUser(db: TestApp['db'], options: NewStaffOptions = {}): Promise<TestStaff> {
  const n = ++counter;
  const password = options.password ?? TEST_PASSWORD;
  const passwordHash = password === TEST_PASSWORD ? await (testPasswordHash ??= hashPassword(TEST_PASSWORD)) : await hashPassword(password);
  const totpSecret = options.totpSecret === undefined ? (options.operator ? TEST_OPERATOR_TOTP_SECRET : null) : options.totpSecret;
  // As the platform admin (the owner's connection only): it may also grant the operator's role.
  const user = await withPlatformAdmin(db, async (tx) => {
    const created = await insertStaffUser(tx, {
      email: options.email ?? `staff-${n}-${Math.random().toString(36).slice(2, 8)}@example.ma`,
      displayName: options.displayName ?? `Staff ${n}`,
      passwordHash,
      at: new Date(),
      totpSecret: totpSecret ?? null,
      totpEnabledAt: totpSecret ? new Date() : null,
    });
    if (totpSecret) totpSecrets.set(created.email.toLowerCase(), totpSecret);
    if (options.operator) await insertPlatformRole(tx, created.id, 'operator');
    for (const m of options.memberships ?? []) {
      const department = m.role === 'agent' ? (m.department ?? 'civil-status') : null;
      await upsertMembership(await actAsTenant(tx, { id: m.tenant.id }), created.id, { role: m.role, department, at: new Date() });
    }
    return created;
  });
  return { ...user, password };
}

/** A clock the test moves by hand. */
export function testClock(start = new Date('2026-11-23T08:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface CallOptions {
  cookie?: string | null;
  body?: unknown;
  /** The Origin header; by default the host's own origin on state-changing methods. `null`: none. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** Return as soon as the answer is there, without waiting for work the route does after answering. */
  answerOnly?: boolean;
}

type Requester = { request: TestApp['app']['request'] };

/** A request as a browser on `host` would send it (same-origin `Origin` on state-changing methods). */
export async function call(app: Requester, method: string, host: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { host, ...options.headers };
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const origin = options.origin === undefined ? (unsafe ? `http://${host}` : null) : options.origin;
  if (origin) headers.origin = origin;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await app.request(`http://${host}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  // Work a route does after answering (a reset request) is done before the test looks at its effects,
  // as it would be by the time a person opens their mail.
  if (!options.answerOnly) await afterAnswerSettled();
  return response;
}

/** `jamaa_session=<token>` from a response's Set-Cookie, ready for a Cookie header; null when absent or cleared. */
export function sessionCookieOf(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const match = header.match(/^jamaa_session=([^;]*)/);
    if (match) return match[1] ? `jamaa_session=${match[1]}` : null;
  }
  return null;
}

export async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code;
}

export interface SignInOptions {
  password?: string;
  /** When the account has TOTP: finishes signing in with the code at `clock()` (default: the secret `newStaffUser` gave it). */
  totpSecret?: Uint8Array;
  clock?: () => Date;
  /** Stop after the password: the session still owes its second factor. */
  pending?: boolean;
}

/**
 * Signs in on `host` and answers the Cookie header value of the session.
 *
 * @example const cookie = await signIn(t.app, 'casablanca.localhost', admin.email);
 */
export async function signIn(app: Requester, host: string, email: string, options: SignInOptions = {}): Promise<string> {
  const login = await call(app, 'POST', host, '/api/v1/auth/login', { body: { email, password: options.password ?? TEST_PASSWORD } });
  if (login.status !== 200) throw new Error(`sign-in of ${email} on ${host} failed: ${login.status} ${await login.text()}`);
  const cookie = sessionCookieOf(login);
  if (!cookie) throw new Error('no session cookie');
  const { status } = (await login.json()) as { status: string };
  if (status === 'two_factor_required' && !options.pending) {
    const secret = options.totpSecret ?? totpSecrets.get(email.toLowerCase());
    if (!secret) throw new Error(`${email} has TOTP: pass totpSecret`);
    // A step not used before for this account: this one, else the next (the API allows one step of drift).
    const now = (options.clock ?? (() => new Date()))();
    const used = lastSteps.get(app) ?? new Map<string, number>();
    lastSteps.set(app, used);
    const step = Math.max(Math.floor(now.getTime() / 30_000), (used.get(email.toLowerCase()) ?? -1) + 1);
    used.set(email.toLowerCase(), step);
    const code = totpCodeAt(secret, new Date(step * 30_000));
    const verified = await call(app, 'POST', host, '/api/v1/auth/totp/verify', { cookie, body: { code } });
    if (verified.status !== 200) throw new Error(`TOTP of ${email} failed: ${verified.status} ${await verified.text()}`);
    // The second factor rotates the session: the pending token is void from here on.
    const rotated = sessionCookieOf(verified);
    if (!rotated) throw new Error('no session cookie after the second factor');
    return rotated;
  }
  return cookie;
}

/** Host names of test tenants on the platform domain `localhost`. */
export function hostOf(tenant: TenantRow, parent?: TenantRow): string {
  if (tenant.kind === 'platform') return 'localhost';
  return parent ? `${tenant.slug}.${parent.slug}.localhost` : `${tenant.slug}.localhost`;
}

// ---------------------------------------------------------------------------------------------------------
// The role × route × status table

export type Caller = 'anonymous' | StaffRole | 'operator' | 'other tenant' | 'two-factor pending';
export const CALLERS: readonly Caller[] = ['anonymous', 'administrator', 'editor', 'agent', 'supervisor', 'operator', 'other tenant', 'two-factor pending'];

/** The tenants and accounts every case runs against. */
export interface RouteWorld {
  t: TestApp;
  platform: TenantRow;
  /** The tenant whose host tenant routes are called on (a commune). */
  tenant: TenantRow;
  /** One of its arrondissements. */
  child: TenantRow;
  /** Another commune: its administrator's session must be worthless on `tenant`. */
  other: TenantRow;
  users: Record<Exclude<Caller, 'anonymous'>, TestStaff>;
  /** A fresh member of `tenant`, for routes that change one. */
  newMember(role?: StaffRole): Promise<TestStaff>;
}

export interface ProtectedRoute {
  /** `METHOD /path/:param` as the router knows it; the coverage check compares with the app's routes. */
  route: string;
  /** The concrete path to call; defaults to `route`'s path. */
  path?: (w: RouteWorld) => string | Promise<string>;
  body?: (w: RouteWorld) => unknown;
  /** Tenant routes are called on the commune's host, platform routes on the platform host. */
  on: 'tenant' | 'platform';
  /** Who gets through. List `administrator` explicitly when it does. */
  allowed: readonly (StaffRole | 'operator')[];
  /** The status of an allowed call; 200 by default. */
  ok?: number;
  /** The route also serves a session still owing its second factor (finishing the sign-in). */
  allowPending?: boolean;
}

/**
 * What `caller` must get from `route`: 401 UNAUTHENTICATED anonymous or with a session of another host,
 * 401 TWO_FACTOR_REQUIRED before the second factor, 403 FORBIDDEN for the wrong role.
 */
export function expectedOutcome(route: ProtectedRoute, caller: Caller): { status: number; code: string | null } {
  const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
  if (caller === 'anonymous' || caller === 'other tenant') return unauthenticated;
  const home = caller === 'operator' ? 'platform' : 'tenant';
  if (home !== route.on) return unauthenticated;
  if (caller === 'two-factor pending' && !route.allowPending) return { status: 401, code: 'TWO_FACTOR_REQUIRED' };
  if (caller === 'two-factor pending') return { status: route.ok ?? 200, code: null };
  return route.allowed.includes(caller) ? { status: route.ok ?? 200, code: null } : { status: 403, code: 'FORBIDDEN' };
}

/**
 * Runs every route against every caller on each database kind: anonymous 401, another tenant's session
 * 401, a session still owing its second factor 401, the wrong role 403, the right role its `ok` status.
 *
 * @example
 *   protectedRouteSuite('complaints', [
 *     { route: 'GET /api/v1/admin/complaints', on: 'tenant', allowed: ['administrator', 'supervisor'] },
 *   ]);
 */
export function protectedRouteSuite(name: string, routes: readonly ProtectedRoute[], options: { kinds?: DatabaseKind[]; app?: TestAppOptions } = {}): void {
  describe.each(options.kinds ?? DATABASE_KINDS)(`${name}: role × route (%s)`, (kind) => {
    let w: RouteWorld;
    const cookies = new Map<Caller, string | null>();

    beforeAll(async () => {
      const t = await newTestApp(kind, options.app);
      const platform = await newPlatform(t.db);
      const tenant = await newTenant(t.db, { slug: 'alpha' });
      const child = await newTenant(t.db, { parent: tenant, slug: 'alpha-one' });
      const other = await newTenant(t.db, { slug: 'beta' });
      const member = (role: StaffRole, extra: NewStaffOptions = {}) => newStaffUser(t.db, { memberships: [{ tenant, role }], ...extra });
      const secret = new Uint8Array(20).fill(7);
      const users = {
        administrator: await member('administrator'),
        editor: await member('editor'),
        agent: await member('agent'),
        supervisor: await member('supervisor'),
        operator: await newStaffUser(t.db, { operator: true }),
        'other tenant': await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'administrator' }] }),
        'two-factor pending': await member('administrator', { totpSecret: secret }),
      };
      w = { t, platform, tenant, child, other, users, newMember: (role = 'editor') => member(role) };
      cookies.set('anonymous', null);
      for (const caller of ['administrator', 'editor', 'agent', 'supervisor'] as const) {
        cookies.set(caller, await signIn(t.app, hostOf(tenant), users[caller].email));
      }
      cookies.set('operator', await signIn(t.app, 'localhost', users.operator.email, { clock: options.app?.clock }));
      cookies.set('other tenant', await signIn(t.app, hostOf(other), users['other tenant'].email));
      cookies.set('two-factor pending', await signIn(t.app, hostOf(tenant), users['two-factor pending'].email, { pending: true }));
    });
    afterAll(() => w.t.dispose());

    const cases = routes.flatMap((route) => CALLERS.map((caller) => ({ route, caller, ...expectedOutcome(route, caller) })));
    it.each(cases)('$route.route as $caller → $status', async ({ route, caller, status, code }) => {
      const [method = 'GET', template = '/'] = route.route.split(' ');
      const path = route.path ? await route.path(w) : template;
      const host = route.on === 'platform' ? 'localhost' : hostOf(w.tenant);
      const body = route.body?.(w);
      const response = await call(w.t.app, method, host, path, { cookie: cookies.get(caller) ?? null, ...(body === undefined ? {} : { body }) });
      expect(response.status, await response.clone().text()).toBe(status);
      if (code) expect(await errorCode(response)).toBe(code);
    });
  });
}
