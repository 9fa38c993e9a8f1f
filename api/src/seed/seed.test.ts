import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { DATABASE_KINDS, newTestDatabase } from '../testing/databases.ts';
import { newTestStorage } from '../testing/storage.ts';
import type { Home, Site } from '../site/site.schemas.ts';
import { ensurePlatformTenant, seedDemoTenants } from './seed.ts';

describe.each(DATABASE_KINDS)('demo tenants (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
  });
  afterAll(() => t.dispose());

  const count = async () => Number((await t.db.kysely.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('are created on the first start only, never duplicated by a restart', async () => {
    expect(await seedDemoTenants(t.db, t.storage)).toEqual({ seeded: true, tenants: 19 });
    await ensurePlatformTenant(t.db, t.storage);
    expect(await seedDemoTenants(t.db, t.storage)).toEqual({ seeded: false, tenants: 0 });
    // platform + Casablanca with its 16 arrondissements + Ben Guerir + Tétouan
    expect(await count()).toBe(20);
  });

  // Two replicas starting on an empty database: on PostgreSQL each with a connection pool of its own (PGlite
  // has one connection, on which the two start-ups interleave). Only a database and files are needed, not a
  // whole app; seeding 19 tenants twice over is slow on a loaded 2-core machine, hence the timeout.
  it('are seeded once even when two replicas start together on an empty database', async () => {
    const db = await newTestDatabase(kind);
    const storage = await newTestStorage('disk');
    const other = db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 2 }) : db;
    try {
      const startUp = async (replica: Database) => {
        await ensurePlatformTenant(replica, storage);
        return seedDemoTenants(replica, storage);
      };
      const results = await Promise.all([startUp(db), startUp(other)]);
      expect(results.filter((r) => r.seeded)).toEqual([{ seeded: true, tenants: 19 }]);
      const n = await db.kysely.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(20);
    } finally {
      if (other !== db) await other.close();
      await storage.dispose();
      await db.dispose();
    }
  }, 180_000);

  it('give Casablanca its 16 arrondissements with their real names', async () => {
    const home = (await (await t.get('casablanca.localhost', '/api/v1/site/home?locale=ar')).json()) as Home;
    expect(home.name.text).toBe('الدار البيضاء');
    expect(home.children).toHaveLength(16);
    expect(home.children.map((c) => c.names.ar)).toContain('أنفا');
    expect(home.children.map((c) => c.names.fr)).toContain('Sidi Belyout');
  });

  it("serve Casablanca's logo and accent on Anfa's host, which overrides only its main colour", async () => {
    const anfa = (await (await t.get('anfa.casablanca.localhost', '/api/v1/site')).json()) as Site;
    const city = (await (await t.get('casablanca.localhost', '/api/v1/site')).json()) as Site;
    const maarif = (await (await t.get('maarif.casablanca.localhost', '/api/v1/site')).json()) as Site;
    expect(anfa.branding).toEqual({ ...city.branding, primaryColor: '#0f5570' });
    expect(maarif.branding).toEqual(city.branding);
    expect(anfa.branding.logoUrl).toMatch(/^\/api\/v1\/site\/logo\?v=/);
    const logo = await t.get('anfa.casablanca.localhost', anfa.branding.logoUrl ?? '');
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('cache-control')).toContain('immutable');
    expect(await logo.text()).toContain('<svg');
    const again = await t.get('anfa.casablanca.localhost', anfa.branding.logoUrl ?? '', { 'if-none-match': logo.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
  });

  it('are reachable under their registry slugs and custom domains', async () => {
    for (const host of ['ben-guerir.localhost', 'tetouan.localhost', 'casablancacity.ma', 'sidi-belyout.casablanca.localhost']) {
      expect((await t.get(host, '/api/v1/site')).status, host).toBe(200);
    }
  });
});
