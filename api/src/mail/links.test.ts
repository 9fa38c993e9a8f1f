// Issue 8, point 4: every link in a mail is built from the tenant's canonical origin (its custom domain or
// its place under PLATFORM_DOMAIN; scheme and port from PUBLIC_URL), never from the request's Host or port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newStaffUser, signIn } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withProvisioning, withTenant } from '../tenancy/unit-of-work.ts';
import { listOutboxMessages } from './outbox.repository.ts';

describe.each(DATABASE_KINDS)('links in mail (%s)', (kind) => {
  let t: TestApp;
  let platform: TenantRow;
  let casablanca: TenantRow;
  let anfa: TenantRow;
  let tetouan: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { env: { PLATFORM_DOMAIN: 'jamaa.test', PUBLIC_URL: 'https://jamaa.test:8443' } });
    platform = await newPlatform(t.db);
    casablanca = await newTenant(t.db, { slug: 'casablanca', locales: ['fr', 'ar'] });
    anfa = await newTenant(t.db, { parent: casablanca, slug: 'anfa', locales: ['fr', 'ar'] });
    tetouan = await newTenant(t.db, { slug: 'tetouan', locales: ['fr', 'ar'] });
    await withProvisioning(t.db, (tx) => tx.insertInto('tenant_domains').values({ domain: 'casablancacity.test', tenant_id: casablanca.id }).execute());
  });
  afterAll(() => t.dispose());

  /** The links of the mail held (no mail server) for `email`, newest first. */
  const linksTo = async (email: string) =>
    (await withTenant(t.db, { id: platform.id }, (tx) => listOutboxMessages(tx, platform.id, 500)))
      .filter((m) => m.to_address === email)
      .flatMap((m) => m.body_text.match(/https?:\/\/\S+/g) ?? []);

  it.each([
    ['tetouan.jamaa.test:6666', 'https://tetouan.jamaa.test:8443', () => tetouan],
    ['anfa.casablanca.jamaa.test:6666', 'https://anfa.casablanca.jamaa.test:8443', () => anfa],
    ['casablanca.jamaa.test:6666', 'https://casablancacity.test:8443', () => casablanca],
    ['casablancacity.test', 'https://casablancacity.test:8443', () => casablanca],
  ])('a reset asked with Host %s links to %s', async (host, origin, tenant) => {
    const member = await newStaffUser(t.db, { memberships: [{ tenant: tenant(), role: 'editor' }] });
    expect((await call(t.app, 'POST', host, '/api/v1/auth/password/reset-request', { body: { email: member.email } })).status).toBe(202);
    const links = await linksTo(member.email);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(new RegExp(`^${origin.replace(/\./g, '\\.')}/fr/admin/password-reset/[a-z2-7]{32}$`));
  });

  it('never puts an IP literal or its port into a link', async () => {
    const operator = await newStaffUser(t.db, { operator: true });
    for (const host of ['127.0.0.1:6666', '[::1]:6666', '203.0.113.7']) {
      const response = await call(t.app, 'POST', host, '/api/v1/auth/password/reset-request', { body: { email: operator.email } });
      // An IP literal is not a tenant's host: refused (403 by the origin check or 400 BAD_HOST), never linked to.
      expect([400, 403, 404]).toContain(response.status);
    }
    for (const link of await linksTo(operator.email)) expect(link).toMatch(/^https:\/\/jamaa\.test:8443\/[a-z]+\/admin\/password-reset\/[a-z2-7]{32}$/);
  });

  it("links an operator's invitation to the tenant's canonical origin, whatever host the operator used", async () => {
    const operator = await newStaffUser(t.db, { operator: true });
    const cookie = await signIn(t.app, 'jamaa.test:6666', operator.email);
    const invited = await call(t.app, 'POST', 'jamaa.test:6666', `/api/v1/operator/tenants/${anfa.id}/invitations`, {
      cookie,
      body: { email: 'first@anfa.test', role: 'administrator' },
    });
    expect(invited.status).toBe(201);
    expect(await linksTo('first@anfa.test')).toEqual([expect.stringMatching(/^https:\/\/anfa\.casablanca\.jamaa\.test:8443\/fr\/admin\/invitation\/[a-z2-7]{32}$/)]);
  });
});
