import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planQuery } from '@jamaa/tenants/text-folding.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { localWeekendLegalisation } from '../testing/catalogue.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { publishCatalogue } from './catalogue.service.ts';

// Every plan made is counted (the real function answers).
vi.mock('@jamaa/tenants/text-folding.ts', async (original) => {
  const real = await original<typeof import('@jamaa/tenants/text-folding.ts')>();
  return { ...real, planQuery: vi.fn(real.planQuery) };
});

/** A commune's own service, as an administrator would post it. */
const localCard = localWeekendLegalisation();

type Found = { services: { code: string }[]; suggestions: { code: string }[] };

// Search reads the tenant's catalogue through the cache of public reads, and national hits are kept by
// catalogue version and query: what residents find must still follow what an administrator changes.
describe.each(DATABASE_KINDS)('service search with the catalogue kept (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let adminCookie: string;

  beforeAll(async () => {
    // With the page cache and its cache of public reads, as the server runs.
    t = await newTestApp(kind, { pages: true });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    await publishCatalogue(t.db, loadCatalogue());
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    adminCookie = await signIn(t.app, hostOf(city), admin.email);
  });
  afterAll(() => t?.dispose());

  const search = async (q: string) => (await (await call(t.app, 'GET', hostOf(city), `/api/v1/services/search?q=${encodeURIComponent(q)}`)).json()) as Found;

  it('stops finding a service its administrator disabled, and finds one of the commune’s own once added, though both queries were searched before', async () => {
    expect((await search('légalisation signature')).services.map((s) => s.code)).toContain('signature-legalisation');
    expect((await search('samedi')).services).toEqual([]);

    const off = await call(t.app, 'PUT', hostOf(city), '/api/v1/admin/catalogue/offerings/signature-legalisation', { cookie: adminCookie, body: { enabled: false } });
    expect(off.status, await off.clone().text()).toBe(200);
    expect((await search('légalisation signature')).services.map((s) => s.code)).not.toContain('signature-legalisation');

    const added = await call(t.app, 'POST', hostOf(city), '/api/v1/admin/catalogue/local-services', { cookie: adminCookie, body: localCard });
    expect(added.status, await added.clone().text()).toBe(201);
    expect((await search('samedi')).services[0]?.code).toBe('local-weekend-legalisation');
  });
});

describe.runIf(DATABASE_KINDS.includes('postgres'))('round trips of a service search (postgres)', () => {
  let t: TestApp;
  let tenants: TenantRow[];

  beforeAll(async () => {
    t = await newTestApp('postgres', { pages: true });
    await newPlatform(t.db);
    tenants = [await newTenant(t.db, { slug: 'rabat' }), await newTenant(t.db, { slug: 'sale' })];
    await publishCatalogue(t.db, loadCatalogue());
    await countServingQueries(t.db);
  });
  afterAll(() => t?.dispose());

  const search = (tenant: TenantRow, q: string) => statementsOf(() => call(t.app, 'GET', hostOf(tenant), `/api/v1/services/search?q=${encodeURIComponent(q)}`));

  it('asks the database nothing for a query already searched on a tenant whose catalogue is kept, and no search statement on another tenant', async () => {
    const [rabat, sale] = tenants as [TenantRow, TenantRow];
    const first = await search(rabat, 'permis de construire');
    expect(first.result.status).toBe(200);
    expect(first.statements.join('\n')).toMatch(/name_search like/);

    const again = await search(rabat, 'permis de construire');
    expect(((await again.result.json()) as Found).services.length).toBeGreaterThan(0);
    expect(again.statements, again.statements.join('\n')).toEqual([]);

    // Another tenant, never seen: its catalogue is read (and kept); the national hits are the same.
    const other = await search(sale, 'permis de construire');
    expect(((await other.result.json()) as Found).services.length).toBeGreaterThan(0);
    expect(other.statements.length).toBeGreaterThan(0);
    expect(other.statements.join('\n')).not.toMatch(/name_search like/);
  });
});

describe.each(DATABASE_KINDS)('query plans of a service search (%s)', (kind) => {
  let t: TestApp;
  let tenants: TenantRow[];

  beforeAll(async () => {
    t = await newTestApp(kind, { pages: true });
    await newPlatform(t.db);
    tenants = [await newTenant(t.db, { slug: 'tanger' }), await newTenant(t.db, { slug: 'tetouan' })];
    await publishCatalogue(t.db, loadCatalogue());
  });
  afterAll(() => t?.dispose());

  const search = async (tenant: TenantRow, q: string) => (await (await call(t.app, 'GET', hostOf(tenant), `/api/v1/services/search?q=${encodeURIComponent(q)}`)).json()) as Found;

  it('plans a query once for every tenant without services of its own, and finds the same services', async () => {
    const query = 'certificat residance';
    const plans = () => vi.mocked(planQuery).mock.calls.filter(([q]) => q === query).length;
    const before = plans();
    const found = await Promise.all([...tenants, ...tenants].map((tenant) => search(tenant, query)));
    expect(found[0]?.services.map((s) => s.code)).toContain('residence-certificate');
    for (const f of found) expect(f).toEqual(found[0]);
    expect(plans() - before).toBe(1);
  });
});
