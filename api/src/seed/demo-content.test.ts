import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeView } from '../catalogue/catalogue.schemas.ts';
import { CONTENT_WINDOWS } from '../content/content.kinds.ts';
import type { Banner, PublicItem, PublicList } from '../content/content.schemas.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { ensurePlatformTenant, seedDemoContent, seedDemoTenants } from './seed.ts';

describe.each(DATABASE_KINDS)('demo content (%s)', (kind) => {
  let t: TestApp;
  const now = new Date('2026-12-05T09:00:00Z');
  beforeAll(async () => {
    t = await newTestApp(kind, { clock: () => now });
    await ensurePlatformTenant(t.db, t.storage);
    await seedDemoTenants(t.db, t.storage);
  }, 180_000);
  afterAll(() => t?.dispose());

  const list = async (host: string, window: string, locale = 'fr') => (await (await t.get(host, `/api/v1/content/${window}?locale=${locale}`)).json()) as PublicList;

  it('refuses an item the API would refuse, naming the file, and records nothing', async () => {
    const bad = [{ file: 'tenants/demo/content/broken.yaml', tenant: ['tetouan'], items: [{ kind: 'notice', publish: true, title: { fr: 'Sans fin' } }] }];
    await expect(seedDemoContent(t.db, now, bad)).rejects.toThrow(/broken\.yaml.*expiresAt/);
    expect((await list('tetouan.localhost', 'notices')).items).toEqual([]);
  });

  it('is created once, on every demo tenant, and a restart adds nothing', async () => {
    const first = await seedDemoContent(t.db, now);
    expect(first.seeded).toBe(true);
    expect(first.items).toBeGreaterThan(40);
    expect(await seedDemoContent(t.db, now)).toEqual({ seeded: false, items: 0 });
    const news = await list('tetouan.localhost', 'news');
    expect(news.items.map((i) => i.slug)).toEqual(['campagne-proprete-medina']);
  }, 60_000);

  it("fills every window of Tétouan's site, in Arabic and French, with zgh titles and a demo mention", async () => {
    for (const window of CONTENT_WINDOWS) {
      const fr = await list('tetouan.localhost', window);
      expect(fr.items.length, window).toBeGreaterThan(0);
      for (const item of fr.items) {
        expect(item.title.fallback, `${window}/${item.slug}`).toBe(false);
        expect((await list('tetouan.localhost', window, 'zgh')).items.every((i) => !i.title.fallback && /\p{Script=Tifinagh}/u.test(i.title.text)), window).toBe(true);
      }
      const ar = await list('tetouan.localhost', window, 'ar');
      expect(ar.items.every((i) => !i.title.fallback && /\p{Script=Arabic}/u.test(i.title.text)), window).toBe(true);
    }
    const item = (await (await t.get('tetouan.localhost', '/api/v1/content/news/campagne-proprete-medina?locale=fr')).json()) as PublicItem;
    expect(item.bodyHtml).toContain('Contenu de démonstration');
  });

  it('shows the water cut as a banner, and the next session before the last one, whose decisions have their votes', async () => {
    const banner = (await (await t.get('tetouan.localhost', '/api/v1/content-banner?locale=fr')).json()) as Banner;
    expect(banner.notices.map((n) => n.slug)).toEqual(['coupure-eau-quartier-demo']);
    const sessions = await list('tetouan.localhost', 'sessions');
    expect(sessions.items.map((s) => s.slug)).toEqual(['session-ordinaire-fevrier-2027', 'session-ordinaire-octobre-2026']);
    const october = sessions.items[1]!;
    expect(october.summaryLate).toBe(false);
    expect(october.fields.decisions).toEqual(expect.arrayContaining([expect.objectContaining({ votesFor: 41, votesAgainst: 8, abstentions: 2, adopted: true })]));
  });

  it("marks Ben Guerir's November session late (no summary after 8 days), and shows Casablanca's shared news on Anfa", async () => {
    const sessions = await list('ben-guerir.localhost', 'sessions');
    expect(sessions.items.find((s) => s.slug === 'session-extraordinaire-novembre-2026')?.summaryLate).toBe(true);
    const anfa = await list('anfa.casablanca.localhost', 'news');
    expect(anfa.items.map((i) => [i.slug, i.inherited])).toEqual(expect.arrayContaining([['nettoyage-plage-ain-diab', false], ['journees-portes-ouvertes-etat-civil', true]]));
    // Anfa's civil status office closes six to eight days after seeding (2026-12-11 to 13): its card says so.
    const offices = ((await (await t.get('anfa.casablanca.localhost', '/api/v1/offices')).json()) as { offices: OfficeView[] }).offices;
    expect(offices.find((o) => o.key === 'etat-civil' && !o.inherited)?.closures).toEqual([
      { from: '2026-12-11', to: '2026-12-13', reason: { ar: 'أشغال تهيئة الشباك (تجريبي)', fr: 'Travaux d’aménagement du guichet (démo)' } },
    ]);
    // Another commune's content never shows.
    expect((await list('ben-guerir.localhost', 'news')).items.map((i) => i.slug)).toEqual(['inauguration-terrain-de-proximite']);
  });

  it("shows Ben Guerir's rural services: the weekly souk placed on the map, the douars' school transport routes, and water points, one out of order", async () => {
    const city = (await list('ben-guerir.localhost', 'city')).items;
    const byKind = (kind: string) => city.filter((i) => i.kind === kind);
    expect(byKind('souk').map((i) => [i.slug, i.fields.weekday])).toEqual([['souk-hebdomadaire', 'sun']]);
    expect(byKind('souk')[0]?.fields.location).toEqual({ lat: expect.closeTo(32.24, 1), lng: expect.closeTo(-7.96, 1) });
    const transport = byKind('school_transport');
    expect(transport.map((i) => i.slug)).toEqual(['transport-scolaire-douars']);
    expect((transport[0]?.fields.routes as unknown[]).length).toBe(3);
    const water = byKind('water_point').map((i) => [i.slug, i.fields.status]);
    expect(water.sort()).toEqual([
      ['borne-fontaine-douar-nord', 'working'],
      ['puits-douar-sud', 'out_of_order'],
    ]);
    for (const point of byKind('water_point')) expect(point.fields.location, point.slug).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number) });
    const broken = (await (await t.get('ben-guerir.localhost', '/api/v1/content/city/puits-douar-sud?locale=ar')).json()) as PublicItem;
    expect(broken.title).toMatchObject({ text: 'بئر دوار الجنوب', fallback: false });
    expect(broken.bodyHtml).toContain('محتوى تجريبي');
  });

  it("puts Ben Guerir's administrative account beside its budget in the budgets and accounts open data", async () => {
    const records = ((await (await t.get('ben-guerir.localhost', '/api/v1/open-data/budgets.json')).json()) as { records: { slug: string; type: string }[] }).records;
    expect(records.map((r) => [r.slug, r.type]).sort()).toEqual([
      ['budget-2027', 'budget'],
      ['compte-administratif-2025', 'accounts'],
    ]);
  });
});
