import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, DAY, errorCode, hostOf, newStaffUser, signIn, testClock } from '../testing/staff.ts';
import type { AdminItem, ContentInput, PublicItem, PublicList } from './content.schemas.ts';

const news = (fr: string, extra: Partial<ContentInput> = {}): ContentInput => ({
  kind: 'news',
  title: { fr, ar: `خبر ${fr}` },
  summary: { fr: `Résumé ${fr}` },
  body: { fr: `## ${fr}\n\nTexte **important**.` },
  ...extra,
});

describe.each(DATABASE_KINDS)('content (%s)', (kind) => {
  let t: TestApp;
  const clock = testClock(new Date('2026-11-23T08:00:00Z'));
  let city: TenantRow;
  let anfa: TenantRow;
  let maarif: TenantRow;
  let other: TenantRow;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa', names: { fr: 'Anfa', ar: 'أنفا' } });
    // No role for the editor here.
    maarif = await newTenant(t.db, { parent: city, slug: 'maarif' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    const editor = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }, { tenant: anfa, role: 'editor' }] });
    const stranger = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'administrator' }] });
    const agent = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'agent' }] });
    cookies.set(hostOf(city), await signIn(t.app, hostOf(city), editor.email));
    cookies.set(hostOf(other), await signIn(t.app, hostOf(other), stranger.email));
    cookies.set('agent', await signIn(t.app, hostOf(city), agent.email));
  });
  afterAll(() => t?.dispose());

  const cityHost = () => hostOf(city);
  const anfaHost = () => hostOf(anfa, city);
  const as = (host: string, method: string, path: string, body?: unknown, cookie = cookies.get(host)) =>
    call(t.app, method, host, path, { cookie: cookie ?? null, ...(body === undefined ? {} : { body }) });
  const create = async (host: string, body: ContentInput, query = '') => {
    const res = await as(host, 'POST', `/api/v1/admin/content${query}`, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as AdminItem;
  };
  const publish = async (host: string, id: string, publishAt: string | null = null, query = '') => {
    const res = await as(host, 'POST', `/api/v1/admin/content/${id}/publish${query}`, { publishAt });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as AdminItem;
  };
  const list = async (host: string, window: string, locale = 'fr') => (await (await t.get(host, `/api/v1/content/${window}?locale=${locale}`)).json()) as PublicList;
  const auditOf = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).orderBy('id').execute());

  it('keeps a draft off the public site; publishing shows it at once, audited and announced to every process', async () => {
    const draft = await create(cityHost(), news('Ouverture du marché'));
    expect(draft).toMatchObject({ status: 'draft', slug: 'ouverture-du-marche', visible: false, missingTranslations: ['zgh'] });
    expect((await list(cityHost(), 'news')).items).toEqual([]);
    expect((await t.get(cityHost(), '/api/v1/content/news/ouverture-du-marche?locale=fr')).status).toBe(404);

    const invalidations = t.directory.stats.invalidations;
    const published = await publish(cityHost(), draft.id);
    expect(published).toMatchObject({ status: 'published', visible: true });
    await expect.poll(() => t.directory.stats.invalidations).toBeGreaterThan(invalidations);
    const item = (await (await t.get(cityHost(), '/api/v1/content/news/ouverture-du-marche?locale=fr')).json()) as PublicItem;
    expect(item).toMatchObject({ title: { text: 'Ouverture du marché', locale: 'fr', fallback: false }, inherited: false });
    expect(item.bodyHtml).toContain('<strong>important</strong>');
    expect((await auditOf(city)).map((a) => a.action)).toEqual(expect.arrayContaining(['content.created', 'content.published']));
  });

  it('falls back to another language when a translation is missing, and says so', async () => {
    const item = (await (await t.get(cityHost(), '/api/v1/content/news/ouverture-du-marche?locale=zgh')).json()) as PublicItem;
    expect(item.title).toEqual({ text: 'خبر Ouverture du marché', locale: 'ar', fallback: true });
    expect(item.bodyLocale).toBe('fr');
  });

  it('publishes a scheduled item only when its time comes', async () => {
    const draft = await create(cityHost(), news('Journée portes ouvertes'));
    const when = new Date(clock.now().getTime() + 2 * DAY).toISOString();
    expect(await publish(cityHost(), draft.id, when)).toMatchObject({ status: 'scheduled', visible: false, publishAt: when });
    expect((await list(cityHost(), 'news')).items.map((i) => i.slug)).not.toContain(draft.slug);
    clock.advance(2 * DAY + 1000);
    expect((await list(cityHost(), 'news')).items.map((i) => i.slug)).toContain(draft.slug);
  });

  it('renders script injected into content inert', async () => {
    const draft = await create(cityHost(), news('Piège', { body: { fr: 'Salut <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))' } }));
    await publish(cityHost(), draft.id);
    const item = (await (await t.get(cityHost(), `/api/v1/content/news/${draft.slug}?locale=fr`)).json()) as PublicItem;
    expect(item.bodyHtml).toContain('Salut');
    expect(item.bodyHtml).not.toMatch(/<script|onerror|javascript:/i);
  });

  it('keeps every revision and restores an earlier one', async () => {
    const draft = await create(cityHost(), news('Version un'));
    const res = await as(cityHost(), 'PUT', `/api/v1/admin/content/${draft.id}`, news('Version deux', { slug: draft.slug }));
    expect(res.status, await res.clone().text()).toBe(200);
    const revisions = (await (await as(cityHost(), 'GET', `/api/v1/admin/content/${draft.id}/revisions`)).json()) as { revisions: { revision: number; title: { fr: string } }[] };
    expect(revisions.revisions.map((r) => [r.revision, r.title.fr])).toEqual([
      [2, 'Version deux'],
      [1, 'Version un'],
    ]);
    const restored = (await (await as(cityHost(), 'POST', `/api/v1/admin/content/${draft.id}/revisions/1/restore`)).json()) as AdminItem;
    expect(restored).toMatchObject({ revision: 3, title: { fr: 'Version un' } });
    expect((await auditOf(city)).map((a) => a.action)).toContain('content.restored');
  });

  it('checks the kind’s own fields and refuses a tender linked outside the national portal', async () => {
    const bad = await as(cityHost(), 'POST', '/api/v1/admin/content', {
      kind: 'tender',
      title: { fr: 'AO 12/2026' },
      fields: { reference: '12/2026', deadline: '2026-12-20T10:00:00Z', status: 'open', portalUrl: 'https://example.com/ao' },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('fields.portalUrl');
    const notice = await as(cityHost(), 'POST', '/api/v1/admin/content', { kind: 'notice', title: { fr: 'Coupure' } });
    expect(notice.status).toBe(422);
  });

  it('links a legal text to its publication in the Bulletin officiel over https only, and refuses any other host', async () => {
    const arrete = (bulletinUrl: string) => ({
      kind: 'legal_text',
      title: { fr: 'Arrêté réglementant le stationnement' },
      fields: { type: 'arrete', reference: '7/2026', bulletinIssue: 'BO-CT n° 52', bulletinUrl },
    });
    for (const url of [
      'http://www.collectivites-territoriales.gov.ma/fr/bulletin-officiel',
      'https://example.com/bo.pdf',
      'https://collectivites-territoriales.gov.ma.example.com/bo.pdf',
      'javascript:alert(1)',
      'bulletin officiel n° 52',
    ]) {
      const bad = await as(cityHost(), 'POST', '/api/v1/admin/content', arrete(url));
      expect(bad.status, url).toBe(422);
      const body = (await bad.json()) as { error: { code: string; details?: unknown } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body.error.details)).toContain('fields.bulletinUrl');
    }
    const url = 'https://www.collectivites-territoriales.gov.ma/fr/bulletin-officiel/52.pdf';
    const item = await create(cityHost(), arrete(url) as ContentInput);
    await publish(cityHost(), item.id);
    const shown = (await (await t.get(cityHost(), `/api/v1/content/legal/${item.slug}?locale=fr`)).json()) as PublicItem;
    expect(shown.fields).toMatchObject({ bulletinUrl: url, bulletinIssue: 'BO-CT n° 52' });
    // Changing it to another host is refused the same way, and the published link stays.
    const moved = await as(cityHost(), 'PUT', `/api/v1/admin/content/${item.id}`, { ...arrete('https://bo-ct.example.org/52.pdf'), slug: item.slug });
    expect(moved.status).toBe(422);
    const again = (await (await t.get(cityHost(), `/api/v1/content/legal/${item.slug}?locale=fr`)).json()) as PublicItem;
    expect(again.fields.bulletinUrl).toBe(url);
  });

  it('never shows one tenant’s content on another, nor lets another tenant’s staff touch it', async () => {
    expect((await list(hostOf(other), 'news')).items).toEqual([]);
    expect((await t.get(hostOf(other), '/api/v1/content/news/ouverture-du-marche?locale=fr')).status).toBe(404);
    const cityItems = (await (await as(cityHost(), 'GET', '/api/v1/admin/content')).json()) as { items: AdminItem[] };
    const id = cityItems.items[0]?.id ?? '';
    const res = await as(hostOf(other), 'POST', `/api/v1/admin/content/${id}/unpublish`);
    expect(res.status).toBe(404);
    expect(await errorCode(await as(cityHost(), 'GET', '/api/v1/admin/content', undefined, cookies.get('agent')))).toBe('FORBIDDEN');
  });

  it('shows the city’s shared content on its arrondissements, and lets a city editor with a role there publish to one', async () => {
    const shared = await create(cityHost(), news('Plan canicule', { sharedWithArrondissements: true }));
    await publish(cityHost(), shared.id);
    const own = await create(cityHost(), news('Fête de quartier Anfa'), '?tenant=anfa');
    expect(own.tenantId).toBe(anfa.id);
    await publish(cityHost(), own.id, null, '?tenant=anfa');
    const anfaNews = await list(anfaHost(), 'news');
    expect(anfaNews.items.map((i) => [i.slug, i.inherited])).toEqual(
      expect.arrayContaining([
        ['plan-canicule', true],
        ['fete-de-quartier-anfa', false],
      ]),
    );
    expect(anfaNews.items.map((i) => i.slug)).not.toContain('ouverture-du-marche');
    expect((await list(cityHost(), 'news')).items.map((i) => i.slug)).not.toContain('fete-de-quartier-anfa');
    expect(await errorCode(await as(hostOf(other), 'GET', '/api/v1/admin/content?tenant=anfa'))).toBe('NOT_FOUND');
  });

  it('lists the arrondissements a city editor may write to, and refuses another one with SITE_NOT_EDITABLE, creating nothing', async () => {
    const sites = await as(cityHost(), 'GET', '/api/v1/admin/content-sites');
    expect(sites.status).toBe(200);
    expect(await sites.json()).toEqual({ arrondissements: [{ slug: 'anfa', names: { fr: 'Anfa', ar: 'أنفا' }, origin: expect.stringMatching(/^https?:\/\/anfa\.casablanca\./) }] });
    // Elsewhere (a commune without arrondissements, an arrondissement's own host): none.
    expect(await (await as(hostOf(other), 'GET', '/api/v1/admin/content-sites')).json()).toEqual({ arrondissements: [] });

    const refused = await as(cityHost(), 'POST', '/api/v1/admin/content?tenant=maarif', news('Faux article Maârif'));
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('SITE_NOT_EDITABLE');
    expect(await errorCode(await as(cityHost(), 'GET', '/api/v1/admin/content?tenant=maarif'))).toBe('SITE_NOT_EDITABLE');
    const rows = await withTenant(t.db, { id: maarif.id }, (tx) => tx.selectFrom('content_items').select('id').where('tenant_id', '=', maarif.id).execute());
    expect(rows).toEqual([]);
    expect(await auditOf(maarif)).toEqual([]);

    // A disabled role there no longer counts.
    await withTenant(t.db, { id: anfa.id }, (tx) => tx.updateTable('memberships').set({ disabled_at: clock.now() }).where('tenant_id', '=', anfa.id).execute());
    try {
      expect(await (await as(cityHost(), 'GET', '/api/v1/admin/content-sites')).json()).toEqual({ arrondissements: [] });
    } finally {
      await withTenant(t.db, { id: anfa.id }, (tx) => tx.updateTable('memberships').set({ disabled_at: null }).where('tenant_id', '=', anfa.id).execute());
    }
  });

  it('lists sessions next first, marks a late summary of decisions, and serves them as a valid iCalendar', async () => {
    const now = clock.now().getTime();
    const past = await create(cityHost(), {
      kind: 'session',
      title: { fr: 'Session ordinaire d’octobre', ar: 'الدورة العادية لشهر أكتوبر' },
      eventAt: new Date(now - 30 * DAY).toISOString(),
      fields: { type: 'ordinary', decisions: [{ title: { fr: 'Budget 2027' }, votesFor: 40, votesAgainst: 5, abstentions: 2, adopted: true }] },
    });
    const next = await create(cityHost(), {
      kind: 'session',
      title: { fr: 'Session extraordinaire, point unique; budget', ar: 'دورة استثنائية' },
      eventAt: new Date(now + 10 * DAY).toISOString(),
      fields: { type: 'extraordinary', place: { fr: 'Salle du conseil' } },
    });
    await publish(cityHost(), past.id);
    await publish(cityHost(), next.id);
    const sessions = await list(cityHost(), 'sessions');
    expect(sessions.items.map((i) => [i.slug, i.summaryLate])).toEqual([
      [next.slug, false],
      [past.slug, true],
    ]);

    const ics = await t.get(cityHost(), '/api/v1/feeds/sessions.ics?locale=fr');
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(await ics.text()));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary)).toEqual(['Session extraordinaire, point unique; budget', 'Session ordinaire d’octobre']);
    expect(events[0]?.location).toBe('Salle du conseil');
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe(new Date(now + 10 * DAY).toISOString());

    const decisions = await (await t.get(cityHost(), '/api/v1/open-data/decisions.csv')).text();
    expect(decisions).toContain('Budget 2027');
    expect(decisions.split('\r\n')[0]).toContain('votes_for');
  });

  it('serves news as Atom and RSS that parse and validate', async () => {
    for (const [file, type] of [
      ['news.atom', 'application/atom+xml'],
      ['news.rss', 'application/rss+xml'],
    ] as const) {
      const res = await t.get(cityHost(), `/api/v1/feeds/${file}?locale=fr`);
      expect(res.headers.get('content-type')).toContain(type);
      const text = await res.text();
      expect(XMLValidator.validate(text)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(text);
      const entries = file === 'news.atom' ? doc.feed.entry : doc.rss.channel.item;
      const titles = (Array.isArray(entries) ? entries : [entries]).map((e: { title: string | { '#text': string } }) => (typeof e.title === 'string' ? e.title : e.title['#text']));
      expect(titles).toContain('Ouverture du marché');
      expect(text).not.toContain('<script>');
    }
  });

  it('attaches an image re-encoded without its metadata, served only once its item is public; open data lists projects', async () => {
    const project = await create(cityHost(), {
      kind: 'project',
      title: { fr: 'Réhabilitation de la corniche' },
      fields: { status: 'in_progress', budgetMad: 12_500_000, progress: 40, location: { lat: 33.6, lng: -7.65 } },
    });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0b4f8a' } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret' } } })
      .toBuffer();
    const res = await t.app.request(`http://${cityHost()}/api/v1/admin/content/${project.id}/files?purpose=image&name=Chantier`, {
      method: 'POST',
      headers: { host: cityHost(), origin: `http://${cityHost()}`, cookie: cookies.get(cityHost()) ?? '', 'content-type': 'image/png' },
      body: png,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const withFile = (await res.json()) as AdminItem;
    const file = withFile.attachments[0];
    expect(file).toMatchObject({ purpose: 'image', contentType: 'image/webp', name: { fr: 'Chantier' } });
    expect((await t.get(cityHost(), file?.url ?? '')).status).toBe(404);
    await publish(cityHost(), project.id);
    const served = await t.get(cityHost(), file?.url ?? '');
    expect(served.status).toBe(200);
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect((await t.get(hostOf(other), file?.url ?? '')).status).toBe(404);

    // Taking the file off: another tenant's staff cannot; the editor can, the public item no longer lists it.
    const detachPath = `/api/v1/admin/content/${project.id}/files/${file?.fileId}`;
    expect((await as(hostOf(other), 'DELETE', detachPath)).status).toBe(404);
    const detached = await as(cityHost(), 'DELETE', detachPath);
    expect(detached.status, await detached.clone().text()).toBe(200);
    expect(((await detached.json()) as AdminItem).attachments).toEqual([]);
    expect((await as(cityHost(), 'DELETE', detachPath)).status).toBe(404);
    const shown = (await (await t.get(cityHost(), `/api/v1/content/projects/${project.slug}?locale=fr`)).json()) as PublicItem;
    expect(shown.attachments).toEqual([]);
    expect((await auditOf(city)).map((e) => e.action)).toContain('content.file_detached');
    // An earlier revision still has it: restoring brings it back.
    const restored = await as(cityHost(), 'POST', `/api/v1/admin/content/${project.id}/revisions/${withFile.revision}/restore`, {});
    expect(((await restored.json()) as AdminItem).attachments.map((a) => a.fileId)).toEqual([file?.fileId]);

    const json = (await (await t.get(cityHost(), '/api/v1/open-data/projects.json')).json()) as { records: Record<string, unknown>[] };
    expect(json.records).toEqual([expect.objectContaining({ slug: project.slug, budget_mad: 12_500_000, progress_percent: 40, status: 'in_progress' })]);
    expect(((await (await t.get(hostOf(other), '/api/v1/open-data/projects.json')).json()) as { records: unknown[] }).records).toEqual([]);
    const national = (await (await t.get('localhost', '/api/v1/open-data/national/projects.json')).json()) as { records: { commune: string }[] };
    expect(national.records.map((r) => r.commune)).toEqual([city.code]);
  });

  it('serves a document under its content-addressed URL as immutable, with its ETag (304) and nosniff; a bare id is revalidated', async () => {
    const doc = await create(cityHost(), { kind: 'document', title: { fr: 'Budget 2027' }, fields: { type: 'budget', year: 2027 } });
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const res = await t.app.request(`http://${cityHost()}/api/v1/admin/content/${doc.id}/files?purpose=document&name=Budget`, {
      method: 'POST',
      headers: { host: cityHost(), origin: `http://${cityHost()}`, cookie: cookies.get(cityHost()) ?? '', 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await publish(cityHost(), doc.id);
    const item = (await (await t.get(cityHost(), `/api/v1/content/documents/${doc.slug}?locale=fr`)).json()) as PublicItem;
    const url = item.attachments[0]?.url ?? '';
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(url).toBe(`/api/v1/content-files/${item.attachments[0]?.fileId}?v=${sha.slice(0, 16)}`);

    const served = await t.get(cityHost(), url);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
    expect(served.headers.get('etag')).toBe(`"${sha}"`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);

    const again = await t.get(cityHost(), url, { 'if-none-match': `"${sha}"` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
    expect((await t.get(cityHost(), url, { 'if-none-match': '"another"' })).status).toBe(200);

    // Not content-addressed: the bare id, or a version that is not these bytes', is never pinned.
    for (const other of [url.replace(/\?v=.*$/, ''), url.replace(/v=.*$/, 'v=0000000000000000')]) {
      const r = await t.get(cityHost(), other);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=300');
      expect(r.headers.get('etag')).toBe(`"${sha}"`);
    }
  });

  it('shows notices in force as a banner until they expire', async () => {
    const notice = await create(cityHost(), {
      kind: 'notice',
      title: { fr: 'Coupure d’eau à Maârif', ar: 'انقطاع الماء' },
      expiresAt: new Date(clock.now().getTime() + DAY).toISOString(),
      fields: { severity: 'warning', category: 'water_cut' },
    });
    await publish(cityHost(), notice.id);
    const banner = async () => ((await (await t.get(cityHost(), '/api/v1/content-banner?locale=fr')).json()) as { notices: { slug: string }[] }).notices.map((n) => n.slug);
    expect(await banner()).toEqual([notice.slug]);
    clock.advance(DAY + 1000);
    expect(await banner()).toEqual([]);
  });

  it('counts petitions against the organic law’s threshold (unverified figures, flagged)', async () => {
    const petitions = await list(cityHost(), 'petitions');
    // Casablanca has arrondissements.
    expect(petitions.petitionThreshold).toEqual({ signatures: 400, verified: false });
  });

  it('tells on a petition’s own page whether its signatures reach the threshold', async () => {
    const short = await create(cityHost(), { kind: 'petition', title: { fr: 'Éclairage du boulevard' }, fields: { status: 'collecting', signatures: 399 } });
    const enough = await create(cityHost(), { kind: 'petition', title: { fr: 'Jardin de quartier' }, fields: { status: 'collecting', signatures: 400 } });
    await publish(cityHost(), short.id);
    await publish(cityHost(), enough.id);
    const page = async (slug: string, host = cityHost()) => (await (await t.get(host, `/api/v1/content/petitions/${slug}?locale=fr`)).json()) as PublicItem;
    expect((await page(short.slug)).petitionThreshold).toEqual({ signatures: 400, verified: false, reached: false });
    expect((await page(enough.slug)).petitionThreshold).toEqual({ signatures: 400, verified: false, reached: true });
    // Other kinds carry no threshold.
    const news = (await list(cityHost(), 'news')).items[0];
    if (news) expect(((await (await t.get(cityHost(), `/api/v1/content/news/${news.slug}?locale=fr`)).json()) as PublicItem).petitionThreshold).toBeUndefined();
  });
});
