import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentInput, AdminItem, PublicList } from '../content/content.schemas.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, DAY, hostOf, MINUTE, newStaffUser, signIn, testClock } from '../testing/staff.ts';
import { announceTenantChanged, withTenant } from '../tenancy/unit-of-work.ts';
import { announcePagesChanged, pickEncoding, type PageCache, type PageRequest } from './page-cache.ts';

/** How long a poll waits for a notification to travel through the database (long: CI machines are loaded). */
const EVENTUALLY = { timeout: 10_000 };

const news = (fr: string, extra: Partial<ContentInput> = {}): ContentInput => ({ kind: 'news', title: { fr }, summary: {}, body: {}, ...extra });

describe.each(DATABASE_KINDS)('page cache (%s)', (kind) => {
  let t: TestApp;
  let pages: PageCache;
  const clock = testClock(new Date('2026-11-23T08:00:00Z'));
  let city: TenantRow;
  let anfa: TenantRow;
  let other: TenantRow;
  const cookies = new Map<string, string>();
  let renders = 0;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now, pages: true });
    pages = t.pages as PageCache;
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    const editor = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    const otherEditor = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'editor' }] });
    cookies.set(hostOf(city), await signIn(t.app, hostOf(city), editor.email));
    cookies.set(hostOf(other), await signIn(t.app, hostOf(other), otherEditor.email));
  });
  afterAll(() => t?.dispose());

  const as = (host: string, method: string, path: string, body?: unknown) =>
    call(t.app, method, host, path, { cookie: cookies.get(host) ?? null, ...(body === undefined ? {} : { body }) });
  const publishNews = async (host: string, title: string, publishAt: string | null = null) => {
    const created = await as(host, 'POST', '/api/v1/admin/content', news(title));
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as AdminItem;
    const published = await as(host, 'POST', `/api/v1/admin/content/${id}/publish`, { publishAt });
    expect(published.status, await published.clone().text()).toBe(200);
    return id;
  };

  /**
   * A page as the web hook makes it (hooks.server.ts): from the cache when it holds one, else made from
   * the API (the news window and whether the visitor is signed in) and offered to the cache.
   */
  async function page(host: string, pathname = '/fr/news', cookie: string | null = null): Promise<{ html: string; cached: boolean }> {
    const req: PageRequest = { method: 'GET', host, protocol: 'http:', pathname, search: '', cookie, acceptEncoding: null, ifNoneMatch: null };
    const ticket = await pages.ticket(req);
    let hit = ticket ? pages.get(ticket, req) : null;
    const maker = ticket && !hit ? pages.make(ticket) : null;
    if (ticket && maker?.following) {
      await maker.following;
      hit = pages.get(ticket, req);
    }
    if (hit?.body) return { html: hit.body.toString('utf8'), cached: true };
    try {
      renders++;
      const list = (await (await t.get(host, `/api/v1/content/news?locale=fr`)).json()) as PublicList;
      const me = cookie ? await t.get(host, '/api/v1/auth/me', { cookie }) : null;
      const html = `<h1>${host}</h1><ul>${list.items.map((i) => `<li>${i.title.text}</li>`).join('')}</ul>${me?.ok ? '<p>signed in</p>' : ''}`;
      if (ticket) await pages.put(ticket, { status: 200, headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }), body: html, route: '/[lang=locale]/(public)/[window=window]' });
      return { html, cached: false };
    } finally {
      maker?.done();
    }
  }

  it('makes a page once, then serves it from memory; the next request after a publication shows it', async () => {
    const first = await page(hostOf(city));
    expect(first.cached).toBe(false);
    const before = renders;
    expect(await page(hostOf(city))).toEqual({ html: first.html, cached: true });
    expect(renders).toBe(before);

    await publishNews(hostOf(city), 'Marché couvert rouvert');
    const next = await page(hostOf(city));
    expect(next.cached).toBe(false);
    expect(next.html).toContain('Marché couvert rouvert');
    // Kept again once the publication's own announcements, echoed by the database, have arrived (on a
    // loaded machine an echo may land after the fresh page was kept and drop it once more).
    await expect.poll(async () => (await page(hostOf(city))).cached, EVENTUALLY).toBe(true);
  });

  it("never serves one tenant's page for another host, even at the same path", async () => {
    await publishNews(hostOf(other), 'Nouvelles de Tétouan');
    const round = async () => {
      const casablanca = await page(hostOf(city));
      const tetouan = await page(hostOf(other));
      const quarter = await page(hostOf(anfa, city));
      expect(casablanca.html).toContain('<h1>casablanca.localhost</h1>');
      expect(casablanca.html).not.toContain('Tétouan');
      expect(tetouan.html).toContain('Nouvelles de Tétouan');
      expect(tetouan.html).not.toContain('Marché couvert');
      expect(quarter.html).toContain('<h1>anfa.casablanca.localhost</h1>');
      return [casablanca.cached, tetouan.cached, quarter.cached];
    };
    await round();
    // (Polled: the publication's echo may still be on its way and drop Tétouan's page once more.)
    await expect.poll(round, EVENTUALLY).toEqual([true, true, true]);
    // A publication on one tenant leaves the other's pages in memory.
    await publishNews(hostOf(other), 'Deuxième nouvelle de Tétouan');
    expect((await page(hostOf(city))).cached).toBe(true);
    expect(await page(hostOf(other))).toMatchObject({ cached: false, html: expect.stringContaining('Deuxième nouvelle') });
  });

  it('makes a signed-in visitor\'s page afresh and never keeps it for anonymous visitors', async () => {
    const anonymous = await page(hostOf(city));
    expect(anonymous.cached).toBe(true);
    const signedIn = await page(hostOf(city), '/fr/news', cookies.get(hostOf(city)) ?? null);
    expect(signedIn).toMatchObject({ cached: false, html: expect.stringContaining('signed in') });
    const again = await page(hostOf(city), '/fr/news', cookies.get(hostOf(city)) ?? null);
    expect(again.cached).toBe(false);
    const later = await page(hostOf(city));
    expect(later).toMatchObject({ cached: true });
    expect(later.html).not.toContain('signed in');
  });

  it('drops the pages of a tenant when another process announces a change to it', async () => {
    // Another process: on PostgreSQL its own connection pool (the listener is a third connection); PGlite
    // lives in one process, where the notification still travels through the database.
    const second: Database = kind === 'postgres' && t.db.url ? await openDatabase({ kind: 'postgres', url: t.db.url, poolSize: 1 }) : t.db;
    try {
      // (Polled: the echo of an earlier test's own write, announced in-process and again by PostgreSQL,
      // may still be on its way on a loaded machine and drop the page once more.)
      await expect.poll(async () => (await page(hostOf(city))).cached, EVENTUALLY).toBe(true);
      // A content change committed there, announced as the content service does (on jamaa_tenant_changed).
      await withTenant(second, { id: city.id }, async (tx) => {
        await tx.updateTable('content_items').set({ title: JSON.stringify({ fr: 'Marché couvert : horaires d’été' }) }).where('tenant_id', '=', city.id).execute();
        await announceTenantChanged(tx, city.id);
      });
      await expect.poll(async () => (await page(hostOf(city))).html, EVENTUALLY).toContain('horaires d’été');

      // A configuration change announced on jamaa_pages_changed (as the staff API does after each write).
      await expect.poll(async () => (await page(hostOf(other))).cached, EVENTUALLY).toBe(true);
      await withTenant(second, { id: other.id }, (tx) =>
        tx.updateTable('content_items').set({ title: JSON.stringify({ fr: 'Tétouan : avis modifié' }) }).where('tenant_id', '=', other.id).execute(),
      );
      expect((await page(hostOf(other))).html).not.toContain('avis modifié');
      await announcePagesChanged(second, other.id);
      await expect.poll(async () => (await page(hostOf(other))).html, EVENTUALLY).toContain('avis modifié');
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('shows a scheduled item when its time comes and drops an expired notice, with no write in between', async () => {
    await publishNews(hostOf(other), 'Séance du conseil annoncée', new Date(clock.now().getTime() + 2 * 60 * MINUTE).toISOString());
    const now = await page(hostOf(other));
    expect(now.html).not.toContain('Séance du conseil annoncée');
    await expect.poll(async () => (await page(hostOf(other))).cached, EVENTUALLY).toBe(true);
    clock.advance(2 * 60 * MINUTE + 1);
    const later = await page(hostOf(other));
    expect(later).toMatchObject({ cached: false, html: expect.stringContaining('Séance du conseil annoncée') });

    // A notice in force, then past its expiry.
    const created = await as(hostOf(other), 'POST', '/api/v1/admin/content', {
      kind: 'notice',
      title: { fr: 'Coupure d’eau' },
      summary: {},
      body: {},
      expiresAt: new Date(clock.now().getTime() + DAY).toISOString(),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as AdminItem;
    expect((await as(hostOf(other), 'POST', `/api/v1/admin/content/${id}/publish`, { publishAt: null })).status).toBe(200);
    const banner = async () => {
      const req: PageRequest = { method: 'GET', host: hostOf(other), protocol: 'http:', pathname: '/fr', search: '', cookie: null, acceptEncoding: null, ifNoneMatch: null };
      const ticket = await pages.ticket(req);
      const hit = ticket ? pages.get(ticket, req) : null;
      if (hit?.body) return hit.body.toString('utf8');
      const res = await t.get(hostOf(other), '/api/v1/content-banner?locale=fr');
      const html = `<div>${JSON.stringify(await res.json())}</div>`;
      if (ticket) await pages.put(ticket, { status: 200, headers: new Headers({ 'content-type': 'text/html' }), body: html, route: '/[lang=locale]/(public)' });
      return html;
    };
    expect(await banner()).toContain('Coupure d’eau');
    expect(await banner()).toContain('Coupure d’eau');
    clock.advance(DAY + 1);
    expect(await banner()).not.toContain('Coupure d’eau');
  });

  it('makes a page many ask for at once only once: the others wait for it and get the same bytes', async () => {
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 6 }, () => page(hostOf(other), '/fr/news/portes-ouvertes')));
    expect(renders - before).toBe(1);
    expect(answers.filter((a) => !a.cached)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.html))).toEqual(new Set([answers[0]?.html]));
    expect(answers[0]?.html).toContain(`<h1>${hostOf(other)}</h1>`);
  });

  it('lets the waiting requests make the page themselves when its maker kept nothing', async () => {
    const req: PageRequest = { method: 'GET', host: hostOf(other), protocol: 'http:', pathname: '/fr/about', search: '', cookie: null, acceptEncoding: null, ifNoneMatch: null };
    const ticket = await pages.ticket(req);
    if (!ticket) throw new Error('an anonymous GET of a public page has a ticket');
    const maker = pages.make(ticket);
    expect(maker.following).toBeNull();
    const follower = pages.make(ticket);
    let waited = false;
    const after = follower.following?.then(() => {
      waited = true;
      return pages.get(ticket, req);
    });
    await Promise.resolve();
    expect(waited).toBe(false);
    // The maker's page was an error: nothing kept, and the follower is told to make its own.
    expect(await pages.put(ticket, { status: 500, headers: new Headers({ 'content-type': 'text/html' }), body: 'oops', route: null })).toBe(false);
    maker.done();
    expect(await after).toBeNull();
    expect(waited).toBe(true);
    // Nobody makes it now: the next request leads.
    const next = pages.make(ticket);
    expect(next.following).toBeNull();
    next.done();
  });

  it('keeps only anonymous 200 HTML answers without cookies, and never the console', async () => {
    const req: PageRequest = { method: 'GET', host: hostOf(city), protocol: 'http:', pathname: '/fr/about', search: '', cookie: null, acceptEncoding: 'gzip, br', ifNoneMatch: null };
    const ticket = await pages.ticket(req);
    if (!ticket) throw new Error('an anonymous GET of a public page has a ticket');
    const html = new Headers({ 'content-type': 'text/html' });
    expect(await pages.put(ticket, { status: 404, headers: html, body: 'gone', route: null })).toBe(false);
    expect(await pages.put(ticket, { status: 200, headers: new Headers({ 'content-type': 'text/html', 'set-cookie': 'a=b' }), body: 'x', route: null })).toBe(false);
    expect(await pages.put(ticket, { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: '{}', route: null })).toBe(false);
    expect(await pages.put(ticket, { status: 200, headers: html, body: '<p>à propos</p>'.repeat(100), route: null })).toBe(true);
    // The request that made the page is answered from the kept (gzipped) bytes, and is no hit.
    const hits = pages.stats.hits;
    const first = pages.stored(ticket, { ...req, acceptEncoding: 'gzip' });
    expect(first?.headers).toContainEqual(['content-encoding', 'gzip']);
    expect(first?.headers).toContainEqual(['x-page-cache', 'stored']);
    expect(gunzipSync(first?.body ?? Buffer.alloc(0)).toString()).toBe('<p>à propos</p>'.repeat(100));
    expect(pages.stats.hits).toBe(hits);
    const hit = pages.get(ticket, req);
    expect(hit?.headers).toContainEqual(['content-encoding', 'br']);
    // Each encoding made on first demand decodes to the page; a client that accepts none gets it plain.
    expect(brotliDecompressSync(hit?.body ?? Buffer.alloc(0)).toString()).toBe('<p>à propos</p>'.repeat(100));
    const gzipped = pages.get(ticket, { ...req, acceptEncoding: 'gzip' });
    expect(gzipped?.headers).toContainEqual(['content-encoding', 'gzip']);
    expect(gunzipSync(gzipped?.body ?? Buffer.alloc(0)).toString()).toBe('<p>à propos</p>'.repeat(100));
    const plain = pages.get(ticket, { ...req, acceptEncoding: null });
    expect(plain?.headers.some(([n]) => n === 'content-encoding')).toBe(false);
    expect(plain?.body?.toString()).toBe('<p>à propos</p>'.repeat(100));
    expect(pages.get(ticket, { ...req, ifNoneMatch: hit?.headers.find(([n]) => n === 'etag')?.[1] ?? '' })?.status).toBe(304);
    expect(await pages.ticket({ ...req, method: 'POST' })).toBeNull();
    expect(await pages.ticket({ ...req, cookie: 'jamaa_device=x' })).toBeNull();
    expect(await pages.ticket({ ...req, pathname: '/fr/admin/content' })).toBeNull();
    expect(await pages.ticket({ ...req, host: 'nowhere.localhost' })).toBeNull();
    expect(await pages.ticket({ ...req, host: '127.0.0.1' })).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('page cache at its budget (%s)', (kind) => {
  const BUDGET = 160 * 1024;
  let t: TestApp;
  let pages: PageCache;
  let city: TenantRow;
  let other: TenantRow;
  /** Each page's own text: about 4 KB that gzip cannot shrink much, so the budget holds a few dozen. */
  const made = new Map<string, string>();

  beforeAll(async () => {
    t = await newTestApp(kind, { pages: true, pageCacheBytes: BUDGET });
    pages = t.pages as PageCache;
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    other = await newTenant(t.db, { slug: 'tetouan' });
  });
  afterAll(() => t?.dispose());

  /**
   * A visit as the web hook serves it: from memory when kept, else made (a new text) and offered to the
   * cache, a service page as one item among many (`CACHED_ROUTES` in hooks.server.ts: "one of many").
   */
  async function visit(host: string, pathname: string): Promise<{ html: string; cached: boolean }> {
    const req: PageRequest = { method: 'GET', host, protocol: 'http:', pathname, search: '', cookie: null, acceptEncoding: 'gzip', ifNoneMatch: null };
    const ticket = (await pages.ticket(req))!;
    const hit = pages.get(ticket, req);
    if (hit?.body) return { html: gunzipSync(hit.body).toString('utf8'), cached: true };
    const html = `<h1>${host}${pathname}</h1><p>${randomBytes(3000).toString('base64')}</p>`;
    made.set(`${host}${pathname}`, html);
    const service = pathname.includes('/services/');
    const route = service ? '/[lang=locale]/(public)/services/[code]' : '/[lang=locale]/(public)';
    await pages.put(ticket, { status: 200, headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }), body: html, route, oneOfMany: service });
    return { html, cached: false };
  }

  const hot = () => [[hostOf(city), '/fr'], [hostOf(city), '/fr/news'], [hostOf(other), '/fr']] as const;

  it('keeps serving the pages many ask for while hundreds of service pages asked once go by, and stays within its budget', async () => {
    for (const [host, path] of hot()) expect((await visit(host, path)).cached).toBe(false);
    for (const [host, path] of hot()) expect((await visit(host, path)).cached).toBe(true);

    // A resident each: one service page of one commune, never asked again.
    for (let i = 0; i < 300; i++) expect((await visit(hostOf(i % 2 ? city : other), `/fr/services/s${i}`)).cached).toBe(false);
    expect(pages.size.bytes).toBeLessThanOrEqual(BUDGET);

    for (const [host, path] of hot()) {
      const again = await visit(host, path);
      expect(again.cached).toBe(true);
      // Each host its own page, as made.
      expect(again.html).toBe(made.get(`${host}${path}`));
    }
  });

  it('keeps a service page asked for a second time even when full, and still serves the pages many ask for', async () => {
    const late = '/fr/services/late';
    expect((await visit(hostOf(city), late)).cached).toBe(false);
    const second = await visit(hostOf(city), late);
    expect(second.cached).toBe(false);
    const third = await visit(hostOf(city), late);
    expect(third).toEqual({ html: second.html, cached: true });
    for (const [host, path] of hot()) expect((await visit(host, path)).cached).toBe(true);
    expect(pages.size.bytes).toBeLessThanOrEqual(BUDGET);
  });

  it('keeps a home or news page from its first visit even when full, in place of the pages least recently used', async () => {
    const fresh = [[hostOf(other), '/ar'], [hostOf(other), '/fr/news'], [hostOf(city), '/ar/news']] as const;
    for (const [host, path] of fresh) expect((await visit(host, path)).cached).toBe(false);
    for (const [host, path] of fresh) expect((await visit(host, path)).cached).toBe(true);
    expect(pages.size.bytes).toBeLessThanOrEqual(BUDGET);
  });
});

describe('content negotiation of kept pages', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(null)).toBe('identity');
  });
});
