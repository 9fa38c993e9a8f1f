import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueVersion, loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import type { ContactDirectoryView } from '../contact/contact.schemas.ts';
import type { OfficeView, ServiceDetailView } from '../catalogue/catalogue.schemas.ts';
import { ensureCatalogue, publishCatalogue } from '../catalogue/catalogue.service.ts';
import type { PublicList } from '../content/content.schemas.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import type { AdminOffice } from '../offices/offices.schemas.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf, MINUTE, newStaffUser, signIn, testClock } from '../testing/staff.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { upsertSiteText } from '../site/site.repository.ts';
import { ALL_PAGES, announcePagesChanged, type ReadStamp } from './page-cache.ts';
import { PublicReadCache } from './public-read-cache.ts';

describe('the cache of public reads, on its own', () => {
  const resolved = { tenant: { id: 't1' } } as unknown as ResolvedTenant;
  /** A stand-in for the page cache's generations: `bump()` is a write announced for the tenant. */
  function source() {
    let gen = 0;
    let listening = true;
    let next: number | null = null;
    return {
      bump: () => gen++,
      away: () => (listening = false),
      nextAt: (at: number | null) => (next = at),
      stamp: (r: ResolvedTenant): ReadStamp | null => (listening ? { resolved: r, key: 't1:1', deps: ['t1'], gens: [gen], global: 0 } : null),
      isCurrent: (s: ReadStamp) => listening && s.gens[0] === gen,
      nextChangeOf: async () => next,
    };
  }
  const counting = () => {
    let n = 0;
    return { load: async () => ++n, get count() { return n; } };
  };

  it('reads once, then answers from memory until a change is announced for the tenant', async () => {
    const s = source();
    const cache = new PublicReadCache(s);
    const reads = counting();
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(1);
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(1);
    expect(reads.count).toBe(1);
    s.bump();
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(2);
    // Each piece is its own.
    expect(await cache.read(resolved, 'contact', reads.load)).toBe(3);
  });

  it('keeps nothing while the listener is away, nor what failed to load', async () => {
    const s = source();
    const cache = new PublicReadCache(s);
    const reads = counting();
    await expect(cache.read(resolved, 'offices', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(1);
    s.away();
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(2);
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(3);
  });

  it('keeps what depends on the time only until the next scheduled change, and anything no longer than its TTL', async () => {
    const s = source();
    let now = 1_000_000;
    const cache = new PublicReadCache(s, { clock: () => now, ttlMs: 60_000 });
    const reads = counting();
    s.nextAt(now + 10_000);
    expect(await cache.read(resolved, 'banner', reads.load, { untilNextChange: true })).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    now += 9_999;
    expect(await cache.read(resolved, 'banner', reads.load, { untilNextChange: true })).toBe(1);
    now += 1;
    expect(await cache.read(resolved, 'banner', reads.load, { untilNextChange: true })).toBe(2);
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(3);
    now += 60_000;
    expect(await cache.read(resolved, 'offices', reads.load)).toBe(4);
  });
});

describe.each(DATABASE_KINDS)('public reads kept between requests (%s)', (kind) => {
  let t: TestApp;
  const clock = testClock(new Date('2026-11-23T08:00:00Z'));
  let city: TenantRow;
  let anfa: TenantRow;
  let other: TenantRow;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now, pages: true });
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'administrator' }] });
    cookies.set(hostOf(city), await signIn(t.app, hostOf(city), admin.email));
    cookies.set(hostOf(anfa, city), await signIn(t.app, hostOf(anfa, city), admin.email));
  });
  afterAll(() => t?.dispose());

  const as = (host: string, method: string, path: string, body?: unknown) =>
    call(t.app, method, host, path, { cookie: cookies.get(host) ?? null, ...(body === undefined ? {} : { body }) });
  const offices = async (host: string) => ((await (await t.get(host, '/api/v1/offices')).json()) as { offices: OfficeView[] }).offices.map((o) => o.names.fr);
  const reads = () => t.reads?.stats.misses ?? 0;

  it("answers a tenant's offices from memory, and shows a staff member's change at the next request", async () => {
    await offices(hostOf(city));
    const before = reads();
    expect(await offices(hostOf(city))).toEqual(await offices(hostOf(city)));
    expect(reads()).toBe(before);

    const created = await as(hostOf(city), 'POST', '/api/v1/admin/offices', { kind: 'civil_status', names: { fr: 'Annexe Maârif', ar: 'ملحقة المعاريف' } });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await offices(hostOf(city))).toContain('Annexe Maârif');
    // An arrondissement lists its commune's offices too: it sees the change as well.
    expect(await offices(hostOf(anfa, city))).toContain('Annexe Maârif');
    // Another tenant's data is its own.
    expect(await offices(hostOf(other))).not.toContain('Annexe Maârif');

    const { id } = (await created.json()) as AdminOffice;
    const renamed = await as(hostOf(city), 'PUT', `/api/v1/admin/offices/${id}`, { kind: 'civil_status', names: { fr: 'Annexe Maârif-Est', ar: 'ملحقة المعاريف' } });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    expect(await offices(hostOf(city))).toContain('Annexe Maârif-Est');
    // The service page names the renamed office too (the merged catalogue was kept with the old one).
    const detail = (await (await t.get(hostOf(city), '/api/v1/services/birth-certificate-extract')).json()) as ServiceDetailView;
    expect(detail.office?.names.fr).toBe('Annexe Maârif-Est');
  });

  it("gives a service page the offices its catalogue read (no read of their own), in the order they are listed alone, and a change at the next request", async () => {
    const rabat = await newTenant(t.db, { slug: 'rabat' });
    const agdal = await newTenant(t.db, { parent: rabat, slug: 'agdal' });
    const office = (key: string, position: number, fr: string) => ({ key, kind: 'civil_status', names: { fr }, address: { fr }, latitude: null, longitude: null, hours: [], phone: null, email: null, position });
    await withTenant(t.db, { id: rabat.id }, async (tx) => {
      await insertOffice(tx, office('hotel-de-ville', 0, 'Hôtel de ville'));
      await insertOffice(tx, office('annexe', 1, 'Annexe Hassan'));
    });
    await withTenant(t.db, { id: agdal.id }, (tx) => insertOffice(tx, office('etat-civil', 0, 'État civil Agdal')));
    const host = hostOf(agdal, rabat);
    const offices = async () => ((await (await t.get(host, '/api/v1/offices')).json()) as { offices: OfficeView[] }).offices.map((o) => [o.names.fr, o.inherited]);
    const service = async () => expect((await t.get(host, '/api/v1/services/birth-certificate-extract')).status).toBe(200);

    // A service page asks for the service, then for the offices: the catalogue's one read serves both.
    await service();
    const before = reads();
    const fromCatalogue = await offices();
    expect(reads()).toBe(before);
    // The arrondissement's own office first, then its commune's, each in its own order.
    expect(fromCatalogue).toEqual([
      ['État civil Agdal', false],
      ['Hôtel de ville', true],
      ['Annexe Hassan', true],
    ]);

    // Dropped with the tenant's other reads: read alone, they are the same list.
    await announcePagesChanged(t.db, agdal.id);
    await expect
      .poll(async () => {
        const n = reads();
        const list = await offices();
        return reads() > n ? list : 'still kept';
      })
      .toEqual(fromCatalogue);

    // A change announced between two service pages shows on the next one.
    await withTenant(t.db, { id: agdal.id }, (tx) => insertOffice(tx, office('bureau-d-ordre', 1, "Bureau d'ordre Agdal")));
    await announcePagesChanged(t.db, agdal.id);
    await expect.poll(async () => {
      await service();
      return offices();
    }).toContainEqual(["Bureau d'ordre Agdal", false]);
  });

  it('reads the banner and the windows the navigation links at once, and links a window from the request after its first publication until it is unpublished', async () => {
    const host = hostOf(anfa, city);
    const banner = async () => (await (await t.get(host, '/api/v1/content-banner?locale=fr')).json()) as { notices: unknown[]; windows: string[] };
    const before = reads();
    expect((await banner()).windows).not.toContain('news');
    // One read for both, which the other language and the windows alone then share.
    expect(reads()).toBe(before + 1);
    expect((await (await t.get(host, '/api/v1/content-banner?locale=ar')).json()) as { windows: string[] }).toMatchObject({ windows: (await banner()).windows });
    expect(((await (await t.get(host, '/api/v1/content-windows')).json()) as { windows: string[] }).windows).toEqual((await banner()).windows);
    expect(reads()).toBe(before + 1);

    const created = await as(host, 'POST', '/api/v1/admin/content', { kind: 'news', title: { fr: 'Inauguration du jardin' }, summary: {}, body: {}, fields: {} });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // A draft is not public: still no link.
    expect((await banner()).windows).not.toContain('news');
    expect((await as(host, 'POST', `/api/v1/admin/content/${id}/publish`, {})).status).toBe(200);
    expect((await banner()).windows).toContain('news');
    expect(((await (await t.get(host, '/api/v1/content-windows')).json()) as { windows: string[] }).windows).toContain('news');
    // Another tenant's navigation does not change.
    expect((await (await t.get(hostOf(other), '/api/v1/content-banner?locale=fr')).json()) as { windows: string[] }).toMatchObject({ windows: expect.not.arrayContaining(['news']) });
    expect((await as(host, 'POST', `/api/v1/admin/content/${id}/unpublish`)).status).toBe(200);
    expect((await banner()).windows).not.toContain('news');
  });

  it("reads a home page's data once for all its languages, and shows a change at the next request after it is announced", async () => {
    const home = async (locale: string) => (await (await t.get(hostOf(city), `/api/v1/site/home?locale=${locale}`)).json()) as { welcome: { text: string } | null; children: { slug: string }[] };
    expect((await home('fr')).children.map((c) => c.slug)).toEqual(['anfa']);
    // Written as another process would, not yet announced: every language still answers from what was read.
    await withTenant(t.db, { id: city.id }, (tx) => upsertSiteText(tx, 'home.welcome', { fr: 'Bienvenue à Casablanca', ar: 'مرحبا بكم' }));
    expect((await home('ar')).welcome).toBeNull();
    expect((await home('fr')).welcome).toBeNull();
    await announcePagesChanged(t.db, city.id);
    await expect.poll(async () => (await home('fr')).welcome?.text).toBe('Bienvenue à Casablanca');
    expect((await home('ar')).welcome?.text).toBe('مرحبا بكم');
    expect((await home('ar')).children.map((c) => c.slug)).toEqual(['anfa']);
  });

  it('drops what it holds when another process announces a change to the tenant', async () => {
    const second: Database = kind === 'postgres' && t.db.url ? await openDatabase({ kind: 'postgres', url: t.db.url, poolSize: 1 }) : t.db;
    try {
      const contact = async () => ((await (await t.get(hostOf(other), '/api/v1/contact')).json()) as ContactDirectoryView).lines.map((l) => l.number);
      const first = await contact();
      // A change written by another process, and announced as its staff API does after each write.
      await withTenant(second, { id: other.id }, (tx) =>
        tx.insertInto('contact_lines').values({ tenant_id: other.id, topic: 'hotline', kind: 'line', number: '+212539000000', labels: JSON.stringify({ fr: 'Standard' }), position: 99 }).execute(),
      );
      expect(await contact()).toEqual(first);
      await announcePagesChanged(second, other.id);
      await expect.poll(contact).toContain('+212539000000');
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('keeps the banner no later than the next scheduled change, read with it, even within the safety TTL', async () => {
    const fes = await newTenant(t.db, { slug: 'fes' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: fes, role: 'administrator' }] });
    const cookie = await signIn(t.app, hostOf(fes), admin.email);
    const banner = async () => ((await (await t.get(hostOf(fes), '/api/v1/content-banner?locale=fr')).json()) as { notices: { title: { text: string } }[] }).notices.map((n) => n.title.text);
    expect(await banner()).toEqual([]);
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();
    const created = await call(t.app, 'POST', hostOf(fes), '/api/v1/admin/content', { cookie, body: { kind: 'notice', title: { fr: 'Marché fermé' }, summary: {}, body: {}, expiresAt: at(4) } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call(t.app, 'POST', hostOf(fes), `/api/v1/admin/content/${id}/publish`, { cookie, body: { publishAt: at(2) } })).status).toBe(200);
    // Both times are within the 5 minutes a kept read is held at most: only the next change ends it.
    expect(await banner()).toEqual([]);
    expect(await banner()).toEqual([]);
    clock.advance(2 * MINUTE + 1000);
    expect(await banner()).toEqual(['Marché fermé']);
    expect(await banner()).toEqual(['Marché fermé']);
    clock.advance(2 * MINUTE);
    expect(await banner()).toEqual([]);
  });

  it('keeps the catalogue version in force once for every tenant, and shows a new one at the next request after its publication is announced', async () => {
    const version = async (host: string) => ((await (await t.get(host, '/api/v1/services?lang=fr')).json()) as { catalogueVersion: string }).catalogueVersion;
    const before = await version(hostOf(city));
    const meknes = await newTenant(t.db, { slug: 'meknes' });
    expect(await version(hostOf(meknes))).toBe(before);
    // Published as another process would, announced for every tenant as the operator's API does after it.
    const shipped = loadCatalogue();
    const [first, ...rest] = shipped.services;
    if (!first) throw new Error('an empty catalogue');
    const changed = { ...shipped, services: [{ ...first, summary: { ...first.summary, fr: 'Résumé révisé.' } }, ...rest] };
    await publishCatalogue(t.db, { ...changed, version: catalogueVersion(changed) }, 'Hiver 2027');
    expect(await version(hostOf(city))).toBe(before);
    await announcePagesChanged(t.db, ALL_PAGES);
    await expect.poll(() => version(hostOf(city))).toBe('Hiver 2027');
    expect(await version(hostOf(meknes))).toBe('Hiver 2027');
    expect(await version(hostOf(anfa, city))).toBe('Hiver 2027');
  });

  it('shows a notice when its publication time comes, and no longer once it has expired, with no write in between', async () => {
    const notice = async (publishAt: string, expiresAt: string) => {
      const created = await as(hostOf(city), 'POST', '/api/v1/admin/content', { kind: 'notice', title: { fr: 'Coupure d’eau à Anfa' }, summary: {}, body: {}, expiresAt, fields: { severity: 'warning' } });
      expect(created.status, await created.clone().text()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const published = await as(hostOf(city), 'POST', `/api/v1/admin/content/${id}/publish`, { publishAt });
      expect(published.status, await published.clone().text()).toBe(200);
    };
    const banner = async () => ((await (await t.get(hostOf(city), '/api/v1/content-banner?locale=fr')).json()) as { notices: { title: { text: string } }[] }).notices.map((n) => n.title.text);
    const news = async () => ((await (await t.get(hostOf(city), '/api/v1/content/notices?locale=fr')).json()) as PublicList).items.length;
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();
    await notice(at(30), at(90));
    expect(await banner()).toEqual([]);
    const listed = await news();
    expect(await banner()).toEqual([]);
    clock.advance(31 * MINUTE);
    expect(await banner()).toEqual(['Coupure d’eau à Anfa']);
    expect(await news()).toBe(listed + 1);
    clock.advance(60 * MINUTE);
    expect(await banner()).toEqual([]);
  });
});
