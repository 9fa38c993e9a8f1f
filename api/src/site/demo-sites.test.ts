import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactDirectoryView } from '../contact/contact.schemas.ts';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { ServiceDetailView, ServiceListingView } from '../catalogue/catalogue.schemas.ts';
import { CONTENT_WINDOWS } from '../content/content.kinds.ts';
import type { PublicList, PublishedWindows } from '../content/content.schemas.ts';
import { ensurePlatformTenant, seedDemoContent, seedDemoTenants } from '../seed/seed.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import type { Site } from './site.schemas.ts';

/**
 * What a resident reads on the demo sites (issue 10), through the public API the pages are rendered from:
 * fees the commune sets, pointer cards for what another body handles, and whom to call.
 */
const HOSTS = ['casablanca.localhost', 'anfa.casablanca.localhost', 'ben-guerir.localhost', 'tetouan.localhost'] as const;

/** Fees the commune sets (its tariff), which the cards must not call "variable". */
const COMMUNE_FEES = ['copy-certification', 'signature-legalisation', 'birth-certificate-extract', 'family-civil-status-record', 'hearse-service', 'ambulance-service'];

/** What residents ask the commune but another body handles (the list). */
const POINTERS = ['national-identity-card', 'residence-certificate', 'criminal-record-extract', 'marriage-act', 'urban-planning-note', 'housing-tax'];

describe.each(DATABASE_KINDS)('what a resident reads on the demo sites (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    await seedDemoTenants(t.db, t.storage);
    await ensureCatalogue(t.db);
    await seedDemoContent(t.db);
  }, 300_000);
  afterAll(() => t.dispose());

  const json = async <T>(host: string, path: string): Promise<T> => {
    const response = await t.get(host, path);
    expect(response.status, `${host}${path}`).toBe(200);
    return (await response.json()) as T;
  };

  it('says on every demo site that the commune sets the fee of copy certification and the other commune fees, not that it varies', async () => {
    for (const host of HOSTS) {
      const listing = await json<ServiceListingView>(host, '/api/v1/services?lang=fr');
      const costs = Object.fromEntries(listing.services.filter((s) => COMMUNE_FEES.includes(s.code)).map((s) => [s.code, s.cost.kind]));
      expect(costs, host).toEqual(Object.fromEntries(COMMUNE_FEES.map((code) => [code, 'tariff'])));
      const copy = await json<ServiceDetailView>(host, '/api/v1/services/copy-certification');
      expect(copy.cost.kind, host).toBe('tariff');
      expect(copy.cost.note?.fr, host).toMatch(/fixé par la commune/);
      // No demo commune has published its tariff: the page then says so (web: services/[code]/page.test.ts).
      expect((await json<Site>(host, '/api/v1/site')).tariff, host).toBeNull();
    }
  });

  it('answers what another body handles with a pointer card that names it, and links to it where it has a national site', async () => {
    for (const code of POINTERS) {
      const card = await json<ServiceDetailView>('ben-guerir.localhost', `/api/v1/services/${code}`);
      expect(card.kind, code).toBe('pointer');
      expect(card.handledBy?.names.ar, code).toBeTruthy();
      expect(card.handledBy?.names.fr, code).toBeTruthy();
      expect(card.office, `${code}: no commune office`).toBeNull();
      if (card.handledBy?.url) expect(card.handledBy.url, code).toMatch(/^https:\/\/[a-z0-9.-]+\.ma$/);
    }
    // The marriage card links the courts' portal, as the criminal record does. The local authority and the urban
    // agencies have no single national site: those two name the body and where to find it, without a link.
    const unlinked = [];
    for (const code of POINTERS) if (!(await json<ServiceDetailView>('ben-guerir.localhost', `/api/v1/services/${code}`)).handledBy?.url) unlinked.push(code);
    expect(unlinked).toEqual(['residence-certificate', 'urban-planning-note']);
  });

  it('gives every demo site the emergency numbers and the administrative guidance line, saying which calls are free, and its main numbers', async () => {
    for (const host of HOSTS) {
      const { lines } = await json<ContactDirectoryView>(host, '/api/v1/contact');
      const byNumber = new Map(lines.map((l) => [l.number, l]));
      for (const number of ['15', '19', '141', '177', '3737']) expect(byNumber.get(number), `${host} ${number}`).toBeDefined();
      for (const number of ['15', '19', '141', '177']) expect(byNumber.get(number)?.free, `${host} ${number}`).toBe(true);
      expect(byNumber.get('3737')?.free, `${host}: 3737 costs a local call`).toBe(false);
      expect(byNumber.get('15')?.hours.fr, host).toBe('24 h/24, 7 j/7');
      expect(lines.filter((l) => l.main).map((l) => l.number), `${host}: the footer's numbers`).toEqual(expect.arrayContaining(['15', '19']));
    }
  });

  it('names on every demo site who distributes water and electricity and runs sanitation, saying when that is still to confirm', async () => {
    const operator = async (host: string) => (await json<ContactDirectoryView>(host, '/api/v1/contact')).operators.find((o) => o.service === 'water_electricity_sanitation');
    expect((await operator('ben-guerir.localhost'))?.names.fr).toContain('Marrakech-Safi');
    expect((await operator('ben-guerir.localhost'))?.verified).toBe(true);
    expect((await operator('tetouan.localhost'))?.names.fr).toContain('Amendis');
    expect((await operator('tetouan.localhost'))?.verified, 'the handover to the SRM is under way').toBe(false);
    expect((await operator('anfa.casablanca.localhost'))?.names.fr).toContain('SRM-CS');
  });

  it("links, in each site's navigation, exactly the content windows that have something to show", async () => {
    const empty: string[] = [];
    for (const host of HOSTS) {
      const { windows } = await json<PublishedWindows>(host, '/api/v1/content-windows');
      for (const window of CONTENT_WINDOWS) {
        const { items } = await json<PublicList>(host, `/api/v1/content/${window}?locale=fr`);
        expect(windows.includes(window), `${host} ${window}: ${items.length} items`).toBe(items.length > 0);
        if (items.length === 0) empty.push(`${host} ${window}`);
      }
    }
    // The demo sites leave some windows empty: the navigation must not promise them.
    expect(empty.length).toBeGreaterThan(0);
  });
});
