import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { TenantDirectory } from './tenant-directory.ts';
import { findTenantById, insertTenantDomain } from './tenants.repository.ts';
import { withPlatform, withProvisioning } from './unit-of-work.ts';
import { changeTenant } from './tenants.service.ts';

const logger = pino({ level: 'silent' });

describe.each(DATABASE_KINDS)('tenant directory cache (%s)', (kind) => {
  let db: TestDatabase;
  let tenant: TenantRow;
  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    tenant = await newTenant(db, { slug: 'tetouan' });
  });
  afterAll(() => db.dispose());

  it('serves repeated lookups from memory', async () => {
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger });
    await directory.resolve('tetouan.localhost');
    await directory.resolve('tetouan.localhost');
    expect(directory.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it('resolves an arrondissement with its chain (itself, then its commune, no platform) and its read scope', async () => {
    const commune = await newTenant(db, { slug: 'chainville' });
    const arrondissement = await newTenant(db, { parent: commune, slug: 'quartier' });
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger });
    const resolved = await directory.resolve('quartier.chainville.localhost');
    expect(resolved?.chain.map((t) => t.slug)).toEqual(['quartier', 'chainville']);
    expect(resolved?.ancestors.map((t) => t.kind)).toEqual(['commune', 'platform']);
    expect(resolved?.scope).toEqual({ id: arrondissement.id, readable: [arrondissement.id, commune.id] });
    expect((await directory.resolve('chainville.localhost'))?.scope).toEqual({ id: commune.id, readable: [commune.id] });
  });

  it('resolves every kind of host to its tenant, its ancestors as stored and its serving domains', async () => {
    const city = await newTenant(db, { slug: 'domainville' });
    const anfa = await newTenant(db, { parent: city, slug: 'anfa' });
    const other = await newTenant(db, { slug: 'elsewhere' });
    const below = await newTenant(db, { parent: other, slug: 'below' });
    await withProvisioning(db, async (tx) => {
      await insertTenantDomain(tx, city.id, 'domainville.ma');
      await insertTenantDomain(tx, city.id, 'pending-domainville.ma');
      await insertTenantDomain(tx, anfa.id, 'anfa.example.ma');
      // A name under an arrondissement's own domain names no tenant (only a commune's domain has children).
      await insertTenantDomain(tx, below.id, 'below.ma');
      await tx.updateTable('tenant_domains').set({ state: 'active' }).where('domain', 'in', ['domainville.ma', 'anfa.example.ma', 'below.ma']).execute();
    });
    const rows = await withPlatform(db, async (tx) => Promise.all([city, anfa].map((t) => findTenantById(tx, t.id))));
    const [cityRow, anfaRow] = rows as TenantRow[];
    const platformRow = cityRow && (await withPlatform(db, (tx) => findTenantById(tx, cityRow.parent_id as string)));
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger });
    const resolve = async (host: string) => {
      const r = await directory.resolve(host);
      return r && { tenant: r.tenant, ancestors: r.ancestors, domains: r.domains };
    };
    expect(await resolve('localhost')).toEqual({ tenant: platformRow, ancestors: [], domains: [] });
    expect(await resolve('www.localhost')).toEqual({ tenant: platformRow, ancestors: [], domains: [] });
    expect(await resolve('domainville.localhost')).toEqual({ tenant: cityRow, ancestors: [platformRow], domains: ['domainville.ma'] });
    expect(await resolve('domainville.ma')).toEqual({ tenant: cityRow, ancestors: [platformRow], domains: ['domainville.ma'] });
    expect(await resolve('anfa.domainville.localhost')).toEqual({ tenant: anfaRow, ancestors: [cityRow, platformRow], domains: ['anfa.example.ma'] });
    expect(await resolve('anfa.domainville.ma')).toEqual({ tenant: anfaRow, ancestors: [cityRow, platformRow], domains: ['anfa.example.ma'] });
    expect(await resolve('anfa.example.ma')).toEqual({ tenant: anfaRow, ancestors: [cityRow, platformRow], domains: ['anfa.example.ma'] });
    for (const host of ['nowhere.localhost', 'x.anfa.domainville.localhost', 'nobody.domainville.ma', 'x.below.ma', 'ma', 'anfa.localhost']) {
      expect(await resolve(host), host).toBeNull();
    }
  });

  it('forgets an unknown host after a short while, so a tenant created later is found', async () => {
    let now = 0;
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger, clock: () => now, negativeTtlMs: 1000 });
    expect(await directory.resolve('later.localhost')).toBeNull();
    await newTenant(db, { slug: 'later' });
    now = 500;
    expect(await directory.resolve('later.localhost')).toBeNull();
    now = 1500;
    expect((await directory.resolve('later.localhost'))?.tenant.slug).toBe('later');
  });

  it('drops its cache when another process changes a tenant', async () => {
    // Another process: on PostgreSQL a separate connection pool and listener; PGlite lives in one process.
    const other: Database = kind === 'postgres' && db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 2 }) : db;
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger, ttlMs: 3_600_000 });
    await directory.start();
    try {
      expect((await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('active');
      await changeTenant(other, tenant.id, { status: 'suspended' });
      await expect.poll(async () => (await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('suspended');
      expect(directory.stats.invalidations).toBeGreaterThan(0);
    } finally {
      await directory.stop();
      if (other !== db) await other.close();
    }
  });

  it.runIf(kind === 'postgres')('listens again after losing its connection, and drops what it may have missed', async () => {
    const directory = new TenantDirectory({ db, platformDomain: 'localhost', logger, ttlMs: 3_600_000 });
    await directory.start();
    const other = await openDatabase({ kind: 'postgres', url: db.url ?? '', poolSize: 2 });
    try {
      await changeTenant(other, tenant.id, { status: 'active' });
      await expect.poll(async () => (await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('active');
      // The database ends the listening connection (as a restart or a failover would)…
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'jamaa-listen' and datname = current_database()`.execute(other.kysely);
      await expect.poll(() => directory.listening).toBe(false);
      // …and a change is made while nobody listens: its notification is lost.
      await changeTenant(other, tenant.id, { status: 'suspended' });
      await expect.poll(async () => (await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('suspended');
      await expect.poll(() => directory.listening, { timeout: 30_000 }).toBe(true);
      // Listening again: a later change is heard, though the cache lives an hour.
      expect((await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('suspended');
      await changeTenant(other, tenant.id, { status: 'active' });
      await expect.poll(async () => (await directory.resolve('tetouan.localhost'))?.tenant.status).toBe('active');
    } finally {
      await directory.stop();
      await other.close();
    }
  });
});
