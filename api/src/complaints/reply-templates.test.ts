// Issue 11: agents reply publicly from templates per state in ar/fr/zgh. A tenant provisioned today gets
// a starter set; tenants provisioned before get it once (the start-up backfill); staff edit it freely.
import { findCommune, registrySpec } from '@jamaa/tenants/registry.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { provisionTenants } from '../tenancy/provisioning.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { backfillStarterReplyTemplates, STARTER_BACKFILL_RUN, starterReplyTemplates } from './reply-templates.service.ts';

interface Listed {
  templates: { id: string; state: string; title: Record<string, string>; body: Record<string, string> }[];
}

describe('the starter reply templates', () => {
  const starter = starterReplyTemplates();

  it('has one template for each state a reply announces, titled and written in ar, fr and zgh', () => {
    expect(starter.map((t) => t.state)).toEqual(['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded']);
    for (const t of starter) {
      for (const locale of ['ar', 'fr', 'zgh'] as const) {
        expect(t.title[locale], `${t.state} ${locale}`).toBeTruthy();
        expect(t.body[locale], `${t.state} ${locale}`).toBeTruthy();
      }
    }
  });

  it('tells a rejected resident, in every language, that they may go before the court (decree 2.17.265)', () => {
    const rejected = starter.find((t) => t.state === 'rejected');
    for (const locale of ['ar', 'fr', 'zgh'] as const) expect(rejected?.body[locale], locale).toContain('2.17.265');
    expect(rejected?.body.fr).toMatch(/tribunal/);
    expect(rejected?.body.ar).toMatch(/المحكمة/);
  });
});

describe.each(DATABASE_KINDS)('starter reply templates for tenants (%s)', (kind) => {
  let t: TestApp;
  let platform: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind);
    platform = await newPlatform(t.db);
  });
  afterAll(() => t?.dispose());

  const templatesOf = async (tenant: TenantRow, cookie: string) => {
    const res = await call(t.app, 'GET', hostOf(tenant), '/api/v1/admin/complaint-settings/templates', { cookie });
    expect(res.status).toBe(200);
    return ((await res.json()) as Listed).templates;
  };
  const countFor = async (tenantId: string) =>
    Number((await t.db.kysely.selectFrom('complaint_reply_templates').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

  it('gives a newly provisioned commune the starter set, which its agents pick from and its administrator edits', async () => {
    const commune = findCommune('01.051.01.09');
    if (!commune) throw new Error('no commune 01.051.01.09');
    const report = await provisionTenants(await t.db.serving(), t.storage, [registrySpec(commune)], { actor: null });
    const created = report.created[0];
    if (!created) throw new Error('not created');
    const tenant = (await t.db.kysely.selectFrom('tenants').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()) as TenantRow;
    const agent = await newStaffUser(t.db, { memberships: [{ tenant, role: 'agent' }] });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant, role: 'administrator' }] });
    const agentCookie = await signIn(t.app, hostOf(tenant), agent.email);
    const adminCookie = await signIn(t.app, hostOf(tenant), admin.email);

    const listed = await templatesOf(tenant, agentCookie);
    expect(listed.map(({ state, title, body }) => ({ state, title, body }))).toEqual(starterReplyTemplates());

    const edited = listed.filter((x) => x.state !== 'in_progress').map(({ state, title, body }) => ({ state, title, body: state === 'resolved' ? { ...body, fr: 'Réparé par nos équipes.' } : body }));
    const put = await call(t.app, 'PUT', hostOf(tenant), '/api/v1/admin/complaint-settings/templates', { cookie: adminCookie, body: { templates: edited } });
    expect(put.status).toBe(200);
    const after = await templatesOf(tenant, agentCookie);
    expect(after.map((x) => x.state)).toEqual(['received', 'assigned', 'resolved', 'rejected', 'forwarded']);
    expect(after.find((x) => x.state === 'resolved')?.body.fr).toBe('Réparé par nos équipes.');
    // The platform tenant, provisioned the same way, has no complaints and no templates.
    expect(await countFor(platform.id)).toBe(0);
  });

  it('gives tenants provisioned before the set existed the starter set once, leaving alone those that wrote their own', async () => {
    const bare = await newTenant(t.db, { slug: 'bare' });
    const arrondissement = await newTenant(t.db, { slug: 'quartier', parent: bare });
    const own = await newTenant(t.db, { slug: 'own' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: own, role: 'administrator' }, { tenant: bare, role: 'administrator' }] });
    const ownCookie = await signIn(t.app, hostOf(own), admin.email);
    const bareCookie = await signIn(t.app, hostOf(bare), admin.email);
    const mine = [{ state: 'resolved', title: { ar: 'تم', fr: 'Fait', zgh: 'ⵉⵜⵜⵓⴳ' }, body: { ar: 'تم الإصلاح.', fr: 'C’est réparé.', zgh: 'ⵉⵜⵜⵓⵙⴳⴰ.' } }];
    expect((await call(t.app, 'PUT', hostOf(own), '/api/v1/admin/complaint-settings/templates', { cookie: ownCookie, body: { templates: mine } })).status).toBe(200);
    expect(await countFor(bare.id)).toBe(0);

    // As the server runs it at start-up: through the serving login.
    const given = await backfillStarterReplyTemplates(await t.db.serving());
    expect(given).toBeGreaterThanOrEqual(2);
    expect((await templatesOf(bare, bareCookie)).map((x) => x.state)).toEqual(['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded']);
    expect(await countFor(arrondissement.id)).toBe(6);
    expect((await templatesOf(own, ownCookie)).map(({ state, title, body }) => ({ state, title, body }))).toEqual(mine);
    expect(await countFor(platform.id)).toBe(0);
    expect(await t.db.kysely.selectFrom('seed_runs').select('name').where('name', '=', STARTER_BACKFILL_RUN).execute()).toHaveLength(1);

    // Run once: an administrator who empties the list keeps it empty through restarts.
    expect((await call(t.app, 'PUT', hostOf(bare), '/api/v1/admin/complaint-settings/templates', { cookie: bareCookie, body: { templates: [] } })).status).toBe(200);
    const late = await newTenant(t.db, { slug: 'late' });
    expect(await backfillStarterReplyTemplates(await t.db.serving())).toBe(0);
    expect(await countFor(bare.id)).toBe(0);
    expect(await countFor(late.id)).toBe(0);
  });
});
