import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { hostOf } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { OfficeView, ServiceDetailView } from './catalogue.schemas.ts';
import { ensureCatalogue } from './catalogue.service.ts';

/** A service at the civil-status desk: on a city, also at each arrondissement's. */
const BIRTH_COPY = 'birth-certificate-extract';

/**
 * Issue 14: the bench's service pages are first renders of tenants whose home page was visited before. A
 * service page asks the API for the service and for the offices; after the home page (its site, catalogue
 * listing and arrondissements kept by the cache of public reads) neither needs a round trip to PostgreSQL.
 */
describe.runIf(DATABASE_KINDS.includes('postgres'))('round trips of a service page after the home page (postgres)', () => {
  let t: TestApp;
  let town: TenantRow;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp('postgres', { pages: true });
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    town = await newTenant(t.db, { slug: 'tiznit' });
    city = await newTenant(t.db, { slug: 'rabat' });
    const agdal = await newTenant(t.db, { parent: city, slug: 'agdal' });
    const office = (key: string, fr: string) => ({ key, kind: 'civil_status', names: { fr }, address: { fr }, latitude: null, longitude: null, hours: [], phone: null, email: null, position: 0 });
    await withTenant(t.db, { id: town.id }, (tx) => insertOffice(tx, office('etat-civil', 'État civil Tiznit')));
    await withTenant(t.db, { id: agdal.id }, (tx) => insertOffice(tx, office('etat-civil', 'État civil Agdal')));
    await countServingQueries(t.db);
  }, 60_000);
  afterAll(() => t?.dispose());

  const servicePage = async (host: string) =>
    statementsOf(async () => {
      const detail = (await (await t.get(host, `/api/v1/services/${BIRTH_COPY}`)).json()) as ServiceDetailView;
      const { offices } = (await (await t.get(host, '/api/v1/offices')).json()) as { offices: OfficeView[] };
      return { detail, offices };
    });

  it.each([
    ['a commune without arrondissements', () => town, [], ['État civil Tiznit']],
    ['a city', () => city, ['État civil Agdal'], []],
  ] as const)('needs none on %s', async (_name, tenant, arrondissementOffices, offices) => {
    const host = hostOf(tenant());
    // The home page (the layout's calls and the page's own), as web makes it.
    for (const path of ['/api/v1/site', '/api/v1/contact', '/api/v1/content-banner?locale=fr', '/api/v1/site/home?locale=fr', '/api/v1/services?lang=fr']) {
      expect((await t.get(host, path)).status, path).toBe(200);
    }
    const { result, statements } = await servicePage(host);
    expect(result.detail.arrondissementOffices.map((a) => a.names.fr)).toEqual(arrondissementOffices);
    expect(result.offices.map((o) => o.names.fr)).toEqual(offices);
    // The city reads its arrondissements' offices (the home page kept which arrondissements it has).
    expect(statements, statements.join('\n')).toHaveLength(tenant() === city ? 3 : 0);
  });
});
