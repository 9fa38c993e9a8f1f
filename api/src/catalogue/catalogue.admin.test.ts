import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { localWeekendLegalisation } from '../testing/catalogue.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';

/** A commune's own service, as an administrator would post it. */
const localCard = localWeekendLegalisation();

describe.each(DATABASE_KINDS)('catalogue administration over HTTP (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let adminCookie: string;
  let operatorCookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    const operator = await newStaffUser(t.db, { operator: true });
    adminCookie = await signIn(t.app, hostOf(city), admin.email);
    operatorCookie = await signIn(t.app, 'localhost', operator.email);
  });
  afterAll(() => t.dispose());

  it('lets the operator publish the shipped catalogue once, and records it', async () => {
    const first = await call(t.app, 'POST', 'localhost', '/api/v1/operator/catalogue/versions', { cookie: operatorCookie, body: {} });
    expect(await first.json()).toMatchObject({ created: true, flagged: 0 });
    const again = await call(t.app, 'POST', 'localhost', '/api/v1/operator/catalogue/versions', { cookie: operatorCookie, body: {} });
    expect(await again.json()).toMatchObject({ created: false });
    const audit = (await (await call(t.app, 'GET', 'localhost', '/api/v1/operator/audit', { cookie: operatorCookie })).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toContain('catalogue.published');
  });

  it("shows an administrator's fee and note on the public page of the commune and of its arrondissement", async () => {
    const res = await call(t.app, 'PUT', hostOf(city), '/api/v1/admin/catalogue/offerings/signature-legalisation', {
      cookie: adminCookie,
      body: { overrides: { cost: { kind: 'fixed', amountMad: 2 }, note: { fr: 'Guichet 3, rez-de-chaussée' } } },
    });
    expect(res.status).toBe(200);
    for (const host of [hostOf(city), hostOf(anfa, city)]) {
      const detail = (await (await call(t.app, 'GET', host, '/api/v1/services/signature-legalisation')).json()) as {
        cost: unknown;
        localFacts: { note?: unknown };
      };
      expect(detail.cost).toEqual({ kind: 'fixed', amountMad: 2 });
      expect(detail.localFacts.note).toEqual({ fr: 'Guichet 3, rez-de-chaussée' });
    }
    const audit = (await (await call(t.app, 'GET', hostOf(city), '/api/v1/admin/audit', { cookie: adminCookie })).json()) as {
      entries: { action: string; after: unknown }[];
    };
    expect(audit.entries[0]).toMatchObject({ action: 'catalogue.offering_changed' });
  });

  it("gives the console one service in one answer: the arrondissement's own facts apart from its commune's, the card and the offices", async () => {
    const anfaAdmin = await newStaffUser(t.db, { memberships: [{ tenant: anfa, role: 'administrator' }] });
    const cookie = await signIn(t.app, hostOf(anfa, city), anfaAdmin.email);
    const put = await call(t.app, 'PUT', hostOf(anfa, city), '/api/v1/admin/catalogue/offerings/signature-legalisation', {
      cookie,
      body: { overrides: { hours: { fr: 'Aussi le samedi matin' } } },
    });
    expect(put.status).toBe(200);
    const res = await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/admin/catalogue/offerings/signature-legalisation', { cookie });
    expect(res.status).toBe(200);
    const one = (await res.json()) as Record<string, unknown> & { card: { code: string; documents: unknown[] }; offices: unknown[] };
    expect(one).toMatchObject({
      code: 'signature-legalisation',
      own: { hours: { fr: 'Aussi le samedi matin' } },
      inherited: { cost: { kind: 'fixed', amountMad: 2 }, note: { fr: 'Guichet 3, rez-de-chaussée' } },
      offering: { enabled: true, overriddenBy: { hours: anfa.id, cost: city.id, note: city.id }, reviewFields: [] },
    });
    expect(one.own).not.toHaveProperty('cost');
    expect(one.card.code).toBe('signature-legalisation');
    expect(one.card.documents.length).toBeGreaterThan(0);
    expect(Array.isArray(one.offices)).toBe(true);
    const missing = await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/admin/catalogue/offerings/no-such-service', { cookie });
    expect(missing.status).toBe(404);
  });

  it("lists a commune's arrondissements with their ids for the staff screen, and none on an arrondissement", async () => {
    const onCity = (await (await call(t.app, 'GET', hostOf(city), '/api/v1/admin/arrondissements', { cookie: adminCookie })).json()) as {
      arrondissements: { id: string; slug: string }[];
    };
    expect(onCity.arrondissements).toEqual([expect.objectContaining({ id: anfa.id, slug: 'anfa', status: anfa.status })]);
    const anfaAdmin = await newStaffUser(t.db, { memberships: [{ tenant: anfa, role: 'administrator' }] });
    const cookie = await signIn(t.app, hostOf(anfa, city), anfaAdmin.email);
    expect(await (await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/admin/arrondissements', { cookie })).json()).toEqual({ arrondissements: [] });
  });

  it('refuses a bad override with a field error and changes nothing', async () => {
    const res = await call(t.app, 'PUT', hostOf(city), '/api/v1/admin/catalogue/offerings/signature-legalisation', {
      cookie: adminCookie,
      body: { overrides: { cost: { kind: 'fixed', amountMad: -5 } } },
    });
    expect(res.status).toBe(422);
    const detail = (await (await call(t.app, 'GET', hostOf(city), '/api/v1/services/signature-legalisation')).json()) as { cost: unknown };
    expect(detail.cost).toEqual({ kind: 'fixed', amountMad: 2 });
  });

  it("lets a commune say that its own tariff sets a service's fee, shown on its public card", async () => {
    const res = await call(t.app, 'PUT', hostOf(city), '/api/v1/admin/catalogue/offerings/sanitary-inspection', {
      cookie: adminCookie,
      body: { overrides: { cost: { kind: 'tariff', note: { fr: 'Article 12 de l’arrêté fiscal' } } } },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const detail = (await (await call(t.app, 'GET', hostOf(city), '/api/v1/services/sanitary-inspection')).json()) as { localFacts: { cost?: unknown } };
    expect(detail.localFacts.cost).toEqual({ kind: 'tariff', note: { fr: 'Article 12 de l’arrêté fiscal' } });
  });

  it('adds a service of the commune\u2019s own, found by search on the commune and its arrondissement', async () => {
    const res = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/catalogue/local-services', { cookie: adminCookie, body: localCard });
    expect(res.status).toBe(201);
    const duplicate = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/catalogue/local-services', { cookie: adminCookie, body: localCard });
    expect(duplicate.status).toBe(409);
    for (const host of [hostOf(city), hostOf(anfa, city)]) {
      const search = (await (await call(t.app, 'GET', host, `/api/v1/services/search?q=${encodeURIComponent('samedi')}`)).json()) as {
        services: { code: string; local: boolean }[];
      };
      expect(search.services[0]).toMatchObject({ code: 'local-weekend-legalisation', local: true });
    }
  });

  it('refuses a local card that breaks the catalogue rules, naming the field', async () => {
    const bad = { ...localCard, code: 'local-bad', documents: [{ ar: 'نسخة مصادق عليها', fr: "Copie certifiée conforme de l'acte" }], category: 'urbanism' };
    const res = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/catalogue/local-services', { cookie: adminCookie, body: bad });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details[0]?.path).toMatch(/^documents\.0/);
  });
});
