// The national dataset: a fresh database (PostgreSQL when DATABASE_URL is set, else PGlite in a temporary
// directory), every commune and arrondissement of the registry onboarded through the operator's path
// (`onboardAll`, the operation behind `npm run tenants -- region|import` and the console), one staff
// account on the busiest tenant, and complaints in bulk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '@jamaa/api/config.ts';
import { openDatabase, type Database } from '@jamaa/api/db/database.ts';
import { localYearOf } from '@jamaa/api/deadlines/local-time.ts';
import { onboardAll } from '@jamaa/api/onboarding/onboarding.service.ts';
import { createRuntime } from '@jamaa/api/runtime.ts';
import { seedDemoAccounts } from '@jamaa/api/seed/seed.ts';
import { trackingPrefix } from '@jamaa/api/complaints/complaints.service.ts';
import { atExit } from './children.ts';
import type { Settings } from './config.ts';

export interface Tenant {
  id: string;
  slug: string;
  kind: 'commune' | 'arrondissement';
  host: string;
  locales: string[];
  population: number;
  complaints: number;
}

export interface Dataset {
  kind: 'postgres' | 'pglite';
  /** The environment the server is started with (database, data directory). */
  serverEnv: Record<string, string>;
  /** The owner's URL of the benchmark database (PostgreSQL only). */
  ownerUrl: string | null;
  dataDir: string;
  tenants: Tenant[];
  busiest: Tenant;
  staff: { email: string; password: string };
  timings: { migrateSeconds: number; onboardSeconds: number; onboarded: number; refused: number; complaintsSeconds: number; complaints: number };
}

export const STAFF_PASSWORD = 'bench-password-2026';

/** Creates the empty database: drops a leftover of an earlier run first, and drops it again at the end. */
async function createPostgresDatabase(settings: Settings): Promise<string> {
  const admin = new pg.Client({ connectionString: settings.databaseUrl as string });
  await admin.connect();
  const name = settings.databaseName;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE must be a plain lowercase name, got ${name}`);
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  if (!settings.keep) {
    atExit(async () => {
      const c = new pg.Client({ connectionString: settings.databaseUrl as string });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    });
  }
  const url = new URL(settings.databaseUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function prepareDataset(settings: Settings): Promise<Dataset> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-bench-'));
  if (!settings.keep) atExit(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const ownerUrl = settings.databaseUrl ? await createPostgresDatabase(settings) : null;
  const serverEnv: Record<string, string> = {
    DATABASE_URL: ownerUrl ?? '',
    JAMAA_DATA_DIR: dataDir,
    JAMAA_DEMO: 'false',
    PLATFORM_DOMAIN: settings.platformDomain,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };

  let started = performance.now();
  const runtime = await createRuntime(loadConfig({ ...process.env, ...serverEnv }));
  const migrateSeconds = (performance.now() - started) / 1000;
  let owner: Database | null = null;
  try {
    console.log(`bench: database ready (${ownerUrl ? `PostgreSQL ${settings.databaseName}` : 'PGlite'}) in ${migrateSeconds.toFixed(1)} s; onboarding every commune…`);
    started = performance.now();
    let lastShown = 0;
    const report = await onboardAll({ ...runtime, clock: () => new Date() }, ({ done, total }) => {
      if (done - lastShown >= 250 || done === total) {
        lastShown = done;
        process.stdout.write(`bench:   ${done}/${total} communes (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    });
    const onboardSeconds = (performance.now() - started) / 1000;
    if (report.refused.length > 0) console.warn(`bench: ${report.refused.length} refused, first: ${JSON.stringify(report.refused[0])}`);

    // The owner's connection for the bulk rows (row-level security does not apply to it); on PGlite the one connection.
    // A batch holding the largest cities is a few hundred thousand rows at a million complaints: longer than
    // the server's 30 s limit on one statement, which is for requests, not for an operator's bulk load.
    owner = ownerUrl ? await openDatabase({ kind: 'postgres', url: ownerUrl, poolSize: 2, timeouts: { statement: 30 * 60_000 } }) : runtime.db;
    const tenants = await listTenants(owner, settings.platformDomain);
    started = performance.now();
    const complaints = await seedComplaints(owner, tenants, settings.complaints);
    const complaintsSeconds = (performance.now() - started) / 1000;
    console.log(`bench: ${complaints.toLocaleString('en')} complaints in ${complaintsSeconds.toFixed(1)} s`);

    const busiest = tenants.reduce((a, b) => (b.complaints > a.complaints ? b : a));
    const staff = { email: `bench-supervisor@${busiest.slug}.bench.jamaa.ma`, password: STAFF_PASSWORD };
    await seedDemoAccounts(owner, [
      { email: staff.email, displayName: 'Bench supervisor', password: staff.password, totpSecret: null, operator: false, memberships: [{ tenant: [busiest.slug], role: 'supervisor', department: null }] },
    ]);
    return {
      kind: ownerUrl ? 'postgres' : 'pglite',
      serverEnv,
      ownerUrl,
      dataDir,
      tenants,
      busiest,
      staff,
      timings: { migrateSeconds, onboardSeconds, onboarded: report.created.reduce((n, r) => n + r.tenants, 0), refused: report.refused.length, complaintsSeconds, complaints },
    };
  } finally {
    if (owner && owner !== runtime.db) await owner.close();
    await runtime.close();
  }
}

async function listTenants(db: Database, platformDomain: string): Promise<Tenant[]> {
  const { rows } = await sql<{ id: string; slug: string; kind: 'commune' | 'arrondissement'; locales: string[]; population: number | null; parent_slug: string | null; parent_kind: string | null }>`
    select t.id, t.slug, t.kind, t.locales, t.population, p.slug as parent_slug, p.kind as parent_kind
      from tenants t join tenants p on p.id = t.parent_id
     where t.status = 'active' and t.kind <> 'platform'
     order by t.code`.execute(db.kysely);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    host: r.kind === 'arrondissement' ? `${r.slug}.${r.parent_slug}.${platformDomain}` : `${r.slug}.${platformDomain}`,
    locales: r.locales,
    population: r.population ?? 0,
    complaints: 0,
  }));
}

/**
 * Complaints in bulk, one INSERT … SELECT generate_series per batch of tenants: each tenant gets a share
 * proportional to its population (so Casablanca is the busiest), numbered from 1 in the current year as
 * the service numbers them, with their `received` event, most of them closed; the counters are moved
 * past them so that submissions through the API continue the series.
 */
async function seedComplaints(db: Database, tenants: Tenant[], total: number): Promise<number> {
  if (total <= 0 || tenants.length === 0) return 0;
  const weight = tenants.reduce((n, t) => n + Math.max(1, t.population), 0);
  for (const t of tenants) t.complaints = Math.max(1, Math.round((total * Math.max(1, t.population)) / weight));
  const year = localYearOf(new Date());
  const categories = ['street_lighting', 'roads', 'cleanliness', 'green_spaces', 'noise', 'stray_animals', 'water_leaks', 'public_buildings', 'other'];
  const BATCH = 100;
  for (let i = 0; i < tenants.length; i += BATCH) {
    const batch = tenants.slice(i, i + BATCH);
    const ids = batch.map((t) => t.id);
    const prefixes = batch.map((t) => trackingPrefix(t));
    const counts = batch.map((t) => t.complaints);
    await sql`
      with w as (select * from unnest(${ids}::uuid[], ${prefixes}::text[], ${counts}::int[]) as w(id, prefix, n)),
      c as (
        select w.id as tenant_id, gen_random_uuid() as id, w.prefix, g as number,
               (date_trunc('year', now()) + random() * (now() - date_trunc('year', now()))) as created_at,
               random() as r, g % 9 as cat, g % 3 as loc
          from w cross join lateral generate_series(1, w.n) g
      ),
      ins as (
        insert into complaints (tenant_id, id, tracking, year, number, access_token_hash, category, description, address,
                                locale, channel, state, deadline_days, due_at, due_date, created_at, updated_at, closed_at)
        select tenant_id, id, prefix || '-' || ${year}::int || '-' || lpad(number::text, 6, '0'), ${year}::int, number,
               md5(id::text) || md5(number::text || id::text),
               (${categories}::text[])[cat + 1],
               'Complaint ' || number || ': a problem reported by a resident, with a few sentences of detail.',
               'Street ' || (number % 200), (array['ar', 'fr', 'zgh'])[loc + 1], 'web',
               case when created_at > now() - interval '20 days' and r < 0.5 then 'received'
                    when created_at > now() - interval '60 days' and r < 0.7 then 'in_progress'
                    when r < 0.05 then 'rejected' else 'resolved' end,
               60, created_at + interval '60 days', to_char(created_at + interval '60 days', 'YYYY-MM-DD'),
               created_at, created_at,
               case when created_at > now() - interval '60 days' and r < 0.7 then null else created_at + interval '9 days' end
          from c
        returning tenant_id, id, created_at
      )
      insert into complaint_events (tenant_id, complaint_id, at, kind, to_state, public)
      select tenant_id, id, created_at, 'received', 'received', true from ins`.execute(db.kysely);
    await sql`
      insert into counters (tenant_id, series, year, last)
      select id, 'complaints', ${year}::int, n from unnest(${ids}::uuid[], ${counts}::int[]) as w(id, n)
      on conflict (tenant_id, series, year) do update set last = greatest(counters.last, excluded.last)`.execute(db.kysely);
  }
  // Fresh statistics and visibility map after a bulk load, as an operator would run them (and as autovacuum
  // would in production; this machine's PostgreSQL runs without it): the staff queue's counts are index-only
  // scans only on a vacuumed table.
  await sql`vacuum analyze`.execute(db.kysely);
  return tenants.reduce((n, t) => n + t.complaints, 0);
}
