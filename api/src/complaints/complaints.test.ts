import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { admit, complete, jsonAnswer, sha256Hex } from '../idempotency/idempotency.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf } from '../testing/staff.ts';

/** A phone photo: JPEG with a GPS position in its EXIF. */
async function photoWithGps(): Promise<Uint8Array> {
  const bytes = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#5b8c3a' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Pocket 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 35/1 2/1', GPSLongitudeRef: 'W', GPSLongitude: '7/1 37/1 11/1', GPSMapDatum: 'WGS-84-SECRET' },
    })
    .toBuffer();
  return new Uint8Array(bytes);
}

const LAMP = {
  category: 'street_lighting',
  description: 'Le lampadaire devant le n° 12 est éteint depuis une semaine. Mon téléphone 0612345678.',
  latitude: 33.5731,
  longitude: -7.5898,
  address: '12 rue des Orangers',
  contactName: 'Fatima Zahra',
  contactEmail: 'fatima@example.ma',
  contactPhone: '0612345678',
  locale: 'fr',
};

describe.each(DATABASE_KINDS)('complaints, public API (%s)', (kind) => {
  let t: TestApp;
  let casa: TenantRow;
  let rabat: TenantRow;
  let casaHost: string;
  let rabatHost: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    casa = await newTenant(t.db, { slug: 'casablanca' });
    rabat = await newTenant(t.db, { slug: 'rabat' });
    casaHost = hostOf(casa);
    rabatHost = hostOf(rabat);
  });
  afterAll(() => t?.dispose());

  const post = (host: string, body: unknown, headers: Record<string, string> = {}) => call(t.app, 'POST', host, '/api/v1/complaints', { body, origin: null, headers });

  it('lists the default categories, each with a 60-day deadline', async () => {
    const res = await t.get(casaHost, '/api/v1/complaints/categories');
    const { categories } = (await res.json()) as { categories: { code: string; deadlineDays: number }[] };
    expect(categories.map((c) => c.code)).toEqual(['street_lighting', 'roads', 'cleanliness', 'green_spaces', 'noise', 'stray_animals', 'water_leaks', 'public_buildings', 'other']);
    expect(new Set(categories.map((c) => c.deadlineDays))).toEqual(new Set([60]));
  });

  it("lists each category's questions, and takes their answers from a form (attribute[code]) or JSON, refusing a missing required one with its field", async () => {
    const { categories } = (await (await t.get(casaHost, '/api/v1/complaints/categories')).json()) as { categories: { code: string; attributes: { code: string; required: boolean }[] }[] };
    expect(categories.find((c) => c.code === 'stray_animals')?.attributes).toEqual([expect.objectContaining({ code: 'animal_kind', required: true, datatype: 'singlevaluelist' })]);
    expect(categories.find((c) => c.code === 'other')?.attributes).toEqual([]);

    // Anonymous: no acknowledgement mail (the next test counts them).
    const { contactName: _n, contactEmail: _e, contactPhone: _p, ...anonymous } = LAMP;
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...anonymous, category: 'noise' })) form.set(k, String(v));
    form.set('attribute[noise_time]', 'night');
    const res = await t.app.request(`http://${casaHost}/api/v1/complaints`, { method: 'POST', headers: { host: casaHost }, body: form });
    expect(res.status).toBe(201);
    const { tracking } = (await res.json()) as { tracking: string };
    const row = await t.db.kysely.selectFrom('complaints').select(['attributes']).where('tracking', '=', tracking).executeTakeFirstOrThrow();
    expect(row.attributes).toEqual({ noise_time: 'night' });
    // Not on the public view.
    expect(await (await t.get(casaHost, `/api/v1/complaints/track/${tracking}`)).text()).not.toContain('night');

    const missing = await post(casaHost, { ...anonymous, category: 'stray_animals' }, { host: casaHost });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { details: unknown } }).error.details).toEqual([{ path: 'attribute[animal_kind]', code: 'required' }]);
    expect((await post(casaHost, { ...anonymous, category: 'stray_animals', attributes: { animal_kind: 'dog' } }, { host: casaHost })).status).toBe(201);
  });

  it('files a complaint, answers a tracking number and a private link, and acknowledges by mail in the resident’s language on the tenant’s origin', async () => {
    const res = await post(casaHost, LAMP, { host: casaHost });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { tracking: string; token: string; privatePath: string; dueDate: string };
    expect(body.tracking).toMatch(/^CASA-\d{4}-\d{6}$/);
    expect(body.privatePath).toBe(`/fr/complaints/private/${body.token}`);

    const priv = await t.get(casaHost, `/api/v1/complaints/private/${body.token}`);
    expect(priv.status).toBe(200);
    const view = (await priv.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ tracking: body.tracking, state: 'received', contactEmail: 'fatima@example.ma', description: LAMP.description });

    const mail = await t.db.kysely.selectFrom('mail_outbox').select(['to_address', 'subject', 'body_text', 'locale', 'kind']).where('to_address', '=', 'fatima@example.ma').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.locale).toBe('fr');
    expect(mail[0]?.subject).toContain(body.tracking);
    expect(mail[0]?.body_text).toContain(`http://casablanca.localhost:3000${body.privatePath}`);
  });

  it('shows nothing personal when tracking by number, nor in the public list, and the text only once staff reviewed it', async () => {
    const res = await post(casaHost, { ...LAMP, description: 'Trou dans la chaussée, appelez-moi au 0699887766' });
    const { tracking } = (await res.json()) as { tracking: string };
    const tracked = await t.get(casaHost, `/api/v1/complaints/track/${tracking.toLowerCase()}`);
    expect(tracked.status).toBe(200);
    const text = await tracked.text();
    for (const secret of ['Fatima', 'fatima@example.ma', '0612345678', '0699887766', 'Orangers']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ tracking, state: 'received', description: null, steps: [{ kind: 'received', state: 'received' }] });

    const list = await (await t.get(casaHost, '/api/v1/complaints')).text();
    expect(list).toContain(tracking);
    for (const secret of ['Fatima', 'fatima@example.ma', '0612345678', '0699887766', 'Orangers', 'token', 'access']) expect(list).not.toContain(secret);
  });

  it("answers 404 for another tenant's tracking number and private link", async () => {
    const res = await post(casaHost, LAMP);
    const { tracking, token } = (await res.json()) as { tracking: string; token: string };
    expect((await t.get(rabatHost, `/api/v1/complaints/track/${tracking}`)).status).toBe(404);
    expect((await t.get(rabatHost, `/api/v1/complaints/private/${token}`)).status).toBe(404);
    expect((await t.get(casaHost, `/api/v1/complaints/private/${token.slice(0, -2)}xx`)).status).toBe(404);
  });

  it('creates one complaint for a double tap or a retry with the same Idempotency-Key', async () => {
    const key = `retry-${crypto.randomUUID()}`;
    const before = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const [a, b] = await Promise.all([post(casaHost, LAMP, { 'Idempotency-Key': key }), post(casaHost, LAMP, { 'Idempotency-Key': key })]);
    const c = await post(casaHost, LAMP, { 'Idempotency-Key': key });
    const bodies = (await Promise.all([a, b, c].map((r) => r.json()))) as { tracking: string }[];
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((x) => x.tracking)).size).toBe(1);
    const after = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
  });

  it("waits for the answer of a key claimed on its own by another request (as a process of the previous release claims), then gives it", async () => {
    const key = `held-${crypto.randomUUID()}`;
    const id = { tenantId: casa.id, scope: 'complaints.create', keyHash: sha256Hex(key) };
    // The fingerprint the middleware takes of this request: method, path, media type and body.
    const requestHash = sha256Hex(`POST\n/api/v1/complaints\napplication/json\n${JSON.stringify(LAMP)}`);
    const claim = await admit(t.db, { ...id, requestHash, now: new Date() });
    if (claim.kind !== 'run') throw new Error(`the key was not claimed: ${claim.kind}`);
    const before = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const answer = jsonAnswer(201, { tracking: 'CASA-2026-000999', note: 'the first request' });
    const pending = post(casaHost, LAMP, { 'Idempotency-Key': key });
    setTimeout(() => void complete(t.db, id, claim.claimedAt, answer), 150);
    const res = await pending;
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(answer.body);
    const after = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("takes a submission token for a keyed submission refused after its key's claim, as for one filed, and none for a replay", async () => {
    const tokens = async () => (await t.db.kysely.selectFrom('submission_throttle').select('tokens').where('tenant_id', '=', rabat.id).execute()).reduce((sum, r) => sum + Number(r.tokens), 0);
    expect((await post(rabatHost, LAMP, { 'Idempotency-Key': `filed-${crypto.randomUUID()}` })).status).toBe(201);
    const key = `refused-${crypto.randomUUID()}`;
    const full = await tokens();
    expect((await post(rabatHost, { ...LAMP, category: 'no_such_category' }, { 'Idempotency-Key': key })).status).toBe(422);
    const afterRefusal = await tokens();
    // A token or more (one per bucket), less the little refilled meanwhile.
    expect(full - afterRefusal).toBeGreaterThan(0.5);
    // The refusal gave the key back: the corrected submission runs, and its replay takes nothing.
    const filed = await post(rabatHost, LAMP, { 'Idempotency-Key': key });
    expect(filed.status).toBe(201);
    const afterFiling = await tokens();
    const again = await post(rabatHost, LAMP, { 'Idempotency-Key': key });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await filed.text());
    expect(await tokens()).toBeGreaterThanOrEqual(afterFiling);
  });

  it('refuses a place outside Morocco, a complaint with no place, an unknown category and a filled honeypot', async () => {
    expect((await post(rabatHost, { ...LAMP, latitude: 48.85, longitude: 2.35 })).status).toBe(422);
    const none = await post(rabatHost, { ...LAMP, latitude: undefined, longitude: undefined, address: undefined });
    expect(((await none.json()) as { error: { details: { code: string }[] } }).error.details[0]?.code).toBe('location_required');
    expect((await post(rabatHost, { ...LAMP, category: 'unicorns' })).status).toBe(422);
    const bot = await post(rabatHost, { ...LAMP, website: 'http://spam.example' });
    expect(((await bot.json()) as { error: { code: string } }).error.code).toBe('SUBMISSION_REFUSED');
  });

  it('takes a form with a photo: stored without its EXIF/GPS, hidden from the public until reviewed, visible through the private link', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(LAMP)) form.set(k, String(v));
    form.set('idempotency_key', `form-${crypto.randomUUID()}`);
    form.append('photo', new Blob([await photoWithGps()], { type: 'image/jpeg' }), 'IMG_0001.jpg');
    const res = await t.app.request(`http://${casaHost}/api/v1/complaints`, { method: 'POST', headers: { host: casaHost }, body: form });
    expect(res.status).toBe(201);
    const { tracking, token } = (await res.json()) as { tracking: string; token: string };
    const priv = (await (await t.get(casaHost, `/api/v1/complaints/private/${token}`)).json()) as { photos: { url: string }[] };
    expect(priv.photos).toHaveLength(1);
    const photo = await t.get(casaHost, priv.photos[0]?.url as string);
    expect(photo.status).toBe(200);
    const meta = await sharp(new Uint8Array(await photo.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    const pub = (await (await t.get(casaHost, `/api/v1/complaints/track/${tracking}`)).json()) as { photos: unknown[] };
    expect(pub.photos).toEqual([]);
    const fileId = priv.photos[0]?.url.split('/').at(-1);
    expect((await t.get(casaHost, `/api/v1/complaints/photos/${fileId}`)).status).toBe(404);
  });

  it('counts "me too" once per client', async () => {
    const { tracking } = (await (await post(casaHost, LAMP)).json()) as { tracking: string };
    const me = () => call(t.app, 'POST', casaHost, `/api/v1/complaints/track/${tracking}/supporters`, { origin: null });
    expect(await (await me()).json()).toEqual({ supporters: 1, added: true });
    expect(await (await me()).json()).toEqual({ supporters: 1, added: false });
  });

  it('publishes statistics and the yearly report as CSV', async () => {
    const stats = (await (await t.get(casaHost, '/api/v1/complaints/statistics')).json()) as { total: { received: number }; byMonth: unknown[] };
    expect(stats.total.received).toBeGreaterThan(0);
    expect(stats.byMonth).toHaveLength(12);
    const csv = await t.get(casaHost, '/api/v1/complaints/statistics/report.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('scope,key,received,resolved');
  });
});
