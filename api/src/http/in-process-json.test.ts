import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { hostOf } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { ServiceDetailView } from '../catalogue/catalogue.schemas.ts';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import { keepJsonForInProcessCallers, withSharedParts } from './in-process-json.ts';

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
    return t.app.fetch(new Request(`http://${hostOf(city)}${path}`, { headers: { host: hostOf(city) } }), inProcess ? { inProcess: true } : {});
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
      // A copy of the kept object: the body itself was never read.
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
    return t.app.fetch(new Request(`http://${host}${path}`, { headers: { host } }), inProcess ? { inProcess: true } : {});
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

// The server's Node adapter puts its own `Response` class in place of the global one (getRequestListener):
// in-process answers are made with whichever is in place.
const globalClasses = { Request: globalThis.Request, Response: globalThis.Response };
getRequestListener(() => new Response());
const adapterClasses = { Request: globalThis.Request, Response: globalThis.Response };
const useClasses = (classes: typeof globalClasses) => {
  for (const [name, value] of Object.entries(classes)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
};
useClasses(globalClasses);

it("tests with the Node adapter's own Response class as well", () => {
  expect(adapterClasses.Response).not.toBe(globalClasses.Response);
});

describe.each([
  ['the global Response', globalClasses],
  ["the Node adapter's Response", adapterClasses],
])('the body of an in-process JSON answer, written only when read (%s)', (_name, classes) => {
  beforeAll(() => useClasses(classes));
  afterAll(() => useClasses(globalClasses));
  // A tiny app with only this middleware: what each route answers is known exactly.
  let writes = 0;
  const counted = () => ({ toJSON: () => (writes++, 'written') });
  const when = new Date('2026-12-07T05:00:00.000Z');
  const tricky = () => {
    // Made with `JSON.parse` so that `__proto__` is an own key, as a client over HTTP would read it.
    const answer = JSON.parse('{"__proto__":{"polluted":true},"name":"x"}') as Record<string, unknown>;
    Object.assign(answer, { gone: undefined, fn: () => 1, when, holes: [1, , 3, undefined], nested: { n: NaN, inf: Infinity, neg: -0 }, counted: counted() });
    return answer;
  };
  const shared = { card: { code: 'birth', when }, offices: [{ slug: 'anfa' }] };
  const app = new Hono<AppEnv>();
  app.use(keepJsonForInProcessCallers());
  app.get('/plain', (c) => c.json(tricky(), 200));
  app.get('/composed', (c) => c.json(withSharedParts({ ...tricky(), card: shared.card, list: [shared.offices[0], , 'text', undefined, { mine: true }], offices: shared.offices }, { card: 'whole', list: 'each', offices: 'whole' }), 200));
  app.get('/created', (c) => c.json({ id: 7 }, 201, { 'X-Kind': 'made' }));
  const call = async (path: string, inProcess: boolean) => app.fetch(new Request(`http://x${path}`), inProcess ? { inProcess: true } : {});

  it.each(['/plain', '/composed', '/created'])('gives %s as over HTTP to a caller that parses it, without writing its text', async (path) => {
    const wire = await call(path, false);
    const expected = await wire.text();
    writes = 0;
    const direct = await call(path, true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(writes).toBe(0);
    expect(direct.status).toBe(wire.status);
    expect([...direct.headers]).toEqual([...wire.headers]);
    const value: unknown = await direct.json();
    // `JSON.stringify` of the copy writes each thing once (the counted one's toJSON ran for the copy only).
    expect(JSON.stringify(value)).toBe(expected);
    expect(value).toEqual(JSON.parse(expected));
    expect(direct.bodyUsed).toBe(false);
  });

  it('keeps an own `__proto__` key, leaves out undefined values, writes holes and NaN as null, dates as strings', async () => {
    for (const path of ['/plain', '/composed']) {
      const value = (await (await call(path, true)).json()) as Record<string, unknown>;
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, 'gone') || Object.hasOwn(value, 'fn')).toBe(false);
      expect(value.holes).toEqual([1, null, 3, null]);
      expect(value.nested).toEqual({ n: null, inf: null, neg: 0 });
      expect(value.when).toBe('2026-12-07T05:00:00.000Z');
      expect(value.counted).toBe('written');
    }
    const composed = (await (await call('/composed', true)).json()) as { list: unknown[]; card: unknown };
    expect(composed.list).toEqual([{ slug: 'anfa' }, null, 'text', null, { mine: true }]);
    expect(composed.card).toEqual({ code: 'birth', when: '2026-12-07T05:00:00.000Z' });
  });

  it('gives every caller a copy of its own of what is not shared', async () => {
    const first = (await (await call('/composed', true)).json()) as { nested: { n: unknown }; card: object; list: object[] };
    first.nested.n = 'changed';
    const second = (await (await call('/composed', true)).json()) as typeof first;
    expect(second.nested.n).toBeNull();
    expect(second.card).toBe(first.card);
    expect(second.list[0]).toBe(first.list[0]);
    expect(second.list[4]).not.toBe(first.list[4]);
    expect(Object.isFrozen(first.card)).toBe(true);
  });

  it.each(['/plain', '/composed', '/created'])('gives the bytes a client over HTTP gets to a caller reading %s’s body: text, arrayBuffer, clone, body', async (path) => {
    const expected = await (await call(path, false)).text();
    expect(await (await call(path, true)).text()).toBe(expected);
    expect(new TextDecoder().decode(await (await call(path, true)).arrayBuffer())).toBe(expected);
    const direct = await call(path, true);
    const copy = direct.clone();
    expect(await copy.text()).toBe(expected);
    expect(JSON.stringify(await direct.json())).toBe(expected);
    const relayed = new Response((await call(path, true)).body);
    expect(await relayed.text()).toBe(expected);
  });

  it('gives a middleware that keeps the bytes of an answer (as idempotency keys do) those of HTTP, and the caller its value still', async () => {
    const kept: string[] = [];
    const stored = new Hono<AppEnv>();
    stored.use(keepJsonForInProcessCallers());
    stored.use(async (c, next) => {
      await next();
      kept.push(new TextDecoder().decode(await c.res.clone().arrayBuffer()));
    });
    stored.post('/complaints', (c) => c.json({ number: 'C-2026-000042', when }, 201));
    const [direct, wire] = await Promise.all([true, false].map((inProcess) => stored.fetch(new Request('http://x/complaints', { method: 'POST' }), inProcess ? { inProcess: true } : {})));
    const expected = await (wire as Response).text();
    expect(kept).toEqual([expected, expected]);
    expect(await (direct as Response).json()).toEqual(JSON.parse(expected));
  });

  it('writes the text when the body is first read', async () => {
    const direct = await call('/plain', true);
    writes = 0;
    await direct.text();
    expect(writes).toBe(1);
  });
});
