import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice, type NewOffice } from '../offices/offices.repository.ts';
import { ensurePlatformTenant, seedDemoTenants } from '../seed/seed.ts';
import { resolvedTenant, type ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp } from '../testing/app.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { ensureCatalogue, getOfferedService, publishCatalogue } from './catalogue.service.ts';
import type { ServiceDetailView } from './catalogue.schemas.ts';

const catalogue = loadCatalogue();
const BIRTH_COPY = 'birth-certificate-extract';
const LEGALISATION = 'signature-legalisation';
const urbanism = catalogue.services.find((s) => s.where.officeKind === 'urbanism_one_stop_shop');

function office(key: string, kind: string, fr: string): NewOffice {
  const hours = [{ days: ['mon' as const, 'tue' as const, 'wed' as const, 'thu' as const, 'fri' as const], opens: '08:30', closes: '16:30' }];
  return { key, kind, names: { fr }, address: { fr }, latitude: 33.59, longitude: -7.63, hours, phone: null, email: null, position: 0 };
}

describe.each(DATABASE_KINDS)('a city routes arrondissement services to the arrondissements (%s)', (kind) => {
  let db: TestDatabase;
  let platform: TenantRow;
  let city: TenantRow;
  let anfa: TenantRow;
  let rabat: TenantRow;
  const resolved = (tenant: TenantRow): ResolvedTenant => {
    const parent = tenant.parent_id === city.id ? city : tenant.parent_id === rabat.id ? rabat : null;
    return resolvedTenant(tenant, parent ? [parent, platform] : [platform]);
  };

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    platform = await newPlatform(db);
    city = await newTenant(db, { slug: 'casablanca' });
    anfa = await newTenant(db, { parent: city, slug: 'anfa' });
    const maarif = await newTenant(db, { parent: city, slug: 'maarif' });
    const closed = await newTenant(db, { parent: city, slug: 'closed', status: 'suspended' });
    rabat = await newTenant(db, { slug: 'rabat' });
    const agdal = await newTenant(db, { parent: rabat, slug: 'agdal' });
    await publishCatalogue(db, catalogue);
    await withTenant(db, { id: anfa.id }, async (tx) => {
      await insertOffice(tx, office('etat-civil', 'civil_status', 'État civil Anfa'));
      await insertOffice(tx, office('legalisation', 'legalisation', 'Légalisation Anfa'));
    });
    await withTenant(db, { id: maarif.id }, (tx) => insertOffice(tx, office('etat-civil', 'civil_status', 'État civil Maârif')));
    await withTenant(db, { id: closed.id }, (tx) => insertOffice(tx, office('etat-civil', 'civil_status', 'État civil fermé')));
    await withTenant(db, { id: agdal.id }, (tx) => insertOffice(tx, office('etat-civil', 'civil_status', 'État civil Agdal')));
    await withTenant(db, { id: city.id }, (tx) => insertOffice(tx, office('guichet', 'urbanism_one_stop_shop', 'Guichet unique')));
  });
  afterAll(() => db.dispose());

  it("lists, on the city's page of a civil-status service, each active arrondissement's civil-status office and nothing else", async () => {
    const detail = await getOfferedService(db, resolved(city), BIRTH_COPY);
    expect(detail.arrondissementOffices.map((o) => [o.arrondissement.slug, o.office.names.fr])).toEqual([
      ['anfa', 'État civil Anfa'],
      ['maarif', 'État civil Maârif'],
    ]);
  });

  it('lists the légalisation desks for a légalisation service', async () => {
    const detail = await getOfferedService(db, resolved(city), LEGALISATION);
    expect(detail.arrondissementOffices.map((o) => o.office.names.fr)).toEqual(['Légalisation Anfa']);
  });

  it("lists nothing on an arrondissement's own page (its office is the answer), nor for a service of the city's seat", async () => {
    const atAnfa = await getOfferedService(db, resolved(anfa), BIRTH_COPY);
    expect(atAnfa.arrondissementOffices).toEqual([]);
    expect(atAnfa.office?.names.fr).toBe('État civil Anfa');
    expect(urbanism, 'the catalogue has an urbanism card').toBeDefined();
    expect((await getOfferedService(db, resolved(city), urbanism?.code ?? '')).arrondissementOffices).toEqual([]);
  });

  it("never lists another city's arrondissements", async () => {
    const atRabat = await getOfferedService(db, resolved(rabat), BIRTH_COPY);
    expect(atRabat.arrondissementOffices.map((o) => o.office.names.fr)).toEqual(['État civil Agdal']);
  });
});

describe.each(DATABASE_KINDS)('the demo city of Casablanca (%s)', (kind) => {
  let t: Awaited<ReturnType<typeof newTestApp>>;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    await seedDemoTenants(t.db, t.storage);
    await ensureCatalogue(t.db);
  });
  afterAll(() => t.dispose());

  it('routes a birth-certificate copy to a civil-status office in each of its 16 arrondissements, with Ramadan hours and coordinates', async () => {
    const detail = (await (await t.get('casablanca.localhost', `/api/v1/services/${BIRTH_COPY}`)).json()) as ServiceDetailView;
    const offices = detail.arrondissementOffices;
    expect(new Set(offices.map((o) => o.arrondissement.slug)).size).toBe(16);
    expect(offices.every((o) => o.kind === 'civil_status')).toBe(true);
    expect(offices.map((o) => o.names.fr)).toContain('Bureau d’état civil — annexe d’Oulfa (arrondissement Hay Hassani)');
    for (const o of offices) {
      expect(o.latitude, o.names.fr).not.toBeNull();
      expect(o.ramadanHours, o.names.fr).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '15:00' }]);
      expect(o.phone, 'no invented phone number').toBeNull();
    }
  });

  it('routes a signature légalisation to a desk in each arrondissement, and an arrondissement site to its own desk', async () => {
    const detail = (await (await t.get('casablanca.localhost', `/api/v1/services/${LEGALISATION}`)).json()) as ServiceDetailView;
    expect(new Set(detail.arrondissementOffices.map((o) => o.arrondissement.slug)).size).toBe(16);
    const atAnfa = (await (await t.get('anfa.casablanca.localhost', `/api/v1/services/${LEGALISATION}`)).json()) as ServiceDetailView;
    expect(atAnfa.arrondissementOffices).toEqual([]);
    expect(atAnfa.office?.names.fr).toBe('Bureau de légalisation — arrondissement Anfa');
  });
});
