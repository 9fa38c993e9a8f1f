import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { insertEvent, insertOpen311Key, revokeOpen311Key, updateComplaint, updatePhotoStatus } from './complaints.repository.ts';
import { hashToken } from './complaints.service.ts';

const LISTS = new Set(['request', 'service', 'error', 'endpoint', 'format', 'attribute', 'value']);
/** Every value as text, lists always arrays: what an Open311 client written against the XML would read. */
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => LISTS.has(name) });

async function parseXml(res: Response): Promise<Record<string, any>> {
  expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/i);
  const text = await res.text();
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(XMLValidator.validate(text)).toBe(true);
  return xml.parse(text) as Record<string, any>;
}

async function parseJson(res: Response): Promise<any> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/i);
  return res.json();
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const PERSONAL = ['Fatima', 'Zahra', 'fatima@example.ma', '0612345678', '0699887766'];

describe.each(DATABASE_KINDS)('Open311 GeoReport v2 (%s)', (kind) => {
  let t: TestApp;
  let casa: TenantRow;
  let rabat: TenantRow;
  let casaHost: string;
  let rabatHost: string;
  const apiKey = `o311_test_${crypto.randomUUID()}`;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    casa = await newTenant(t.db, { slug: 'casablanca', locales: ['fr', 'ar', 'zgh'] });
    rabat = await newTenant(t.db, { slug: 'rabat' });
    casaHost = hostOf(casa);
    rabatHost = hostOf(rabat);
    await withTenant(t.db, { id: casa.id }, (tx) => insertOpen311Key(tx, { name: 'FixMyStreet', keyHash: hashToken(apiKey), at: new Date(), by: null }));
  });
  afterAll(() => t?.dispose());

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (host: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.request(`http://${host}${path}`, { method: 'POST', headers: { host, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form(fields) });
  const LAMP = {
    service_code: 'street_lighting',
    description: 'Lampadaire éteint devant le n° 12, appelez-moi au 0699887766',
    lat: '33.573112',
    long: '-7.589843',
    address_string: '12 rue des Orangers',
    email: 'fatima@example.ma',
    first_name: 'Fatima',
    last_name: 'Zahra',
    phone: '0612345678',
  };
  const file = async (fields: Record<string, string> = {}) => {
    const res = await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...LAMP, ...fields });
    expect(res.status).toBe(200);
    return ((await res.json()) as { service_request_id: string; token: string }[])[0] as { service_request_id: string; token: string };
  };

  it('publishes a discovery document in JSON and XML pointing at the v2 endpoint', async () => {
    const json = await parseJson(await t.get(casaHost, '/open311/discovery.json'));
    expect(json.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: `http://${casaHost}/open311/v2`, changeset: json.changeset, type: 'production', formats: ['application/json', 'text/xml'] },
    ]);
    expect(json.changeset).toMatch(ISO_WITH_OFFSET);
    expect(typeof json.contact).toBe('string');
    expect(typeof json.key_service).toBe('string');
    const doc = await parseXml(await t.get(casaHost, '/open311/discovery.xml'));
    const endpoint = doc.discovery.endpoints.endpoint[0];
    expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `http://${casaHost}/open311/v2`, type: 'production' });
    expect(endpoint.formats.format).toEqual(['application/json', 'text/xml']);
  });

  it("lists the tenant's categories as services, field by field, in JSON and XML", async () => {
    const services = await parseJson(await t.get(casaHost, '/open311/v2/services.json'));
    expect(services.map((s: { service_code: string }) => s.service_code)).toContain('street_lighting');
    const lamp = services.find((s: { service_code: string }) => s.service_code === 'street_lighting');
    expect(lamp).toEqual({ service_code: 'street_lighting', service_name: 'Éclairage public', description: 'Éclairage public', metadata: true, type: 'realtime', keywords: expect.stringContaining('الإنارة العمومية'), group: 'complaints' });
    // A service with questions has metadata; one without has none.
    expect(services.find((s: { service_code: string }) => s.service_code === 'cleanliness').metadata).toBe(false);
    // In the language asked for, when the tenant offers it.
    const ar = await parseJson(await t.get(casaHost, '/open311/v2/services.json?locale=ar'));
    expect(ar.find((s: { service_code: string }) => s.service_code === 'street_lighting').service_name).toBe('الإنارة العمومية');

    const doc = await parseXml(await t.get(casaHost, '/open311/v2/services.xml'));
    const xmlLamp = doc.services.service.find((s: { service_code: string }) => s.service_code === 'street_lighting');
    expect(xmlLamp).toMatchObject({ service_code: 'street_lighting', service_name: 'Éclairage public', metadata: 'true', type: 'realtime', group: 'complaints' });
    expect(doc.services.service.find((s: { service_code: string }) => s.service_code === 'cleanliness').metadata).toBe('false');
    expect(doc.services.service).toHaveLength(services.length);
  });

  it('answers a service definition field by field per the specification, in JSON and XML, in the language asked for', async () => {
    const json = await parseJson(await t.get(casaHost, '/open311/v2/services/street_lighting.json'));
    expect(json).toEqual({
      service_code: 'street_lighting',
      attributes: [
        { variable: true, code: 'pole_number', datatype: 'string', required: false, datatype_description: 'Le numéro peint ou collé sur le poteau, s’il y en a un', order: 1, description: 'Numéro du lampadaire' },
        {
          variable: true,
          code: 'street_dark',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: null,
          order: 2,
          description: 'La rue entière est-elle dans le noir\u202f?',
          values: [
            { key: 'yes', name: 'Oui' },
            { key: 'no', name: 'Non' },
          ],
        },
      ],
    });
    // Every datatype is one the specification names.
    for (const code of ['street_lighting', 'roads', 'water_leaks', 'noise', 'stray_animals']) {
      const def = await parseJson(await t.get(casaHost, `/open311/v2/services/${code}.json`));
      expect(def.attributes.length).toBeGreaterThan(0);
      for (const a of def.attributes) expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
    }
    const ar = await parseJson(await t.get(casaHost, '/open311/v2/services/stray_animals.json?locale=ar'));
    expect(ar.attributes).toEqual([
      {
        variable: true,
        code: 'animal_kind',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 1,
        description: 'ما نوع الحيوان؟',
        values: [
          { key: 'dog', name: 'كلب' },
          { key: 'cat', name: 'قط' },
          { key: 'other', name: 'آخر' },
        ],
      },
    ]);

    const doc = await parseXml(await t.get(casaHost, '/open311/v2/services/street_lighting.xml'));
    expect(doc.service_definition.service_code).toBe('street_lighting');
    expect(doc.service_definition.attributes.attribute).toEqual([
      { variable: 'true', code: 'pole_number', datatype: 'string', required: 'false', datatype_description: 'Le numéro peint ou collé sur le poteau, s’il y en a un', order: '1', description: 'Numéro du lampadaire' },
      {
        variable: 'true',
        code: 'street_dark',
        datatype: 'singlevaluelist',
        required: 'false',
        datatype_description: '',
        order: '2',
        description: 'La rue entière est-elle dans le noir\u202f?',
        values: { value: [{ key: 'yes', name: 'Oui' }, { key: 'no', name: 'Non' }] },
      },
    ]);
    // A service without questions has an empty list.
    expect(await parseJson(await t.get(casaHost, '/open311/v2/services/cleanliness.json'))).toEqual({ service_code: 'cleanliness', attributes: [] });
    expect((await parseXml(await t.get(casaHost, '/open311/v2/services/cleanliness.xml'))).service_definition).toEqual({ service_code: 'cleanliness', attributes: '' });

    const unknown = await t.get(casaHost, '/open311/v2/services/unicorns.json');
    expect(unknown.status).toBe(404);
    expect(await parseJson(unknown)).toEqual([{ code: 404, description: expect.any(String) }]);
    const unknownXml = await t.get(casaHost, '/open311/v2/services/unicorns.xml');
    expect(unknownXml.status).toBe(404);
    expect((await parseXml(unknownXml)).errors.error[0].code).toBe('404');
  });

  it('files the attributes a client sends (attribute[code]=value) with the request, and staff read them', async () => {
    const { service_request_id: id } = await file({ service_code: 'roads', 'attribute[hazard_type]': 'missing_manhole_cover' });
    const row = await t.db.kysely.selectFrom('complaints').selectAll().where('tracking', '=', id).executeTakeFirstOrThrow();
    expect(row.attributes).toEqual({ hazard_type: 'missing_manhole_cover' });
    const animals = await file({ service_code: 'stray_animals', 'attribute[animal_kind]': 'dog' });
    const animalRow = await t.db.kysely.selectFrom('complaints').selectAll().where('tracking', '=', animals.service_request_id).executeTakeFirstOrThrow();
    expect(animalRow.attributes).toEqual({ animal_kind: 'dog' });
    // A free-text answer, trimmed; an empty optional one is no answer.
    const lamp = await file({ 'attribute[pole_number]': '  EP-0412 ', 'attribute[street_dark]': '' });
    expect((await t.db.kysely.selectFrom('complaints').select('attributes').where('tracking', '=', lamp.service_request_id).executeTakeFirstOrThrow()).attributes).toEqual({ pole_number: 'EP-0412' });

    const agent = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'supervisor' }] });
    const cookie = await signIn(t.app, casaHost, agent.email);
    const res = await call(t.app, 'GET', casaHost, `/api/v1/admin/complaints/${row.id}`, { cookie });
    expect(res.status).toBe(200);
    const detail = (await res.json()) as { answers: unknown };
    expect(detail.answers).toEqual([
      { code: 'hazard_type', question: expect.objectContaining({ fr: 'De quel problème s’agit-il\u202f?' }), answers: [{ value: 'missing_manhole_cover', names: expect.objectContaining({ fr: 'Plaque d’égout manquante' }) }] },
    ]);
    // Not on the public views.
    const publicText = await (await t.get(casaHost, `/open311/v2/requests/${id}.json`)).text();
    expect(publicText).not.toContain('manhole');
  });

  it('refuses a missing required attribute, an answer outside the list, or an attribute the service does not have: 400 in the error format, nothing filed', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', casa.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [Record<string, string>, string][] = [
      [{ service_code: 'stray_animals' }, 'attribute[animal_kind] is required for service stray_animals'],
      [{ service_code: 'stray_animals', 'attribute[animal_kind]': '' }, 'attribute[animal_kind] is required for service stray_animals'],
      [{ service_code: 'roads', 'attribute[hazard_type]': 'volcano' }, 'attribute[hazard_type] is one of pothole, broken_pavement, missing_manhole_cover, other'],
      [{ service_code: 'cleanliness', 'attribute[pole_number]': '12' }, 'attribute[pole_number] is not an attribute of service cleanliness'],
      [{ 'attribute[pole_number]': 'x'.repeat(201) }, 'attribute[pole_number] is at most 200 characters'],
    ];
    for (const [fields, description] of cases) {
      const res = await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...LAMP, ...fields });
      expect(res.status).toBe(400);
      expect(await parseJson(res)).toEqual([{ code: 400, description }]);
    }
    // Two answers to a single-value question.
    const twice = await t.app.request(`http://${casaHost}/open311/v2/requests.xml`, {
      method: 'POST',
      headers: { host: casaHost, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${form({ api_key: apiKey, ...LAMP, service_code: 'noise' })}&attribute%5Bnoise_time%5D=day&attribute%5Bnoise_time%5D=night`,
    });
    expect(twice.status).toBe(400);
    expect((await parseXml(twice)).errors.error).toEqual([{ code: '400', description: 'attribute[noise_time] takes one value' }]);
    expect(await count()).toBe(before);
    // The numbers refused were not used: the next request takes the next number.
    const last = await t.db.kysely.selectFrom('complaints').select('number').where('tenant_id', '=', casa.id).orderBy('number', 'desc').executeTakeFirstOrThrow();
    const next = await file({ service_code: 'stray_animals', 'attribute[animal_kind]': 'cat' });
    expect(Number(next.service_request_id.slice(-6))).toBe(last.number + 1);
  });

  it('refuses a submission without a valid API key (403 in the error format) and files nothing', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const none = await post(casaHost, '/open311/v2/requests.json', LAMP);
    expect(none.status).toBe(403);
    expect(await parseJson(none)).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await post(casaHost, '/open311/v2/requests.xml', { ...LAMP, api_key: 'o311_not-a-key' });
    expect(wrong.status).toBe(403);
    expect((await parseXml(wrong)).errors.error).toEqual([{ code: '403', description: expect.any(String) }]);
    // A key of one tenant opens nothing on another.
    expect((await post(rabatHost, '/open311/v2/requests.json', { ...LAMP, api_key: apiKey })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('files a request with a key and answers its id (the tracking number) and a token, in JSON and XML', async () => {
    const res = await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...LAMP });
    expect(res.status).toBe(200);
    const [answer] = await parseJson(res);
    expect(answer).toEqual({ service_request_id: expect.stringMatching(/^CASA-\d{4}-\d{6}$/), token: expect.any(String), service_notice: null, account_id: null });
    const row = await t.db.kysely.selectFrom('complaints').selectAll().where('tracking', '=', answer.service_request_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tenant_id: casa.id, channel: 'open311', open311_client: 'FixMyStreet', category: 'street_lighting', contact_name: 'Fatima Zahra', contact_email: 'fatima@example.ma', locale: 'fr', state: 'received' });

    const xmlRes = await post(casaHost, '/open311/v2/requests.xml', { api_key: apiKey, ...LAMP });
    expect(xmlRes.status).toBe(200);
    const doc = await parseXml(xmlRes);
    expect(doc.service_requests.request).toHaveLength(1);
    expect(doc.service_requests.request[0].service_request_id).toMatch(/^CASA-\d{4}-\d{6}$/);

    const token = await parseJson(await t.get(casaHost, `/open311/v2/tokens/${answer.token}.json`));
    expect(token).toEqual([{ service_request_id: answer.service_request_id, token: answer.token }]);
    const tokenXml = await parseXml(await t.get(casaHost, `/open311/v2/tokens/${answer.token}.xml`));
    expect(tokenXml.service_requests.request).toEqual([{ service_request_id: answer.service_request_id, token: answer.token }]);
  });

  it('refuses a request without a place, without a description or with an unknown service code (400), and a place outside Morocco', async () => {
    const { lat: _lat, long: _long, address_string: _address, ...noPlace } = LAMP;
    for (const fields of [noPlace, { ...LAMP, description: '' }, { ...LAMP, service_code: 'unicorns' }, { ...LAMP, lat: '48.85', long: '2.35' }, { ...LAMP, email: 'not-an-email' }]) {
      const res = await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...fields });
      expect(res.status).toBe(400);
      expect(await parseJson(res)).toEqual([{ code: 400, description: expect.any(String) }]);
    }
    // An address alone, or an address id alone, is a place.
    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...noPlace, address_string: 'Place des Nations Unies' })).status).toBe(200);
    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...noPlace, address_id: 'LAMP-0042' })).status).toBe(200);
  });

  it('creates one complaint when a client retries with the same idempotency key (header or field), concurrently or later', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', casa.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const key = `open311-${crypto.randomUUID()}`;
    const fields = { api_key: apiKey, ...LAMP };
    const answers = await Promise.all([post(casaHost, '/open311/v2/requests.json', fields, { 'Idempotency-Key': key }), post(casaHost, '/open311/v2/requests.json', fields, { 'Idempotency-Key': key })]);
    const later = await post(casaHost, '/open311/v2/requests.json', fields, { 'Idempotency-Key': key });
    const ids = await Promise.all([...answers, later].map(async (r) => ((await r.json()) as { service_request_id: string }[])[0]?.service_request_id));
    expect([...answers, later].map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(ids).size).toBe(1);
    expect(later.headers.get('Idempotent-Replayed')).toBe('true');

    const fieldKey = `open311-field-${crypto.randomUUID()}`;
    const first = await post(casaHost, '/open311/v2/requests.json', { ...fields, idempotency_key: fieldKey });
    const again = await post(casaHost, '/open311/v2/requests.json', { ...fields, idempotency_key: fieldKey });
    expect(((await first.json()) as { service_request_id: string }[])[0]?.service_request_id).toBe(((await again.json()) as { service_request_id: string }[])[0]?.service_request_id);
    expect(await count()).toBe(before + 2);
  });

  it('shows a request field by field without personal data: text and address once reviewed, the latest public reply, published photos only', async () => {
    const { service_request_id: id } = await file();
    const fresh = await t.get(casaHost, `/open311/v2/requests/${id}.json`);
    expect(fresh.status).toBe(200);
    const freshText = await fresh.clone().text();
    for (const secret of [...PERSONAL, 'Orangers', 'Lampadaire']) expect(freshText).not.toContain(secret);
    const [before] = await parseJson(fresh);
    expect(before).toEqual({
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: 'Éclairage public',
      service_code: 'street_lighting',
      description: null,
      agency_responsible: casa.names.fr,
      service_notice: null,
      requested_datetime: expect.stringMatching(ISO_WITH_OFFSET),
      updated_datetime: expect.stringMatching(ISO_WITH_OFFSET),
      expected_datetime: expect.stringMatching(ISO_WITH_OFFSET),
      address: null,
      address_id: null,
      zipcode: null,
      lat: 33.5731,
      long: -7.5898,
      media_url: null,
    });
    const row = await t.db.kysely.selectFrom('complaints').selectAll().where('tracking', '=', id).executeTakeFirstOrThrow();
    expect(new Date(before.requested_datetime).getTime()).toBe(Math.floor(row.created_at.getTime() / 1000) * 1000);
    expect(new Date(before.expected_datetime).getTime()).toBe(row.due_at.getTime());

    // Staff redact and review the text, reply publicly, assign to lighting, and resolve.
    await withTenant(t.db, { id: casa.id }, async (tx) => {
      const at = new Date();
      await updateComplaint(tx, row.id, { description: 'Lampadaire éteint devant le n° 12', text_reviewed_at: at, department: 'lighting', state: 'resolved', closed_at: at, updated_at: at });
      await insertEvent(tx, { complaint_id: row.id, at, kind: 'reply', from_state: null, to_state: null, public: true, body: 'Une équipe passe jeudi.', locale: 'fr', author_id: null, author_name: 'Agent' });
      await insertEvent(tx, { complaint_id: row.id, at, kind: 'note', from_state: null, to_state: null, public: false, body: 'Note interne : rappeler Mme Zahra', locale: 'fr', author_id: null, author_name: 'Agent' });
    });
    const [after] = await parseJson(await t.get(casaHost, `/open311/v2/requests/${id}.json`));
    expect(after).toMatchObject({ status: 'closed', description: 'Lampadaire éteint devant le n° 12', address: '12 rue des Orangers', status_notes: 'Une équipe passe jeudi.', agency_responsible: 'Éclairage public', expected_datetime: null });

    const doc = await parseXml(await t.get(casaHost, `/open311/v2/requests/${id}.xml`));
    expect(doc.service_requests.request).toHaveLength(1);
    const r = doc.service_requests.request[0];
    expect(r).toEqual({
      service_request_id: id,
      status: 'closed',
      status_notes: 'Une équipe passe jeudi.',
      service_name: 'Éclairage public',
      service_code: 'street_lighting',
      description: 'Lampadaire éteint devant le n° 12',
      agency_responsible: 'Éclairage public',
      service_notice: '',
      requested_datetime: before.requested_datetime,
      updated_datetime: expect.stringMatching(ISO_WITH_OFFSET),
      expected_datetime: '',
      address: '12 rue des Orangers',
      address_id: '',
      zipcode: '',
      lat: '33.5731',
      long: '-7.5898',
      media_url: '',
    });
    const xmlText = await (await t.get(casaHost, `/open311/v2/requests/${id}.xml`)).text();
    for (const secret of [...PERSONAL, 'interne']) expect(xmlText).not.toContain(secret);
  });

  it('gives a media_url only for a photo staff published, on the host the client asked', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#446688' } }).jpeg().toBuffer();
    const body = new FormData();
    for (const [k, v] of Object.entries({ category: 'roads', description: 'Nid-de-poule', latitude: '33.58', longitude: '-7.6', locale: 'fr' })) body.set(k, v);
    body.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'hole.jpg');
    const filed = await t.app.request(`http://${casaHost}/api/v1/complaints`, { method: 'POST', headers: { host: casaHost }, body });
    expect(filed.status).toBe(201);
    const { tracking } = (await filed.json()) as { tracking: string };
    const [pending] = await parseJson(await t.get(casaHost, `/open311/v2/requests/${tracking}.json`));
    expect(pending.media_url).toBeNull();
    const row = await t.db.kysely.selectFrom('complaint_photos').innerJoin('complaints', (j) => j.onRef('complaints.tenant_id', '=', 'complaint_photos.tenant_id').onRef('complaints.id', '=', 'complaint_photos.complaint_id')).select('complaint_photos.file_id').where('complaints.tracking', '=', tracking).executeTakeFirstOrThrow();
    await withTenant(t.db, { id: casa.id }, (tx) => updatePhotoStatus(tx, row.file_id, 'published', new Date()));
    const [published] = await parseJson(await t.get(casaHost, `/open311/v2/requests/${tracking}.json`));
    expect(published.media_url).toBe(`http://${casaHost}/api/v1/complaints/photos/${row.file_id}`);
    const image = await t.get(casaHost, new URL(published.media_url).pathname);
    expect(image.status).toBe(200);
  });

  it('filters requests by ids, service code, status and dates; the last 90 days by default', async () => {
    const a = await file({ service_code: 'noise' });
    const b = await file({ service_code: 'noise' });
    const old = await file({ service_code: 'noise' });
    const oldAt = new Date(Date.now() - 120 * 86_400_000);
    await withTenant(t.db, { id: casa.id }, async (tx) => {
      const rowOld = await tx.selectFrom('complaints').select('id').where('tracking', '=', old.service_request_id).executeTakeFirstOrThrow();
      await updateComplaint(tx, rowOld.id, { created_at: oldAt });
      const rowB = await tx.selectFrom('complaints').select('id').where('tracking', '=', b.service_request_id).executeTakeFirstOrThrow();
      await updateComplaint(tx, rowB.id, { state: 'rejected', closed_at: new Date() });
    });
    const ids = async (query: string) => ((await parseJson(await t.get(casaHost, `/open311/v2/requests.json${query}`))) as { service_request_id: string }[]).map((r) => r.service_request_id);

    const noise = await ids('?service_code=noise');
    expect(noise).toContain(a.service_request_id);
    expect(noise).toContain(b.service_request_id);
    expect(noise).not.toContain(old.service_request_id);
    expect((await ids('')).every((id) => id.startsWith('CASA-'))).toBe(true);
    expect(await ids('?service_code=noise&status=open')).not.toContain(b.service_request_id);
    expect(await ids('?service_code=noise&status=closed')).toEqual([b.service_request_id]);
    expect(new Set(await ids(`?service_request_id=${a.service_request_id},${old.service_request_id},RABA-2026-000001&status=closed`))).toEqual(new Set([a.service_request_id, old.service_request_id]));
    const start = new Date(oldAt.getTime() - 86_400_000).toISOString();
    const end = new Date(oldAt.getTime() + 86_400_000).toISOString();
    expect(await ids(`?service_code=noise&start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`)).toEqual([old.service_request_id]);

    const tooWide = await t.get(casaHost, `/open311/v2/requests.json?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(new Date().toISOString())}`);
    expect(tooWide.status).toBe(400);
    expect(await parseJson(tooWide)).toEqual([{ code: 400, description: expect.stringContaining('90') }]);
    expect((await t.get(casaHost, '/open311/v2/requests.json?status=pending')).status).toBe(400);
    expect((await t.get(casaHost, '/open311/v2/requests.xml?start_date=yesterday')).status).toBe(400);

    const doc = await parseXml(await t.get(casaHost, '/open311/v2/requests.xml?service_code=noise&status=closed'));
    expect(doc.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([b.service_request_id]);
  });

  it("answers 404 for one tenant's request id or token on another tenant's host, and for another jurisdiction_id", async () => {
    const { service_request_id: id, token } = await file();
    for (const path of [`/open311/v2/requests/${id}.json`, `/open311/v2/tokens/${token}.json`]) {
      const res = await t.get(rabatHost, path);
      expect(res.status).toBe(404);
      expect(await parseJson(res)).toEqual([{ code: 404, description: expect.any(String) }]);
    }
    expect((await parseXml(await t.get(rabatHost, `/open311/v2/requests/${id}.xml`))).errors.error[0].code).toBe('404');
    expect(await parseJson(await t.get(rabatHost, `/open311/v2/requests.json?service_request_id=${id}`))).toEqual([]);

    expect((await t.get(casaHost, `/open311/v2/requests/${id}.json?jurisdiction_id=${casaHost}`)).status).toBe(200);
    expect((await t.get(casaHost, `/open311/v2/requests/${id}.json?jurisdiction_id=casablanca`)).status).toBe(200);
    const other = await t.get(casaHost, `/open311/v2/services.json?jurisdiction_id=${rabatHost}`);
    expect(other.status).toBe(404);
    expect(await parseJson(other)).toEqual([{ code: 404, description: expect.stringContaining('jurisdiction_id') }]);
    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: apiKey, ...LAMP, jurisdiction_id: 'rabat' })).status).toBe(404);
    expect((await t.get('nowhere.localhost', '/open311/v2/services.json')).status).toBe(404);
    const unknownPath = await t.get(casaHost, '/open311/v2/whatever.xml');
    expect(unknownPath.status).toBe(404);
    expect((await parseXml(unknownPath)).errors.error[0].code).toBe('404');
  });

  it('refuses a revoked key', async () => {
    const revoked = `o311_revoked_${crypto.randomUUID()}`;
    await withTenant(t.db, { id: casa.id }, async (tx) => {
      const key = await insertOpen311Key(tx, { name: 'Old client', keyHash: hashToken(revoked), at: new Date(), by: null });
      await revokeOpen311Key(tx, key.id, new Date());
    });
    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: revoked, ...LAMP })).status).toBe(403);
  });
  it('an administrator issues a key in the console, shown once; the client files with it until it is revoked; a supervisor issues none', async () => {
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'administrator' }] });
    const supervisor = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'supervisor' }] });
    const cookie = await signIn(t.app, casaHost, admin.email);
    const created = await call(t.app, 'POST', casaHost, '/api/v1/admin/open311-keys', { cookie, body: { name: 'Aggregator' } });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; apiKey: string; name: string };
    expect(key.apiKey).toMatch(/^o311_/);
    const listed = (await (await call(t.app, 'GET', casaHost, '/api/v1/admin/open311-keys', { cookie })).json()) as { keys: Record<string, unknown>[] };
    const entry = listed.keys.find((k) => k.id === key.id);
    expect(entry).toMatchObject({ name: 'Aggregator', revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.apiKey);

    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: key.apiKey, ...LAMP })).status).toBe(200);
    const used = (await (await call(t.app, 'GET', casaHost, '/api/v1/admin/open311-keys', { cookie })).json()) as { keys: { id: string; lastUsedAt: string | null }[] };
    expect(used.keys.find((k) => k.id === key.id)?.lastUsedAt).not.toBeNull();

    expect((await call(t.app, 'DELETE', casaHost, `/api/v1/admin/open311-keys/${key.id}`, { cookie })).status).toBe(204);
    expect((await post(casaHost, '/open311/v2/requests.json', { api_key: key.apiKey, ...LAMP })).status).toBe(403);
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('tenant_id', '=', casa.id).where('action', 'like', 'complaint.api_key%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['complaint.api_key_created', 'complaint.api_key_revoked']);

    const supervisorCookie = await signIn(t.app, casaHost, supervisor.email);
    expect((await call(t.app, 'POST', casaHost, '/api/v1/admin/open311-keys', { cookie: supervisorCookie, body: { name: 'Mine' } })).status).toBe(403);
  });
  it("refuses a client over the tenant's Open311 allowance with 429 and Retry-After, in the error format, filing nothing", async () => {
    const fes = await newTenant(t.db, { slug: 'fes' });
    const key = `o311_fes_${crypto.randomUUID()}`;
    await withTenant(t.db, { id: fes.id }, async (tx) => {
      await insertOpen311Key(tx, { name: 'Busy client', keyHash: hashToken(key), at: new Date(), by: null });
      // The tenant's Open311 bucket is empty (as after a flood), and was last filled just now.
      await tx.insertInto('submission_throttle').values({ tenant_id: fes.id, bucket: 'open311.requests.create|tenant', tokens: 0, updated_at: new Date(Date.now() + 60_000) }).execute();
    });
    const res = await post(hostOf(fes), '/open311/v2/requests.xml', { api_key: key, ...LAMP });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await parseXml(res)).errors.error).toEqual([{ code: '429', description: expect.any(String) }]);
    expect(await t.db.kysely.selectFrom('complaints').select('id').where('tenant_id', '=', fes.id).execute()).toEqual([]);
  });
});
