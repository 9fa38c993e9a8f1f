import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { hostOf } from '../testing/staff.ts';

/** The API calls of a tenant's home page, as web makes them (the layouts' and the page's own). */
const homeCalls = (lang: string) => ['/api/v1/site', '/api/v1/contact', `/api/v1/content-banner?locale=${lang}`, `/api/v1/site/home?locale=${lang}`, `/api/v1/services?lang=${lang}`];

/**
 * Issue 14: the bench's first visit of every tenant's home page in its three languages. Each statement is a
 * round trip to PostgreSQL (a socket write and a wake-up), and each unit of work adds its BEGIN and COMMIT:
 * what the first visit of a tenant's home pages sends is pinned here.
 */
describe.runIf(DATABASE_KINDS.includes('postgres'))('round trips of a tenant’s first home visit (postgres)', () => {
  let t: TestApp;
  let town: TenantRow;
  let city: TenantRow;
  let agdal: TenantRow;

  beforeAll(async () => {
    t = await newTestApp('postgres', { pages: true });
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    town = await newTenant(t.db, { slug: 'tiznit' });
    city = await newTenant(t.db, { slug: 'rabat' });
    agdal = await newTenant(t.db, { parent: city, slug: 'agdal' });
    // A national catalogue version is read once per process: another tenant's visit reads it first.
    const other = await newTenant(t.db, { slug: 'other' });
    expect((await t.get(hostOf(other), '/api/v1/services?lang=fr')).status).toBe(200);
    await countServingQueries(t.db);
  }, 60_000);
  afterAll(() => t?.dispose());

  const firstVisit = (host: string) =>
    statementsOf(async () => {
      for (const lang of ['ar', 'fr', 'zgh']) {
        for (const path of homeCalls(lang)) expect((await t.get(host, path)).status, path).toBe(200);
      }
      // The next scheduled change, which the kept reads ask for without waiting: waited for here (the same read).
      const resolved = await t.directory.resolve(host);
      const stamp = resolved && t.pages?.stamp(resolved);
      if (!stamp) throw new Error('the page cache is not listening');
      await t.pages?.nextChangeOf(stamp);
    });

  /** The platform unit that resolves the host: its statements between BEGIN and COMMIT. */
  const hostResolution = (statements: string[]) => {
    const begin = statements.indexOf('begin; set local role jamaa_app');
    return statements.slice(begin + 1, statements.indexOf('commit', begin));
  };

  // The host's resolution (one statement), contact, banner, home, catalogue and the next scheduled change.
  it.each([
    ['a commune', () => hostOf(town), 21],
    ['an arrondissement', () => hostOf(agdal, city), 20],
  ] as const)('%s: its tenant, parent and domains in one statement', async (_name, host, expected) => {
    const { statements } = await firstVisit(host());
    expect(hostResolution(statements), statements.join('\n')).toHaveLength(1);
    expect(statements, statements.join('\n')).toHaveLength(expected);
  });
});
