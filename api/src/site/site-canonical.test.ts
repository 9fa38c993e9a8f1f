import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTenantDomain } from '../tenancy/tenants.repository.ts';
import { withProvisioning } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { Site } from './site.schemas.ts';
import { toSite } from './site.service.ts';

describe.each(DATABASE_KINDS)("a tenant's canonical address (%s)", (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await newTestApp(kind, { env: { PLATFORM_DOMAIN: 'jamaa.ma', PUBLIC_URL: 'https://jamaa.ma' } });
    await newPlatform(t.db);
    const city = await newTenant(t.db, { slug: 'casablanca' });
    await newTenant(t.db, { parent: city, slug: 'anfa' });
    const tetouan = await newTenant(t.db, { slug: 'tetouan' });
    await withProvisioning(t.db, async (tx) => {
      await insertTenantDomain(tx, city.id, 'casablancacity.ma');
      await tx.updateTable('tenant_domains').set({ state: 'active' }).where('domain', '=', 'casablancacity.ma').execute();
      // Still waiting for its certificate: not an address to send anyone to.
      await insertTenantDomain(tx, tetouan.id, 'tetouan.ma');
    });
  });
  afterAll(() => t.dispose());

  const site = async (host: string) => (await (await t.get(host, '/api/v1/site')).json()) as Site;

  it('is the custom domain once it serves, whichever host the page was reached on', async () => {
    expect((await site('casablanca.jamaa.ma')).canonicalOrigin).toBe('https://casablancacity.ma');
    expect((await site('casablancacity.ma')).canonicalOrigin).toBe('https://casablancacity.ma');
  });

  it("is made for each request's scheme and port: the site kept for one is never another's", async () => {
    const resolved = await t.directory.resolve('anfa.casablanca.jamaa.ma');
    if (!resolved) throw new Error('anfa does not resolve');
    const at = { protocol: 'http:', port: '', platformDomain: 'jamaa.ma', publicUrl: 'https://jamaa.ma' } as const;
    const first = toSite(resolved, at);
    expect(toSite(resolved, { ...at })).toBe(first);
    expect(toSite(resolved, { ...at, protocol: 'https:' }).origin).toBe('https://anfa.casablanca.jamaa.ma');
    expect(toSite(resolved, { ...at, port: ':3000' }).origin).toBe('http://anfa.casablanca.jamaa.ma:3000');
    expect(toSite(resolved, at).origin).toBe('http://anfa.casablanca.jamaa.ma');
  });

  it("is the platform subdomain otherwise, with PUBLIC_URL's scheme rather than the request's", async () => {
    const anfa = await site('anfa.casablanca.jamaa.ma');
    expect(anfa.origin).toBe('http://anfa.casablanca.jamaa.ma');
    expect(anfa.canonicalOrigin).toBe('https://anfa.casablanca.jamaa.ma');
    expect((await site('tetouan.jamaa.ma')).canonicalOrigin).toBe('https://tetouan.jamaa.ma');
  });
});
