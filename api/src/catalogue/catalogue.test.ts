import { loadCatalogue, type Catalogue, type Service } from '@jamaa/tenants/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { resolvedTenant, type ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { ensurePlatformTenant, seedDemoTenants } from '../seed/seed.ts';
import { newTestApp } from '../testing/app.ts';
import {
  changeOffering,
  ensureCatalogue,
  getOfferedService,
  listingOrder,
  listOfferedServices,
  publishCatalogue,
  searchOfferedServices,
  type OfferedService,
} from './catalogue.service.ts';

const catalogue = loadCatalogue();
const legalisation = catalogue.services.find((s) => s.category === 'legalisation' && /signature/i.test(s.names.fr)) as Service;
const other = catalogue.services.find((s) => s.code !== legalisation.code && s.where.officeKind === 'civil_status') as Service;

/** The same catalogue with one service's national fee changed: a new version. */
function withNewFee(base: Catalogue, code: string): Catalogue {
  return {
    version: `${base.version}-next`,
    categories: base.categories,
    services: base.services.map((s) => (s.code === code ? { ...s, cost: { kind: 'fixed' as const, amountMad: 99 } } : s)),
  };
}

describe.each(DATABASE_KINDS)('catalogue offered by tenants (%s)', (kind) => {
  let db: TestDatabase;
  let platform: TenantRow;
  let city: TenantRow;
  let anfa: TenantRow;
  let maarif: TenantRow;
  let tetouan: TenantRow;
  const resolved = (tenant: TenantRow): ResolvedTenant =>
    resolvedTenant(tenant, tenant.kind === 'arrondissement' ? [city, platform] : [platform]);

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    platform = await newPlatform(db);
    city = await newTenant(db, { slug: 'casablanca' });
    anfa = await newTenant(db, { parent: city, slug: 'anfa' });
    maarif = await newTenant(db, { parent: city, slug: 'maarif' });
    tetouan = await newTenant(db, { slug: 'tetouan' });
    await publishCatalogue(db, catalogue);
  });
  afterAll(() => db.dispose());

  it('offers every national service by default, grouped by category', async () => {
    const listing = await listOfferedServices(db, resolved(tetouan));
    expect(listing.services).toHaveLength(catalogue.services.length);
    expect(listing.categories.reduce((n, c) => n + c.serviceCount, 0)).toBe(catalogue.services.length);
  });

  it('publishing the same content again changes nothing', async () => {
    expect((await publishCatalogue(db, catalogue)).created).toBe(false);
  });

  it("keeps a commune's override to itself, and passes it down to its arrondissements", async () => {
    await changeOffering(db, resolved(city), legalisation.code, { overrides: { cost: { kind: 'fixed', amountMad: 2 }, note: { fr: 'Guichet 4' } } });
    expect((await getOfferedService(db, resolved(city), legalisation.code)).offering.overrides.cost).toEqual({ kind: 'fixed', amountMad: 2 });
    expect((await getOfferedService(db, resolved(anfa), legalisation.code)).offering.overrides.note).toEqual({ fr: 'Guichet 4' });
    expect((await getOfferedService(db, resolved(tetouan), legalisation.code)).offering.overrides).toEqual({});
  });

  it("lets an arrondissement override its commune without touching its siblings", async () => {
    await changeOffering(db, resolved(anfa), legalisation.code, { overrides: { note: { fr: 'Annexe Anfa' } } });
    const atAnfa = await getOfferedService(db, resolved(anfa), legalisation.code);
    expect(atAnfa.offering.overrides).toEqual({ cost: { kind: 'fixed', amountMad: 2 }, note: { fr: 'Annexe Anfa' } });
    expect(atAnfa.offering.overriddenBy).toEqual({ cost: city.id, note: anfa.id });
    expect((await getOfferedService(db, resolved(maarif), legalisation.code)).offering.overrides.note).toEqual({ fr: 'Guichet 4' });
  });

  it('hides a disabled service from the list, the page and search; an arrondissement inherits it', async () => {
    await changeOffering(db, resolved(city), other.code, { enabled: false });
    for (const t of [city, anfa]) {
      expect((await listOfferedServices(db, resolved(t))).services.map((s) => s.code)).not.toContain(other.code);
      await expect(getOfferedService(db, resolved(t), other.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await searchOfferedServices(db, resolved(t), other.names.fr)).services.map((s) => s.code)).not.toContain(other.code);
    }
    expect((await searchOfferedServices(db, resolved(tetouan), other.names.fr)).services.map((s) => s.code)).toContain(other.code);
    await changeOffering(db, resolved(maarif), other.code, { enabled: true });
    expect((await getOfferedService(db, resolved(maarif), other.code)).code).toBe(other.code);
  });

  it("points a service to the tenant's office of the right kind, and refuses another tenant's office", async () => {
    const kindOf = legalisation.where.officeKind ?? 'legalisation';
    const officeId = await withTenant(db, { id: anfa.id }, (tx) =>
      insertOffice(tx, { key: 'legalisation', kind: kindOf, names: { fr: 'Bureau de légalisation Anfa' }, address: { fr: 'Anfa' }, latitude: 33.59, longitude: -7.63, hours: [], phone: null, email: null, position: 0 }),
    );
    expect((await getOfferedService(db, resolved(anfa), legalisation.code)).office?.id).toBe(officeId);
    await expect(changeOffering(db, resolved(tetouan), legalisation.code, { overrides: { officeId } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('finds services in Arabic whatever the hamza, in French without accents, and in Tifinagh', async () => {
    const codes = async (q: string) => (await searchOfferedServices(db, resolved(tetouan), q)).services.map((s) => s.code);
    expect((await codes('تصحيح الامضاء'))[0]).toBe(legalisation.code);
    expect((await codes('تصحيح الإمضاء'))[0]).toBe(legalisation.code);
    expect(await codes('legalisation signature')).toContain(legalisation.code);
    expect(await codes('LÉGALISATION')).toContain(legalisation.code);
    expect(await codes(legalisation.names.zgh)).toContain(legalisation.code);
    expect(await codes('zzzzqqqq')).toEqual([]);
    expect(await codes('   ')).toEqual([]);
  });

  it('answers a query that matches nothing with suggestions: the closest services, else the most needed', async () => {
    const driving = await searchOfferedServices(db, resolved(tetouan), 'رخصة السياقة');
    expect(driving.services).toEqual([]);
    expect(driving.suggestions.length).toBeGreaterThanOrEqual(3);
    expect(driving.suggestions[0]).toMatchObject({ reason: 'similar' });
    expect(driving.suggestions[0]?.card.names.ar).toMatch(/رخصة/);
    const nonsense = await searchOfferedServices(db, resolved(tetouan), 'zzzzqqqq');
    expect(nonsense.suggestions.map((s) => [s.code, s.reason])[0]).toEqual(['signature-legalisation', 'popular']);
    // A query that finds something has no suggestions, and an empty one neither.
    expect((await searchOfferedServices(db, resolved(tetouan), 'نسخة طبق الأصل')).suggestions).toEqual([]);
    expect((await searchOfferedServices(db, resolved(tetouan), '  ')).suggestions).toEqual([]);
  });

  it('finds the copy-certification service by the very words the law 55.19 check refuses elsewhere', async () => {
    for (const q of ['نسخة طبق الأصل', 'copie certifiée conforme', 'مصادق عليها']) {
      expect((await searchOfferedServices(db, resolved(tetouan), q)).services[0]?.code, q).toBe('copy-certification');
    }
  });

  it('lists the services residents need most first', async () => {
    const codes = (await listOfferedServices(db, resolved(tetouan), { lang: 'fr' })).services.map((s) => s.code);
    expect(codes.slice(0, 3)).toEqual(['signature-legalisation', 'copy-certification', 'birth-certificate-extract']);
  });

  it('keeps overrides across a new national version and flags the ones whose national field changed', async () => {
    const next = withNewFee(catalogue, legalisation.code);
    const result = await publishCatalogue(db, next);
    expect(result).toMatchObject({ created: true, flagged: 1 });
    const atCity = await getOfferedService(db, resolved(city), legalisation.code);
    expect(atCity.card.cost).toEqual({ kind: 'fixed', amountMad: 99 });
    expect(atCity.offering.overrides.cost).toEqual({ kind: 'fixed', amountMad: 2 });
    expect(atCity.offering.reviewFields).toEqual(['cost']);
    // Anfa only overrides the note, which no national field backs: nothing to review of its own.
    expect((await getOfferedService(db, resolved(tetouan), legalisation.code)).offering.reviewFields).toEqual([]);
    // Saving the override again marks it reviewed.
    await changeOffering(db, resolved(city), legalisation.code, { overrides: { cost: { kind: 'fixed', amountMad: 3 } } });
    expect((await getOfferedService(db, resolved(city), legalisation.code)).offering.reviewFields).toEqual([]);
  });
});

describe('listingOrder', () => {
  const offered = (code: string, names: { ar: string; fr: string; zgh: string }, frequencyRank?: number): OfferedService =>
    ({ code, category: 'x', audiences: [], local: frequencyRank === undefined, card: { names, frequencyRank }, offering: {} }) as unknown as OfferedService;
  // Two services of equal need whose names sort differently in Arabic and in French, and one without a rank.
  const services = [
    offered('local-zeta', { ar: 'ألف', fr: 'Zêta', zgh: 'ⵣⵉⵜⴰ' }),
    offered('b', { ar: 'باء', fr: 'Alpha', zgh: 'ⴰⵍⴼⴰ' }, 5),
    offered('a', { ar: 'تاء', fr: 'Bêta', zgh: 'ⴱⵉⵜⴰ' }, 5),
    offered('first', { ar: 'ياء', fr: 'Omega', zgh: 'ⵓⵎⵉⴳⴰ' }, 1),
  ];

  it('puts the most needed first, then sorts by name in the page language, unranked services last', () => {
    expect([...services].sort(listingOrder('ar')).map((s) => s.code)).toEqual(['first', 'b', 'a', 'local-zeta']);
    expect([...services].sort(listingOrder('fr')).map((s) => s.code)).toEqual(['first', 'b', 'a', 'local-zeta']);
    const arabicFirst = [offered('x', { ar: 'ب', fr: 'A', zgh: 'ⴰ' }, 2), offered('y', { ar: 'أ', fr: 'B', zgh: 'ⴱ' }, 2)];
    expect([...arabicFirst].sort(listingOrder('ar')).map((s) => s.code)).toEqual(['y', 'x']);
    expect([...arabicFirst].sort(listingOrder('fr')).map((s) => s.code)).toEqual(['x', 'y']);
  });
});

describe.each(DATABASE_KINDS)('catalogue HTTP API (%s)', (kind) => {
  let t: Awaited<ReturnType<typeof newTestApp>>;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    await seedDemoTenants(t.db, t.storage);
    await ensureCatalogue(t.db);
  });
  afterAll(() => t.dispose());

  it('lists, searches and shows services on a tenant host, with the office that delivers them', async () => {
    const listing = (await (await t.get('ben-guerir.localhost', '/api/v1/services')).json()) as { services: { code: string }[] };
    expect(listing.services.length).toBe(catalogue.services.length);
    const search = (await (await t.get('ben-guerir.localhost', `/api/v1/services/search?q=${encodeURIComponent('تصحيح الامضاء')}`)).json()) as {
      services: { code: string }[];
    };
    expect(search.services[0]?.code).toBe(legalisation.code);
    const detail = (await (await t.get('ben-guerir.localhost', `/api/v1/services/${legalisation.code}`)).json()) as {
      office: { names: { fr: string }; mapUrl: string } | null;
    };
    expect(detail.office?.names.fr).toMatch(/légalisation/i);
    expect(detail.office?.mapUrl).toMatch(/^https:\/\/www\.openstreetmap\.org\//);
  });

  it('orders the listing by need, marks what another body handles, and answers a fruitless search with suggestions', async () => {
    const listing = (await (await t.get('ben-guerir.localhost', '/api/v1/services?lang=ar')).json()) as {
      services: { code: string; kind: string; handledBy: { url: string | null } | null; frequencyRank: number | null }[];
    };
    expect(listing.services[0]).toMatchObject({ code: 'signature-legalisation', kind: 'service', handledBy: null, frequencyRank: 1 });
    expect(listing.services.find((s) => s.code === 'national-identity-card')).toMatchObject({ kind: 'pointer', handledBy: { url: 'https://www.cnie.ma' } });
    const search = (await (await t.get('ben-guerir.localhost', `/api/v1/services/search?q=${encodeURIComponent('permis de conduire')}`)).json()) as {
      services: unknown[];
      suggestions: { code: string; reason: string }[];
    };
    expect(search.services).toEqual([]);
    expect(search.suggestions.length).toBeGreaterThanOrEqual(3);
  });

  it('answers only the services residents need most when asked for the popular ones, as the full listing orders them', async () => {
    type Summary = { code: string; kind: string; frequencyRank: number | null };
    const listing = async (query: string) => ((await (await t.get('ben-guerir.localhost', `/api/v1/services?${query}`)).json()) as { services: Summary[]; categories: unknown[] });
    for (const lang of ['ar', 'fr', 'zgh']) {
      const all = await listing(`lang=${lang}`);
      const popular = await listing(`lang=${lang}&popular=6`);
      const expected = all.services.filter((s) => s.frequencyRank !== null && s.kind === 'service').slice(0, 6);
      expect(expected).toHaveLength(6);
      expect(popular.services).toEqual(expected);
      expect(popular.categories).toEqual(all.categories);
    }
    expect((await t.get('ben-guerir.localhost', '/api/v1/services?popular=0')).status).toBe(422);
  });

  it("shows an arrondissement its own offices first, then its commune's", async () => {
    const { offices } = (await (await t.get('anfa.casablanca.localhost', '/api/v1/offices')).json()) as { offices: { inherited: boolean }[] };
    expect(offices.length).toBeGreaterThan(2);
    expect(offices[0]?.inherited).toBe(false);
    expect(offices.at(-1)?.inherited).toBe(true);
  });

  it('answers an unknown service with 404 and a malformed code with 422', async () => {
    expect((await t.get('ben-guerir.localhost', '/api/v1/services/no-such-service')).status).toBe(404);
    expect((await t.get('ben-guerir.localhost', '/api/v1/services/Bad_Code')).status).toBe(422);
  });

  it('answers the platform host, which offers no services of its own, with empty lists', async () => {
    const listing = await t.get('localhost', '/api/v1/services');
    expect(listing.status).toBe(200);
    const offices = (await (await t.get('localhost', '/api/v1/offices')).json()) as { offices: unknown[] };
    expect(offices.offices).toEqual([]);
  });

  it('does not require a tenant host for the platform routes mounted beside it', async () => {
    expect((await t.get('jamaa-internal', '/api/v1/domains/check?domain=casablancacity.ma')).status).toBe(200);
  });
});
