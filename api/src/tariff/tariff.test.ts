import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import type { Site } from '../site/site.schemas.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { TariffSettings } from './tariff.schemas.ts';

const ARRETE = 'https://www.casablancacity.ma/documents/arrete-fiscal-2026.pdf';

describe.each(DATABASE_KINDS)("the commune's tariff (%s)", (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let cityCookie: string;
  let anfaCookie: string;
  let editorCookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'administrator' }] });
    const editor = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    cityCookie = await signIn(t.app, hostOf(city), admin.email);
    anfaCookie = await signIn(t.app, hostOf(anfa, city), admin.email);
    editorCookie = await signIn(t.app, hostOf(city), editor.email);
  });
  afterAll(() => t.dispose());

  const put = (host: string, cookie: string, body: unknown) => call(t.app, 'PUT', host, '/api/v1/admin/tariff', { cookie, body });
  const site = async (host: string) => (await (await t.get(host, '/api/v1/site')).json()) as Site;
  const audit = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).where('action', '=', 'site.tariff_changed').execute());

  it('is unset at first: the public site has no tariff to point to', async () => {
    expect((await site(hostOf(city))).tariff).toBeNull();
    const settings = (await (await call(t.app, 'GET', hostOf(city), '/api/v1/admin/tariff', { cookie: cityCookie })).json()) as TariffSettings;
    expect(settings).toEqual({ url: null, note: {}, inherited: false });
  });

  it('is set by an administrator, audited, and shown on the commune and its arrondissements', async () => {
    const response = await put(hostOf(city), cityCookie, { url: ARRETE, note: { fr: 'Arrêté fiscal de la commune', ar: 'القرار الجبائي للجماعة', zgh: '  ' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: ARRETE, note: { fr: 'Arrêté fiscal de la commune', ar: 'القرار الجبائي للجماعة' }, inherited: false });
    // Every process hears of the change through the tenant-change notification (asynchronous on PostgreSQL).
    await expect.poll(async () => (await site(hostOf(city))).tariff).toEqual({ url: ARRETE, note: { fr: 'Arrêté fiscal de la commune', ar: 'القرار الجبائي للجماعة' } });
    await expect.poll(async () => (await site(hostOf(anfa, city))).tariff?.url, { message: "the arrondissement shows its commune's" }).toBe(ARRETE);
    const settings = (await (await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/admin/tariff', { cookie: anfaCookie })).json()) as TariffSettings;
    expect(settings.inherited).toBe(true);

    const [entry, ...more] = await audit(city);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ before: { url: null, note: null }, after: { url: ARRETE, note: { fr: 'Arrêté fiscal de la commune' } } });
    // Saving the same again records nothing.
    await put(hostOf(city), cityCookie, { url: ARRETE, note: { fr: 'Arrêté fiscal de la commune', ar: 'القرار الجبائي للجماعة' } });
    expect(await audit(city)).toHaveLength(1);
  });

  it('refuses what is not a web address, and anyone but an administrator', async () => {
    for (const url of ['javascript:alert(1)', 'ftp://example.ma/x.pdf', 'arrete.pdf']) {
      const refused = await put(hostOf(city), cityCookie, { url, note: {} });
      expect(refused.status, url).toBe(422);
      expect(await errorCode(refused)).toBe('VALIDATION_FAILED');
    }
    expect((await put(hostOf(city), cityCookie, { url: null, note: { fr: 'x'.repeat(401) } })).status).toBe(422);
    expect((await put(hostOf(city), editorCookie, { url: null, note: {} })).status).toBe(403);
    expect((await site(hostOf(city))).tariff?.url).toBe(ARRETE);
  });

  it("an arrondissement's own tariff wins over its commune's; cleared, the commune's shows again", async () => {
    await put(hostOf(anfa, city), anfaCookie, { url: null, note: { fr: 'Voir le bureau de la régie de l’arrondissement' } });
    await expect.poll(async () => (await site(hostOf(anfa, city))).tariff).toEqual({ url: null, note: { fr: 'Voir le bureau de la régie de l’arrondissement' } });
    await put(hostOf(anfa, city), anfaCookie, { url: null, note: {} });
    await expect.poll(async () => (await site(hostOf(anfa, city))).tariff?.url).toBe(ARRETE);
  });
});
