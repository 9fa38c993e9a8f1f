import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { insertInvitation } from './memberships.repository.ts';
import { generateToken, hashToken } from '../sessions/tokens.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newStaffUser, protectedRouteSuite, TEST_PASSWORD, type ProtectedRoute, type RouteWorld } from '../testing/staff.ts';

const ALL_TENANT_ROLES = ['administrator', 'editor', 'agent', 'supervisor'] as const;
let n = 0;
const freshEmail = () => `invitee-${++n}-${Date.now()}@example.ma`;
/** An office of the tenant, made straight in the database. */
const newOffice = (w: RouteWorld) =>
  withTenant(w.t.db, { id: w.tenant.id }, (tx) =>
    insertOffice(tx, { key: `office-${++n}`, kind: 'tax', names: { fr: 'Fiscalité' }, address: {}, latitude: null, longitude: null, hours: [], phone: null, email: null, position: n }),
  );

/** Every protected route under /admin and /operator (accounts, audit, outbox, catalogue, branding, offices, dashboard), with who may call it. */
const NO_TENANT = '00000000-0000-4000-8000-000000000000';
const ROUTES: ProtectedRoute[] = [
  { route: 'GET /api/v1/auth/me', on: 'tenant', allowed: ALL_TENANT_ROLES, allowPending: true },
  { route: 'GET /api/v1/auth/me', on: 'platform', allowed: ['operator'] },
  // Reaches the service: an invalid code for everyone here (none of them has TOTP).
  { route: 'POST /api/v1/auth/totp/verify', on: 'tenant', allowed: ALL_TENANT_ROLES, allowPending: true, body: () => ({ code: '000000' }), ok: 422 },
  { route: 'POST /api/v1/auth/recovery/verify', on: 'tenant', allowed: ALL_TENANT_ROLES, allowPending: true, body: () => ({ code: 'aaaa-aaaa-aaaa-aaaa' }), ok: 422 },
  { route: 'POST /api/v1/auth/totp/enroll', on: 'tenant', allowed: ALL_TENANT_ROLES },
  // The operator has a second factor (the console requires one): enrolling again is a conflict.
  { route: 'POST /api/v1/auth/totp/enroll', on: 'platform', allowed: ['operator'], ok: 409 },
  { route: 'POST /api/v1/auth/totp/enroll/confirm', on: 'tenant', allowed: ALL_TENANT_ROLES, body: () => ({ code: '000000' }), ok: 422 },
  // Reaches the service, which refuses: none of them has a second factor (and so no recovery codes).
  { route: 'POST /api/v1/auth/recovery-codes', on: 'tenant', allowed: ALL_TENANT_ROLES, body: () => ({ password: TEST_PASSWORD }), ok: 409 },
  { route: 'POST /api/v1/auth/recovery-codes', on: 'platform', allowed: ['operator'], body: () => ({ password: TEST_PASSWORD }) },
  // Reaches the service, which refuses the too short new password (and changes nothing).
  {
    route: 'POST /api/v1/auth/password/change',
    on: 'tenant',
    allowed: ALL_TENANT_ROLES,
    body: () => ({ currentPassword: 'correct horse battery staple', newPassword: 'short' }),
    ok: 422,
  },
  { route: 'GET /api/v1/admin/users', on: 'tenant', allowed: ['administrator'] },
  { route: 'POST /api/v1/admin/users', on: 'tenant', allowed: ['administrator'], body: () => ({ email: freshEmail(), role: 'editor' }), ok: 201 },
  {
    route: 'PATCH /api/v1/admin/users/:userId',
    path: async (w) => `/api/v1/admin/users/${(await w.newMember()).id}`,
    on: 'tenant',
    allowed: ['administrator'],
    body: () => ({ role: 'supervisor' }),
  },
  { route: 'POST /api/v1/admin/users/:userId/disable', path: async (w) => `/api/v1/admin/users/${(await w.newMember()).id}/disable`, on: 'tenant', allowed: ['administrator'] },
  { route: 'POST /api/v1/admin/users/:userId/enable', path: async (w) => `/api/v1/admin/users/${(await w.newMember()).id}/enable`, on: 'tenant', allowed: ['administrator'] },
  {
    route: 'PUT /api/v1/admin/users/:userId/tenants/:tenantId',
    path: async (w) => `/api/v1/admin/users/${(await w.newMember()).id}/tenants/${w.child.id}`,
    on: 'tenant',
    allowed: ['administrator'],
    body: () => ({ role: 'editor' }),
  },
  {
    route: 'DELETE /api/v1/admin/users/:userId/tenants/:tenantId',
    path: async (w) => {
      const m = await newStaffUser(w.t.db, { memberships: [{ tenant: w.tenant, role: 'editor' }, { tenant: w.child, role: 'editor' }] });
      return `/api/v1/admin/users/${m.id}/tenants/${w.child.id}`;
    },
    on: 'tenant',
    allowed: ['administrator'],
    ok: 204,
  },
  {
    route: 'DELETE /api/v1/admin/invitations/:id',
    path: async (w) => {
      const invitation = await withTenant(w.t.db, { id: w.tenant.id }, (tx) =>
        insertInvitation(tx, { tokenHash: hashToken(generateToken()), email: freshEmail(), role: 'editor', department: null, invitedBy: null, expiresAt: new Date(Date.now() + 86_400_000), at: new Date() }),
      );
      return `/api/v1/admin/invitations/${invitation.id}`;
    },
    on: 'tenant',
    allowed: ['administrator'],
    ok: 204,
  },
  { route: 'GET /api/v1/admin/audit', on: 'tenant', allowed: ['administrator'] },
  { route: 'GET /api/v1/admin/audit.csv', on: 'tenant', allowed: ['administrator'] },
  { route: 'GET /api/v1/admin/outbox', on: 'tenant', allowed: ['administrator'] },
  { route: 'GET /api/v1/operator/users', on: 'platform', allowed: ['operator'] },
  { route: 'POST /api/v1/operator/users/:userId/disable', path: async (w) => `/api/v1/operator/users/${(await w.newMember()).id}/disable`, on: 'platform', allowed: ['operator'] },
  { route: 'POST /api/v1/operator/users/:userId/enable', path: async (w) => `/api/v1/operator/users/${(await w.newMember()).id}/enable`, on: 'platform', allowed: ['operator'] },
  {
    route: 'POST /api/v1/operator/tenants/:tenantId/invitations',
    path: (w) => `/api/v1/operator/tenants/${w.other.id}/invitations`,
    on: 'platform',
    allowed: ['operator'],
    body: () => ({ email: freshEmail(), role: 'administrator' }),
    ok: 201,
  },
  // Tenant lifecycle (api/src/lifecycle): on a tenant that does not exist, so the table changes nothing.
  ...(['suspend', 'reactivate', 'archive', 'export'] as const).map((action) => ({
    route: `POST /api/v1/operator/tenants/:tenantId/${action}`,
    path: () => `/api/v1/operator/tenants/${NO_TENANT}/${action}`,
    on: 'platform' as const,
    allowed: ['operator' as const],
    body: () => ({}),
    ok: 404,
  })),
  { route: 'POST /api/v1/operator/tenants/import', on: 'platform', allowed: ['operator'], body: () => ({}), ok: 422 },
  { route: 'DELETE /api/v1/operator/tenants/:tenantId', path: () => `/api/v1/operator/tenants/${NO_TENANT}`, on: 'platform', allowed: ['operator'], body: () => ({ confirmSlug: 'x' }), ok: 404 },
  // The operator's access to residents' personal data (operator-access/): only a tenant's administrators grant
  // and revoke it (a grant that does not exist is not found); only the operator reads a tenant's complaints.
  { route: 'GET /api/v1/admin/operator-access', on: 'tenant', allowed: ['administrator'] },
  { route: 'POST /api/v1/admin/operator-access', on: 'tenant', allowed: ['administrator'], body: () => ({ reason: 'Role table: checking who may grant', days: 1 }), ok: 201 },
  { route: 'POST /api/v1/admin/operator-access/:grantId/revoke', path: () => `/api/v1/admin/operator-access/${NO_TENANT}/revoke`, on: 'tenant', allowed: ['administrator'], ok: 404 },
  { route: 'GET /api/v1/operator/tenants/:tenantId/complaints', path: (w) => `/api/v1/operator/tenants/${w.other.id}/complaints`, on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/audit', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/audit.csv', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/outbox', on: 'platform', allowed: ['operator'] },
  // Catalogue. Publishing comes first: the cases run in this order, and the admin routes need a version.
  { route: 'POST /api/v1/operator/catalogue/versions', on: 'platform', allowed: ['operator'], body: () => ({}) },
  // Governance of the national catalogue (catalogue/governance.*).
  { route: 'GET /api/v1/operator/catalogue', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/catalogue/services/:code', path: () => '/api/v1/operator/catalogue/services/no-such-service', on: 'platform', allowed: ['operator'], ok: 404 },
  { route: 'PUT /api/v1/operator/catalogue/draft/services/:code', path: () => '/api/v1/operator/catalogue/draft/services/no-such-service', on: 'platform', allowed: ['operator'], body: () => ({}), ok: 422 },
  { route: 'DELETE /api/v1/operator/catalogue/draft/services/:code', path: () => '/api/v1/operator/catalogue/draft/services/no-such-service', on: 'platform', allowed: ['operator'], ok: 404 },
  { route: 'GET /api/v1/operator/catalogue/draft', on: 'platform', allowed: ['operator'], ok: 404 },
  { route: 'DELETE /api/v1/operator/catalogue/draft', on: 'platform', allowed: ['operator'], ok: 404 },
  { route: 'POST /api/v1/operator/catalogue/draft/publish', on: 'platform', allowed: ['operator'], body: () => ({}), ok: 404 },
  { route: 'GET /api/v1/admin/catalogue/offerings', on: 'tenant', allowed: ['administrator', 'editor'] },
  {
    route: 'GET /api/v1/admin/catalogue/offerings/:code',
    path: () => '/api/v1/admin/catalogue/offerings/signature-legalisation',
    on: 'tenant',
    allowed: ['administrator', 'editor'],
  },
  {
    route: 'PUT /api/v1/admin/catalogue/offerings/:code',
    path: () => '/api/v1/admin/catalogue/offerings/signature-legalisation',
    on: 'tenant',
    allowed: ['administrator'],
    body: () => ({ overrides: { note: { fr: 'Guichet 3' } } }),
  },
  // Reaches the service, which refuses an incomplete card (and adds nothing).
  { route: 'POST /api/v1/admin/catalogue/local-services', on: 'tenant', allowed: ['administrator'], body: () => ({ code: 'local-x' }), ok: 422 },
  // Branding.
  { route: 'GET /api/v1/admin/branding', on: 'tenant', allowed: ['administrator'] },
  { route: 'PUT /api/v1/admin/branding', on: 'tenant', allowed: ['administrator'], body: () => ({ accentColor: '#f2c14e' }) },
  // Reaches the service, which refuses a body that is not an image (JSON here).
  { route: 'PUT /api/v1/admin/branding/logo', on: 'tenant', allowed: ['administrator'], body: () => ({}), ok: 415 },
  { route: 'DELETE /api/v1/admin/branding/logo', on: 'tenant', allowed: ['administrator'] },
  { route: 'GET /api/v1/admin/dashboard', on: 'tenant', allowed: ALL_TENANT_ROLES },
  // Support (accounts/support.routes.ts): one's own sessions, on a tenant and on the platform.
  { route: 'GET /api/v1/admin/account/sessions', on: 'tenant', allowed: ALL_TENANT_ROLES },
  { route: 'GET /api/v1/admin/account/sessions', on: 'platform', allowed: ['operator'] },
  { route: 'POST /api/v1/admin/account/sessions/end-others', on: 'tenant', allowed: ALL_TENANT_ROLES },
  { route: 'DELETE /api/v1/admin/account/sessions/:sessionId', path: () => `/api/v1/admin/account/sessions/${'0'.repeat(32)}`, on: 'tenant', allowed: ALL_TENANT_ROLES, ok: 404 },
  {
    route: 'POST /api/v1/operator/users/:userId/second-factor/reset',
    path: async (w) => `/api/v1/operator/users/${(await w.newMember()).id}/second-factor/reset`,
    on: 'platform',
    allowed: ['operator'],
    body: () => ({ reason: 'lost phone, checked in person' }),
    ok: 409,
  },
  { route: 'POST /api/v1/operator/users/:userId/sessions/end', path: async (w) => `/api/v1/operator/users/${(await w.newMember()).id}/sessions/end`, on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/admin/arrondissements', on: 'tenant', allowed: ['administrator'] },
  // Offices: each allowed call makes its own (keys are made unique from the name).
  { route: 'GET /api/v1/admin/offices', on: 'tenant', allowed: ['administrator'] },
  { route: 'POST /api/v1/admin/offices', on: 'tenant', allowed: ['administrator'], body: () => ({ kind: 'tax', names: { fr: 'Fiscalité' } }), ok: 201 },
  {
    route: 'PUT /api/v1/admin/offices/:id',
    path: async (w) => `/api/v1/admin/offices/${await newOffice(w)}`,
    on: 'tenant',
    allowed: ['administrator'],
    body: () => ({ kind: 'tax', names: { fr: 'Fiscalité, 2e étage' } }),
  },
  { route: 'DELETE /api/v1/admin/offices/:id', path: async (w) => `/api/v1/admin/offices/${await newOffice(w)}`, on: 'tenant', allowed: ['administrator'], ok: 204 },
  // The operator's tenants (onboarding/).
  { route: 'GET /api/v1/operator/tenants', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/registry', path: () => '/api/v1/operator/registry?q=casa', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/onboarding/options', on: 'platform', allowed: ['operator'] },
  // Reaches the service, which refuses a code no registry file has (and creates nothing).
  { route: 'POST /api/v1/operator/onboarding', on: 'platform', allowed: ['operator'], body: () => ({ code: '99.999.99.99' }), ok: 404 },
  { route: 'POST /api/v1/operator/onboarding/batch', on: 'platform', allowed: ['operator'], body: () => ({ codes: ['not-a-code'] }), ok: 202 },
  { route: 'GET /api/v1/operator/onboarding/jobs/:jobId', path: () => '/api/v1/operator/onboarding/jobs/00000000-0000-4000-8000-000000000000', on: 'platform', allowed: ['operator'], ok: 404 },
  {
    route: 'POST /api/v1/operator/tenants/:tenantId/domains',
    path: (w) => `/api/v1/operator/tenants/${w.tenant.id}/domains`,
    on: 'platform',
    allowed: ['operator'],
    body: () => ({ domain: `site-${++n}.example.ma` }),
    ok: 201,
  },
  { route: 'GET /api/v1/operator/statistics', on: 'platform', allowed: ['operator'] },
  { route: 'GET /api/v1/operator/conformance', on: 'platform', allowed: ['operator'] },
  // Complaints (complaints/): agents and supervisors work the queue; supervisors assign, merge, forward;
  // administrators configure. A complaint id that does not exist reaches the service (404).
  ...complaintRoutes(),
  ...contactContentTariffRoutes(),
];

/** Contact lines and operators (contact/, administrators), content (content/, editors), the commune tariff (tariff/). */
function contactContentTariffRoutes(): ProtectedRoute[] {
  const none = '00000000-0000-4000-8000-000000000000';
  const admin = ['administrator'] as const;
  const editors = ['administrator', 'editor'] as const;
  const one = (route: string, allowed: readonly ('administrator' | 'editor')[], body?: unknown, ok = 404): ProtectedRoute => ({
    route,
    path: () => route.split(' ')[1]!.replace(':id', none).replace(':revision', '1').replace(':fileId', none),
    on: 'tenant',
    allowed,
    ...(body === undefined ? {} : { body: () => body }),
    ok,
  });
  return [
    one('GET /api/v1/admin/contact', admin, undefined, 200),
    // An empty body reaches validation (and changes nothing).
    one('POST /api/v1/admin/contact-lines', admin, {}, 422),
    one('PUT /api/v1/admin/contact-lines/:id', admin, {}, 422),
    one('DELETE /api/v1/admin/contact-lines/:id', admin),
    one('PUT /api/v1/admin/contact-lines-order', admin, {}, 422),
    one('POST /api/v1/admin/contact-operators', admin, {}, 422),
    one('PUT /api/v1/admin/contact-operators/:id', admin, {}, 422),
    one('DELETE /api/v1/admin/contact-operators/:id', admin),
    one('PUT /api/v1/admin/contact-operators-order', admin, {}, 422),
    one('GET /api/v1/admin/content', editors, undefined, 200),
    one('GET /api/v1/admin/content/:id', editors),
    one('GET /api/v1/admin/content/:id/revisions', editors),
    one('POST /api/v1/admin/content', editors, {}, 422),
    one('PUT /api/v1/admin/content/:id', editors, {}, 422),
    one('POST /api/v1/admin/content/:id/publish', editors, {}),
    one('POST /api/v1/admin/content/:id/unpublish', editors, {}),
    one('DELETE /api/v1/admin/content/:id', editors),
    one('POST /api/v1/admin/content/:id/revisions/:revision/restore', editors, {}),
    one('POST /api/v1/admin/content/:id/files', editors, {}, 422),
    one('DELETE /api/v1/admin/content/:id/files/:fileId', editors),
    one('POST /api/v1/admin/content-preview', editors, { markdown: '**Conseil**' }, 200),
    one('GET /api/v1/admin/content-sites', editors, undefined, 200),
    one('GET /api/v1/admin/tariff', admin, undefined, 200),
    one('PUT /api/v1/admin/tariff', admin, {}, 422),
  ];
}

function complaintRoutes(): ProtectedRoute[] {
  const staff = ['administrator', 'agent', 'supervisor'] as const;
  const supervisor = ['administrator', 'supervisor'] as const;
  const none = '00000000-0000-4000-8000-000000000000';
  const one = (route: string, allowed: readonly ('administrator' | 'agent' | 'supervisor')[], body?: unknown, ok = 404): ProtectedRoute => ({
    route,
    path: () => route.split(' ')[1]!.replace(':id', none).replace(':fileId', none).replace(':keyId', none),
    on: 'tenant',
    allowed,
    ...(body === undefined ? {} : { body: () => body }),
    ok,
  });
  return [
    one('GET /api/v1/admin/complaints', staff, undefined, 200),
    one('POST /api/v1/admin/complaints', staff, { category: 'other', description: 'Filed at the counter', address: 'Hôtel de ville', channel: 'counter' }, 201),
    one('GET /api/v1/admin/complaints/:id', staff),
    one('GET /api/v1/admin/complaints/:id/photos/:fileId', staff),
    one('POST /api/v1/admin/complaints/:id/assign', supervisor, { department: 'works' }),
    one('POST /api/v1/admin/complaints/:id/replies', staff, { body: 'Merci', public: false }),
    one('POST /api/v1/admin/complaints/:id/state', staff, { state: 'in_progress' }),
    one('POST /api/v1/admin/complaints/:id/redaction', staff, { reviewed: true }),
    one('POST /api/v1/admin/complaints/:id/photos/:fileId/review', staff, { status: 'hidden' }),
    one('POST /api/v1/admin/complaints/:id/photos/:fileId/blur', staff, { x: 0.1, y: 0.1, width: 0.2, height: 0.2 }),
    one('POST /api/v1/admin/complaints/:id/merge', supervisor, { into: 'CASA-2026-000001' }),
    one('POST /api/v1/admin/complaints/:id/forward', supervisor, { body: 'ONEE', reference: 'R-1' }),
    one('GET /api/v1/admin/complaint-settings/categories', staff, undefined, 200),
    one('PUT /api/v1/admin/complaint-settings/categories', ['administrator'], { categories: [{ code: 'other', names: { fr: 'Autre' }, deadlineDays: 60, department: null, active: true }] }, 200),
    one('GET /api/v1/admin/complaint-settings/templates', staff, undefined, 200),
    one('GET /api/v1/admin/complaint-settings/area', staff, undefined, 200),
    one('PUT /api/v1/admin/complaint-settings/area', ['administrator'], { area: null }, 200),
    one('PUT /api/v1/admin/complaint-settings/templates', ['administrator'], { templates: [] }, 200),
    one('GET /api/v1/admin/open311-keys', ['administrator'], undefined, 200),
    one('POST /api/v1/admin/open311-keys', ['administrator'], { name: 'FixMyStreet' }, 201),
    one('DELETE /api/v1/admin/open311-keys/:keyId', ['administrator']),
  ];
}

/** Routes under the staff prefixes that are public on purpose (their body or link token is the credential). */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password/reset-request',
  'POST /api/v1/auth/password/reset',
  'GET /api/v1/admin/invitations/:token',
  'POST /api/v1/admin/invitations/:token',
]);

protectedRouteSuite('staff accounts', ROUTES);

describe('the role table', () => {
  it('covers every route under /api/v1/auth, /admin and /operator that is not public on purpose', () => {
    const app = createApp({} as Parameters<typeof createApp>[0]);
    const registered = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && /^\/api\/v1\/(auth|admin|operator)\//.test(r.path))
        .map((r) => `${r.method} ${r.path}`)
        .filter((r) => !PUBLIC.has(r)),
    );
    expect([...new Set(ROUTES.map((r) => r.route))].sort()).toEqual([...registered].sort());
  });
});

describe.each(DATABASE_KINDS.slice(0, 1))('security headers of the API (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind, { env: { PLATFORM_DOMAIN: 'jamaa.ma', TRUST_PROXY: 'true' } });
    await newPlatform(t.db);
    await newTenant(t.db, { slug: 'casablanca' });
  });
  afterAll(() => t.dispose());

  const hsts = async (host: string, proto: string | null, path = '/api/v1/site') =>
    (await t.get(host, path, proto ? { 'x-forwarded-proto': proto } : {})).headers.get('strict-transport-security');

  it('sends HSTS only when the proxy says the request came over HTTPS, on answers and refusals alike', async () => {
    expect(await hsts('casablanca.jamaa.ma', 'https')).toBe('max-age=31536000; includeSubDomains');
    expect(await hsts('casablanca.jamaa.ma', 'https', '/api/v1/nothing-here')).toBe('max-age=31536000; includeSubDomains');
    expect(await hsts('jamaa.ma', 'https', '/healthz')).toBe('max-age=31536000; includeSubDomains');
    expect(await hsts('casablanca.jamaa.ma', 'http')).toBeNull();
    expect(await hsts('casablanca.jamaa.ma', null)).toBeNull();
    // A tenant's own domain is pinned, not its other subdomains.
    expect(await hsts('casablancacity.ma', 'https', '/healthz')).toBe('max-age=31536000');
    expect(await hsts('casablanca.localhost', 'https', '/healthz')).toBeNull();
  });

  it('marks every answer nosniff', async () => {
    expect((await t.get('casablanca.jamaa.ma', '/api/v1/site')).headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.get('casablanca.jamaa.ma', '/api/v1/auth/me')).headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('HSTS without a trusted proxy', () => {
  it('believes no X-Forwarded-Proto', async () => {
    const t = await newTestApp(DATABASE_KINDS[0] ?? 'pglite', { env: { PLATFORM_DOMAIN: 'jamaa.ma', TRUST_PROXY: 'false' } });
    try {
      const res = await t.get('jamaa.ma', '/healthz', { 'x-forwarded-proto': 'https' });
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await t.dispose();
    }
  });
});
