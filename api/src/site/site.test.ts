import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { changeTenant } from '../tenancy/tenants.service.ts';
import { insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { withProvisioning, withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { upsertSiteText } from './site.repository.ts';
import type { Home, Site } from './site.schemas.ts';

describe.each(DATABASE_KINDS)('public site API (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let district: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, {
      slug: 'casablanca',
      names: { ar: 'الدار البيضاء', fr: 'Casablanca', zgh: 'ⴰⵏⴼⴰ' },
      branding: { primaryColor: '#123456', accentColor: '#654321' },
    });
    district = await newTenant(t.db, { parent: city, slug: 'anfa', names: { ar: 'أنفا', fr: 'Anfa' } });
    await newTenant(t.db, { parent: city, slug: 'maarif', names: { ar: 'المعاريف', fr: 'Maârif' } });
    await newTenant(t.db, { parent: city, slug: 'closed', status: 'archived' });
    await newTenant(t.db, { slug: 'dormant', status: 'suspended' });
    await newTenant(t.db, { slug: 'arabic-only', locales: ['ar'] });
    await withTenant(t.db, { id: city.id }, (tx) => upsertSiteText(tx, 'home.welcome', { ar: 'مرحبا بكم', fr: 'Bienvenue' }));
    await withProvisioning(t.db, (tx) => insertTenantDomain(tx, city.id, 'casablancacity.ma'));
  });
  afterAll(() => t.dispose());

  const site = async (host: string) => {
    const res = await t.get(host, '/api/v1/site');
    return { status: res.status, body: (await res.json()) as Site & { error?: { code: string } } };
  };

  it('resolves a commune from its subdomain, with its branding', async () => {
    const { status, body } = await site('casablanca.localhost:3000');
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: 'casablanca', kind: 'commune', origin: 'http://casablanca.localhost:3000', parent: null });
    expect(body.branding).toMatchObject({ primaryColor: '#123456', accentColor: '#654321' });
  });

  it("resolves an arrondissement, linking back to its commune and inheriting the commune's colours", async () => {
    const { status, body } = await site('anfa.casablanca.localhost:3000');
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: 'anfa', kind: 'arrondissement', origin: 'http://anfa.casablanca.localhost:3000' });
    expect(body.parent).toMatchObject({ slug: 'casablanca', origin: 'http://casablanca.localhost:3000' });
    expect(body.branding.primaryColor).toBe('#123456');
  });

  it('resolves custom domains, and arrondissements below them', async () => {
    expect((await site('casablancacity.ma')).body.slug).toBe('casablanca');
    expect((await site('anfa.casablancacity.ma')).body.slug).toBe('anfa');
  });

  it('resolves the platform on its own host', async () => {
    const { body } = await site('localhost:3000');
    expect(body.kind).toBe('platform');
  });

  it.each([
    ['unknown.localhost', 404, 'TENANT_NOT_FOUND'],
    ['anfa.unknown.localhost', 404, 'TENANT_NOT_FOUND'],
    ['maarif.anfa.casablanca.localhost', 404, 'TENANT_NOT_FOUND'],
    ['example.org', 404, 'TENANT_NOT_FOUND'],
    ['closed.casablanca.localhost', 404, 'TENANT_NOT_FOUND'],
    ['dormant.localhost', 503, 'TENANT_SUSPENDED'],
    ['bad_host!.localhost', 400, 'BAD_HOST'],
    ['-leading.localhost', 400, 'BAD_HOST'],
    // An address is no tenant's name, the platform's included.
    ['127.0.0.1', 400, 'BAD_HOST'],
    ['127.0.0.1:3000', 400, 'BAD_HOST'],
    ['[::1]:3000', 400, 'BAD_HOST'],
  ])('answers %s with %i %s, never another tenant', async (host, status, code) => {
    const res = await site(host);
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
  });

  it('serves the home page in the asked language with its arrondissements', async () => {
    const res = await t.get('casablanca.localhost:3000', '/api/v1/site/home?locale=fr');
    expect(res.status).toBe(200);
    const home = (await res.json()) as Home;
    expect(home.name).toEqual({ text: 'Casablanca', locale: 'fr', fallback: false });
    expect(home.welcome).toEqual({ text: 'Bienvenue', locale: 'fr', fallback: false });
    expect(home.children.map((c) => c.slug)).toEqual(['anfa', 'maarif']);
    expect(home.children[0]?.origin).toBe('http://anfa.casablanca.localhost:3000');
  });

  it('marks text shown in a fallback language', async () => {
    const home = (await (await t.get('casablanca.localhost', '/api/v1/site/home?locale=zgh')).json()) as Home;
    expect(home.name).toEqual({ text: 'ⴰⵏⴼⴰ', locale: 'zgh', fallback: false });
    expect(home.welcome).toEqual({ text: 'مرحبا بكم', locale: 'ar', fallback: true });
  });

  it('lists the hosted communes on the platform host, without suspended or archived ones', async () => {
    const home = (await (await t.get('localhost', '/api/v1/site/home?locale=ar')).json()) as Home;
    const casablanca = home.hostedCommunes.find((c) => c.slug === 'casablanca');
    expect(casablanca?.childCount).toBe(2);
    expect(home.hostedCommunes.map((c) => c.slug)).not.toContain('dormant');
  });

  it('refuses a locale the tenant does not publish, and a locale that does not exist', async () => {
    const disabled = await t.get('arabic-only.localhost', '/api/v1/site/home?locale=fr');
    expect(disabled.status).toBe(404);
    expect(((await disabled.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_LOCALE');
    const unknown = await t.get('casablanca.localhost', '/api/v1/site/home?locale=en');
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('sees a configuration change at once: the cache is invalidated by notification', async () => {
    expect((await site('casablanca.localhost')).body.branding.primaryColor).toBe('#123456');
    await changeTenant(t.db, city.id, { branding: JSON.stringify({ primaryColor: '#0a0a0a', accentColor: '#654321' }) });
    await expect.poll(async () => (await site('casablanca.localhost')).body.branding.primaryColor).toBe('#0a0a0a');
    // The arrondissement inherits the new colour too.
    await expect.poll(async () => (await site('anfa.casablanca.localhost')).body.branding.primaryColor).toBe('#0a0a0a');
    await changeTenant(t.db, district.id, { status: 'suspended' });
    await expect.poll(async () => (await site('anfa.casablanca.localhost')).status).toBe(503);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await t.get('localhost', '/healthz')).status).toBe(200);
    const ready = await t.get('localhost', '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: kind });
    const doc = (await (await t.get('localhost', '/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/site', '/api/v1/site/home', '/api/v1/domains/check']));
  });

  it('answers the reverse proxy whether a domain may get a certificate', async () => {
    expect((await t.get('localhost', '/api/v1/domains/check?domain=casablancacity.ma')).status).toBe(200);
    expect((await t.get('localhost', '/api/v1/domains/check?domain=casablanca.localhost')).status).toBe(200);
    // Anfa was suspended above: only an active tenant's names get a certificate (onboarding.routes.test.ts has the rest).
    expect((await t.get('localhost', '/api/v1/domains/check?domain=anfa.casablanca.localhost')).status).toBe(404);
    expect((await t.get('localhost', '/api/v1/domains/check?domain=evil.example')).status).toBe(404);
  });

  it.each(['127.0.0.1', '10.0.0.1', '999.999.999.999', '0x7f.1', '3232235777', '[::1]', '::1', '[2001:db8::1]', 'casablancacity.ma:443', 'bad_host.ma', 'a..b', ' '])(
    'refuses a certificate for %j, which is not a host name',
    async (domain) => {
      const res = await t.get('localhost', `/api/v1/domains/check?domain=${encodeURIComponent(domain)}`);
      expect(res.status).not.toBe(200);
      expect(res.status).toBeLessThan(500);
    },
  );

  describe('over HTTP, as the production server receives it', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      // The same adapter as web/server.ts: the request's URL is built from its Host header.
      server = createServer(getRequestListener(t.app.fetch));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const raw = (host: string, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });

    it.each(['999.999.999.999', '256.1.1.1', '127.0.0.1', `127.0.0.1:3000`, '[::1]:3000', '0x7f.1', '3232235777', '10.0.0.1.'])(
      'answers Host %s with 400 BAD_HOST, never the platform and never a 500',
      async (host) => {
        for (const path of ['/api/v1/site', '/api/v1/site/home?locale=ar', '/api/v1/services']) {
          const res = await raw(host, path);
          expect(res.status, `${host} ${path}`).toBe(400);
          expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BAD_HOST' } });
        }
      },
    );

    it('serves health and readiness on any Host, an address included', async () => {
      for (const host of ['999.999.999.999', '127.0.0.1:3000', '[::1]', 'nowhere.example']) {
        expect((await raw(host, '/healthz')).status, host).toBe(200);
        expect((await raw(host, '/readyz')).status, host).toBe(200);
      }
    });

    it('still serves the platform and its tenants by name', async () => {
      expect(JSON.parse((await raw(`localhost:${port}`, '/api/v1/site')).body)).toMatchObject({ kind: 'platform' });
      expect(JSON.parse((await raw(`casablanca.localhost:${port}`, '/api/v1/site')).body)).toMatchObject({ slug: 'casablanca' });
    });
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.get('casablanca.localhost', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
