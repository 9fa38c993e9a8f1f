import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { hostOf } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { ServiceDetailView } from '../catalogue/catalogue.schemas.ts';
import { readableInProcess } from './in-process-json.ts';

describe('JSON answers to an in-process caller', () => {
  let t: TestApp;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp('pglite');
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
  });
  afterAll(() => t?.dispose());

  const call = async (path: string, inProcess: boolean) => {
    const response = await t.app.fetch(new Request(`http://${hostOf(city)}${path}`, { headers: { host: hostOf(city) } }), inProcess ? { inProcess: true } : {});
    return readableInProcess(response);
  };

  it.each(['/api/v1/site', '/api/v1/site/home?locale=fr', '/api/v1/services/birth-certificate-extract', '/api/v1/content-banner?locale=fr', '/api/v1/services/no-such-service', '/api/v1/site/home?locale=xx'])(
    'gives %s exactly as over HTTP: status, headers and the same JSON',
    async (path) => {
      const [direct, wire] = [await call(path, true), await call(path, false)];
      expect(direct.status).toBe(wire.status);
      const headers = (r: Response) => [...r.headers].filter(([name]) => name !== 'x-request-id');
      expect(headers(direct)).toEqual(headers(wire));
      expect(headers(direct)).toContainEqual(['content-type', 'application/json']);
      // Error answers quote their own request's id.
      const body = (text: string) => text.replace(/"requestId":"[^"]*"/, '"requestId":"…"');
      expect(body(JSON.stringify(await direct.json()))).toBe(body(await wire.text()));
      // Parsed from the kept text: the body itself was never read.
      expect(direct.bodyUsed).toBe(false);
    },
  );

  it('leaves other answers as they are', async () => {
    const response = await call('/api/v1/site/icons/favicon.svg', true);
    expect(response.headers.get('content-type')).not.toContain('json');
    expect((await response.text()).length).toBeGreaterThan(0);
  });
});

describe("shared parts of JSON answers to an in-process caller (a service card, a city's arrondissement offices, a listing's summaries)", () => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let tetouan: TenantRow;

  beforeAll(async () => {
    // With the cache of public reads, as the server runs: what it keeps is what answers share.
    t = await newTestApp('pglite', { pages: true });
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    const maarif = await newTenant(t.db, { parent: city, slug: 'maarif' });
    tetouan = await newTenant(t.db, { slug: 'tetouan' });
    const hours = [{ days: ['mon' as const, 'tue' as const], opens: '08:30', closes: '16:30' }];
    for (const [tenant, fr] of [[anfa, 'État civil Anfa'], [maarif, 'État civil Maârif']] as const) {
      await withTenant(t.db, { id: tenant.id }, (tx) =>
        insertOffice(tx, { key: 'etat-civil', kind: 'civil_status', names: { fr }, address: { fr }, latitude: 33.59, longitude: -7.63, hours, phone: null, email: null, position: 0 }),
      );
    }
  });
  afterAll(() => t?.dispose());

  const call = async (tenant: TenantRow, path: string, inProcess: boolean) => {
    const host = tenant === anfa ? hostOf(anfa, city) : hostOf(tenant);
    const response = await t.app.fetch(new Request(`http://${host}${path}`, { headers: { host } }), inProcess ? { inProcess: true } : {});
    return readableInProcess(response);
  };
  const detail = async (tenant: TenantRow, code: string) => (await (await call(tenant, `/api/v1/services/${code}`, true)).json()) as ServiceDetailView;

  it.each(['/api/v1/services?lang=ar', '/api/v1/services?lang=fr&audience=businesses', '/api/v1/services?category=civil-status'])(
    "gives casablanca's listing %s as over HTTP, the second time too",
    async (path) => {
      for (let i = 0; i < 2; i++) {
        const [direct, wire] = [await call(city, path, true), await call(city, path, false)];
        expect(direct.status).toBe(wire.status);
        const text = await wire.text();
        expect(JSON.stringify(await direct.json())).toBe(text);
        expect(await direct.text()).toBe(text);
      }
    },
  );

  it("shares a listing's summaries between tenants and languages, each listing an array of its own", async () => {
    type Listing = { services: { code: string; names: { fr: string } }[] };
    const listing = async (tenant: TenantRow, lang: string) => (await (await call(tenant, `/api/v1/services?lang=${lang}`, true)).json()) as Listing;
    const [ar, fr, elsewhere] = [await listing(city, 'ar'), await listing(city, 'fr'), await listing(tetouan, 'fr')];
    const byCode = (l: Listing) => new Map(l.services.map((s) => [s.code, s]));
    const code = fr.services[10]?.code ?? '';
    expect(byCode(ar).get(code)).toBe(byCode(fr).get(code));
    expect(byCode(elsewhere).get(code)).toBe(byCode(fr).get(code));
    expect(Object.isFrozen(fr.services[0])).toBe(true);
    expect(fr.services).not.toBe(elsewhere.services);
    // The arrays are each listing's own: a caller may sort or filter its copy.
    expect(Object.isFrozen(fr.services)).toBe(false);
  });

  it.each([
    ['casablanca', 'birth-certificate-extract'],
    ['casablanca', 'building-permit'],
    ['anfa', 'birth-certificate-extract'],
    ['tetouan', 'signature-legalisation'],
  ])("gives %s's %s as over HTTP, the second time too", async (slug, code) => {
    const tenant = [city, anfa, tetouan].find((x) => x.slug === slug) as TenantRow;
    for (let i = 0; i < 2; i++) {
      const [direct, wire] = [await call(tenant, `/api/v1/services/${code}`, true), await call(tenant, `/api/v1/services/${code}`, false)];
      expect(direct.status).toBe(200);
      const text = await wire.text();
      expect(JSON.stringify(await direct.json())).toBe(text);
      expect(await direct.text()).toBe(text);
    }
  });

  it("lists the city's arrondissement offices in the shared part", async () => {
    const view = await detail(city, 'birth-certificate-extract');
    expect(view.arrondissementOffices.map((o) => [o.arrondissement.slug, o.names.fr])).toEqual([
      ['anfa', 'État civil Anfa'],
      ['maarif', 'État civil Maârif'],
    ]);
  });

  it('hands every caller the same frozen card and offices, and the rest of the answer its own', async () => {
    const [first, second, elsewhere] = [await detail(city, 'birth-certificate-extract'), await detail(city, 'birth-certificate-extract'), await detail(tetouan, 'birth-certificate-extract')];
    expect(second.card).toBe(first.card);
    expect(elsewhere.card).toBe(first.card);
    expect(second.arrondissementOffices).toBe(first.arrondissementOffices);
    expect(Object.isFrozen(first.card.documents)).toBe(true);
    expect(Object.isFrozen(first.arrondissementOffices[0])).toBe(true);
    // A caller that tried to change a shared part would change every page's: it cannot.
    expect(() => {
      (first.card.names as { fr: string }).fr = 'changed';
    }).toThrow(TypeError);
    expect(second.card.names.fr).not.toBe('changed');
    expect(second).not.toBe(first);
    first.localFacts = { note: { fr: 'mine' } };
    expect(second.localFacts).toEqual({});
  });
});
