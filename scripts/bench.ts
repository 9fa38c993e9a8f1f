// `npm run bench`: the national-scale benchmark (issue 14). One command on a fresh clone:
//   1. a fresh database (PostgreSQL `jamaa_bench` on DATABASE_URL's server, else PGlite), every commune and
//      arrondissement of the registry onboarded through the operator's path (timed), complaints in bulk;
//   2. the production server (`node web/server.ts`): cold start, every tenant's home page visited in each
//      of its languages (first visits: uncached renders), then home, service, news, search, platform home and
//      the busiest tenant's staff queue under autocannon, complaint submissions through the public API
//      (then counted in the database: none lost, none twice), mixed load with the server's RSS sampled;
//   3. first-visit transfer of the home page per language; Debian's nginx serving the same page bytes;
//   4. a table, and docs/performance.md with the targets passed or failed.
// Knobs: scripts/bench/config.ts (`BENCH_ONLY=submissions`: the dataset, then submissions alone, no report
// written). Every process started is stopped at the end, even on error.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '@jamaa/api/db/database.ts';
import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { cleanUp } from './bench/children.ts';
import { LOCALES, settings } from './bench/config.ts';
import { prepareDataset, type Dataset, type Tenant } from './bench/database.ts';
import { runLoad, type LoadResult, type Target as LoadTarget } from './bench/load.ts';
import { ensureNginx, startNginx } from './bench/nginx.ts';
import { kb, printReport, writeMarkdown, type Report, type Target } from './bench/report.ts';
import { memoryBreakdown, memoryMaps, rssMb, sampleRss, startServer, type Server } from './bench/server.ts';
import { firstVisit, rawGet, type Transfer } from './bench/transfer.ts';

// Searches residents type: without hamza, without accents, in Tifinagh, with a typo.
const QUERIES = ['تصحيح الامضاء', 'legalisation', 'عقد الازدياد', 'permis de construire', 'ⴰⵙⵙⵉⴷⵜ', 'certificat residance'];
const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`;
const mb = (v: number) => `${Math.round(v)} MB`;

function localeOf(t: Tenant, i: number): string {
  return t.locales[i % t.locales.length] ?? 'ar';
}

/** Tenant i of a spread where every tenant comes up in turn, each time in another of its languages. */
function spread(tenants: Tenant[], i: number): { tenant: Tenant; lang: string } {
  const tenant = tenants[i % tenants.length] as Tenant;
  return { tenant, lang: localeOf(tenant, Math.floor(i / tenants.length) + i) };
}

/** A number in [0, 1) fixed by `seed` (mulberry32): the same visits on every run, so runs compare. */
function unit(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The index that `u` (in [0, 1)) falls on in cumulative weights `sums` (ascending, last = total). */
function pick(sums: readonly number[], u: number): number {
  const target = u * (sums[sums.length - 1] as number);
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sums[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/**
 * Residents' visits to service pages: a tenant in proportion to its population, a service by how often
 * residents need it (Zipf on the catalogue's frequency rank: the 1st twice as often as the 2nd), a
 * language among the tenant's. Pages a real audience asks for again, where `spread` makes every one a
 * first render.
 */
function residentsMix(tenants: Tenant[], services: readonly { code: string; frequencyRank?: number }[]): (i: number) => { tenant: Tenant; lang: string; service: string } {
  const byTenant = cumulative(tenants.map((t) => Math.max(1, t.population)));
  const ranked = [...services].sort((a, b) => (a.frequencyRank ?? services.length) - (b.frequencyRank ?? services.length));
  const byService = cumulative(ranked.map((_, rank) => 1 / (rank + 1)));
  return (i) => {
    const tenant = tenants[pick(byTenant, unit(3 * i))] as Tenant;
    const service = (ranked[pick(byService, unit(3 * i + 1))] as { code: string }).code;
    return { tenant, lang: localeOf(tenant, Math.floor(unit(3 * i + 2) * 3)), service };
  };
}

async function signIn(server: Server, host: string, email: string, password: string): Promise<string> {
  // node:http rather than fetch, which does not let a Host header through.
  const res = await new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: '/api/v1/auth/login', method: 'POST', headers: { host: `${host}:${server.port}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text, cookies: r.headers['set-cookie'] ?? [] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  if (res.status !== 200) throw new Error(`staff sign-in failed: ${res.status} ${res.body}`);
  const result = JSON.parse(res.body) as { status: string };
  if (result.status !== 'signed_in') throw new Error(`staff sign-in: ${result.status}`);
  return res.cookies.map((c) => c.split(';')[0]).join('; ');
}

interface Submissions {
  result: LoadResult;
  /** marker → tracking number acknowledged (201). */
  acknowledged: Map<string, string>;
  refused: Map<number, number>;
  run: string;
}

async function submitComplaints(server: Server, tenants: Tenant[]): Promise<Submissions> {
  const run = `bench-${Date.now().toString(36)}`;
  const acknowledged = new Map<string, string>();
  const refused = new Map<number, number>();
  // Residents of many communes at once, each from their own address (the server trusts X-Forwarded-For
  // here): the per-address and per-tenant submission limits are not what is measured. Each carries an
  // Idempotency-Key, as the complaint form's hidden field does: the claim and the stored answer are part
  // of what a submission costs.
  const result = await runLoad({
    name: 'complaint submissions (POST /api/v1/complaints)',
    port: server.port,
    connections: settings.submitConnections,
    duration: settings.submitSeconds,
    pid: server.pid,
    acceptEncoding: 'identity',
    next: (i) => {
      const tenant = tenants[i % tenants.length] as Tenant;
      const marker = `${run}-${i}`;
      return {
        host: tenant.host,
        path: '/api/v1/complaints',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${marker}-submission`, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({ category: 'roads', description: `Pothole in front of number ${i % 90}. ${marker}`, address: `Rue ${i % 300}`, locale: localeOf(tenant, i) }),
        tag: marker,
      };
    },
    onResponse: (status, body, tag) => {
      if (status === 201) acknowledged.set(tag as string, (JSON.parse(body) as { tracking: string }).tracking);
      else refused.set(status, (refused.get(status) ?? 0) + 1);
    },
  });
  return { result, acknowledged, refused, run };
}

/** After the server has stopped (PGlite is one process's): every acknowledged submission is there exactly once. */
async function countSubmissions(dataset: Dataset, s: Submissions): Promise<{ missing: number; duplicated: number; unacknowledged: number; wrongTracking: number }> {
  const db = dataset.ownerUrl
    ? await openDatabase({ kind: 'postgres', url: dataset.ownerUrl, poolSize: 1 })
    : await openDatabase({ kind: 'pglite', dataDir: `${dataset.dataDir}/pglite` });
  try {
    const { rows } = await sql<{ marker: string; tracking: string; n: number }>`
      select substring(description from ${`${s.run}-[0-9]+`}) as marker, min(tracking) as tracking, count(*)::int as n
        from complaints where description like ${`%${s.run}-%`} group by 1`.execute(db.kysely);
    const stored = new Map(rows.map((r) => [r.marker, r]));
    let missing = 0;
    let duplicated = 0;
    let wrongTracking = 0;
    for (const [marker, tracking] of s.acknowledged) {
      const row = stored.get(marker);
      if (!row) missing++;
      else if (row.n !== 1) duplicated++;
      else if (row.tracking !== tracking) wrongTracking++;
    }
    const unacknowledged = rows.filter((r) => !s.acknowledged.has(r.marker)).length;
    return { missing, duplicated, unacknowledged, wrongTracking };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const notes: string[] = [];
  const facts: [string, string][] = [];
  const loads: LoadResult[] = [];
  const targets: Target[] = [];
  const pg = Boolean(settings.databaseUrl);
  const loadStart = os.loadavg()[0] ?? 0;
  // Installed (when missing) before anything runs: apt-get blocks this process for a while, which would
  // otherwise leave the server's closed keep-alive sockets unnoticed in the client's pool.
  const nginxBinary = settings.nginx && !settings.only ? ensureNginx() : null;

  const dataset = await prepareDataset(settings);
  const { tenants, busiest } = dataset;
  const t = dataset.timings;
  facts.push(['database ready (migrations, platform, catalogue)', `${t.migrateSeconds.toFixed(1)} s`]);
  facts.push(['every commune onboarded (operator path)', `${t.onboardSeconds.toFixed(1)} s for ${t.onboarded} tenants${t.refused ? `, ${t.refused} refused` : ''}`]);
  facts.push(['complaints seeded in bulk', `${t.complaints.toLocaleString('en')} in ${t.complaintsSeconds.toFixed(1)} s (busiest: ${busiest.host}, ${busiest.complaints.toLocaleString('en')})`]);

  console.log(`bench: starting the server (${tenants.length} tenant hosts)…`);
  const server = await startServer({ ...dataset.serverEnv, TRUST_PROXY: 'true' }, settings.port);
  const firstPageStart = performance.now();
  const firstPage = await rawGet(server.port, busiest.host, `/${busiest.locales[0] ?? 'ar'}`);
  const firstPageMs = performance.now() - firstPageStart;
  facts.push(['cold start: spawn → ready (/readyz)', ms(server.readyMs)]);
  facts.push(['cold start: first home page after ready', `${ms(firstPageMs)} (status ${firstPage.status})`]);
  const rssStart = rssMb(server.pid);
  facts.push(['server RSS after start', mb(rssStart)]);
  if (settings.only === 'submissions') return submissionsOnly(dataset, server, { facts, loadStart, pg });

  // Every tenant's home page in each of its languages: first visits, nothing cached yet.
  const visits = tenants.flatMap((tenant) => tenant.locales.map((lang) => ({ tenant, lang })));
  console.log(`bench: visiting ${visits.length} home pages (every tenant, every language)…`);
  const firstVisits = await runLoad({
    name: `first visit of every tenant's home page (${visits.length} pages)`,
    port: server.port,
    connections: Math.min(settings.connections, 16),
    amount: visits.length,
    pid: server.pid,
    next: (i) => {
      const v = visits[i % visits.length] as { tenant: Tenant; lang: string };
      return { host: v.tenant.host, path: `/${v.lang}` };
    },
  });
  loads.push(firstVisits);
  const rssAllActive = rssMb(server.pid);
  facts.push(['server RSS with every tenant active (all home pages visited)', mb(rssAllActive)]);
  const memoryText = async () => {
    const m = await memoryBreakdown(server.port);
    const heap = m ? `V8 heap ${mb(m.heapTotal)} (${mb(m.heapUsed)} used), external ${mb(m.external)}, of which kept pages ${mb(m.pageCache)}` : 'unreadable';
    const maps = memoryMaps(server.pid);
    return maps ? `${heap}; resident: files ${mb(maps.files)}, malloc main heap ${mb(maps.mainHeap)}, ${maps.arenas} thread arenas ${mb(maps.threadArenas)}, other anonymous (V8, stacks) ${mb(maps.otherAnon)}` : heap;
  };
  facts.push(['server memory with every tenant active (/metrics; /proc smaps)', await memoryText()]);

  const services = loadCatalogue().services.map((s) => s.code);
  const scenario = async (name: string, next: (i: number) => LoadTarget, connections = settings.connections) => {
    console.log(`bench: ${name}…`);
    const r = await runLoad({ name, port: server.port, connections, duration: settings.seconds, pid: server.pid, next });
    loads.push(r);
    return r;
  };
  const home = await scenario('home page, all tenants × languages', (i) => {
    const s = spread(tenants, i);
    return { host: s.tenant.host, path: `/${s.lang}` };
  });
  const service = await scenario('service page, every request a first render', (i) => {
    const s = spread(tenants, i);
    return { host: s.tenant.host, path: `/${s.lang}/services/${services[i % services.length]}` };
  });
  const visit = residentsMix(tenants, loadCatalogue().services);
  const serviceMix = await scenario("service page, residents' mix (tenants by population, services by need)", (i) => {
    const v = visit(i);
    return { host: v.tenant.host, path: `/${v.lang}/services/${v.service}` };
  });
  const news = await scenario('news page', (i) => {
    const s = spread(tenants, i);
    return { host: s.tenant.host, path: `/${s.lang}/news` };
  });
  await scenario('search page (6 queries)', (i) => {
    const s = spread(tenants, i);
    return { host: s.tenant.host, path: `/${s.lang}/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length] as string)}` };
  });
  await scenario('platform home', (i) => ({ host: settings.platformDomain, path: `/${LOCALES[i % 3]}` }));
  const cookie = await signIn(server, busiest.host, dataset.staff.email, dataset.staff.password);
  await scenario(
    `staff complaint queue of ${busiest.slug} (${busiest.complaints.toLocaleString('en')} complaints), 8 staff`,
    (i) => ({ host: busiest.host, path: `/${LOCALES[i % 3]}/admin/complaints`, headers: { cookie } }),
    8,
  );

  console.log('bench: complaint submissions…');
  const submissions = await submitComplaints(server, tenants);
  loads.push(submissions.result);

  console.log(`bench: ${settings.sustainSeconds} s of mixed load, RSS sampled…`);
  const sampler = sampleRss(server.pid, 2_000);
  const sustained = await runLoad({
    name: `sustained mixed load (home, service, news), ${settings.sustainSeconds} s`,
    port: server.port,
    connections: settings.connections,
    duration: settings.sustainSeconds,
    pid: server.pid,
    next: (i) => {
      const s = spread(tenants, i);
      const path = [`/${s.lang}`, `/${s.lang}/services/${services[i % services.length]}`, `/${s.lang}/news`][i % 3] as string;
      return { host: s.tenant.host, path };
    },
  });
  loads.push(sustained);
  const samples = sampler.stop();
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const mean = (xs: { mb: number }[]) => xs.reduce((n, x) => n + x.mb, 0) / Math.max(1, xs.length);
  const secondQuarter = mean(samples.slice(quarter, 2 * quarter));
  const lastQuarter = mean(samples.slice(-quarter));
  const maxRss = Math.max(...samples.map((s) => s.mb));
  const growth = secondQuarter > 0 ? (lastQuarter - secondQuarter) / secondQuarter : 0;
  facts.push(['server RSS under sustained load (start → 2nd quarter → last quarter, max)', `${mb(samples[0]?.mb ?? 0)} → ${mb(secondQuarter)} → ${mb(lastQuarter)}, max ${mb(maxRss)}`]);
  facts.push(['RSS samples (every 2 s)', samples.map((s) => Math.round(s.mb)).join(' ')]);
  facts.push(['server memory after sustained load (/metrics; /proc smaps)', await memoryText()]);

  // First visit transfer, one home page per language, on the busiest tenant.
  console.log('bench: first-visit transfer sizes…');
  const transfers: Transfer[] = [];
  for (const lang of busiest.locales) transfers.push(await firstVisit(server.port, busiest.host, lang));
  const platformHome = await Promise.all(LOCALES.map((l) => rawGet(server.port, settings.platformDomain, `/${l}`, 'identity')));
  const platformHomeGz = await Promise.all(LOCALES.map((l) => rawGet(server.port, settings.platformDomain, `/${l}`)));
  facts.push(['platform home HTML (ar, fr, zgh; uncompressed / compressed)', platformHome.map((p, i) => `${kb(p.bytes)} / ${kb(platformHomeGz[i]?.bytes ?? 0)}`).join(', ')]);

  // nginx on the same page bytes: the home pages of the first tenants as Jamaa served them, gzipped (both
  // are asked for gzip, as a browser over plain HTTP does; nginx serves the stored .gz with gzip_static).
  let nginxResult: LoadResult | null = null;
  if (settings.nginx) {
    const binary = nginxBinary;
    if (binary) {
      const pages: Record<string, Buffer> = {};
      for (let i = 0; i < 30; i++) {
        const s = spread(tenants, i);
        const got = await rawGet(server.port, s.tenant.host, `/${s.lang}`, 'gzip');
        if (got.status === 200 && got.encoding === 'gzip') pages[`/p${i}/`] = got.body;
      }
      const paths = Object.keys(pages);
      const nginx = await startNginx(binary, settings.nginxPort, pages);
      try {
        console.log('bench: nginx on the same page bytes…');
        nginxResult = await runLoad({ name: `nginx ${binaryVersion(binary)}, the same home pages from disk`, port: settings.nginxPort, connections: settings.connections, duration: settings.seconds, next: (i) => ({ host: '127.0.0.1', path: paths[i % paths.length] as string }) });
        loads.push(nginxResult);
      } finally {
        await nginx.stop();
      }
    } else notes.push('nginx was not available: no comparison in this run.');
  }

  await server.stop();
  const counted = await countSubmissions(dataset, submissions);
  const acked = submissions.acknowledged.size;
  const refusedText = [...submissions.refused].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none';
  facts.push(['submissions acknowledged (201) / refused', `${acked} / ${refusedText}`]);
  facts.push(['acknowledged submissions missing / stored twice / wrong tracking number', `${counted.missing} / ${counted.duplicated} / ${counted.wrongTracking}`]);
  facts.push(['stored but unacknowledged (in flight when the load stopped, or timed out)', String(counted.unacknowledged)]);
  facts.push(['machine load average (1 min) at start / end of the run', `${loadStart.toFixed(1)} / ${os.loadavg()[0]?.toFixed(1)}`]);

  // Targets (issue 14), on this machine.
  const ratio = nginxResult ? home.rps / nginxResult.rps : null;
  targets.push({ what: 'home pages vs nginx on the same bytes', target: '≥ 1/3 of nginx', measured: ratio === null ? 'no nginx' : `${Math.round(home.rps)} vs ${Math.round(nginxResult?.rps ?? 0)} req/s (${(ratio * 100).toFixed(1)} %)`, pass: ratio === null ? null : ratio >= 1 / 3 });
  targets.push({ what: 'server CPU per uncached render (first visits)', target: '< 2 ms', measured: `${(firstVisits.cpuPerRequest ?? 0).toFixed(1)} ms`, pass: (firstVisits.cpuPerRequest ?? Infinity) < 2 });
  const p99Target = pg ? 50 : 200;
  for (const l of [home, service, serviceMix, news]) targets.push({ what: `p99, ${l.name}, ${settings.connections} connections`, target: `< ${p99Target} ms`, measured: `${l.p99} ms`, pass: l.p99 < p99Target });
  targets.push({ what: 'RSS with every tenant active', target: pg ? '< 300 MB' : '< 300 MB (on PostgreSQL)', measured: `${mb(rssAllActive)}, max ${mb(maxRss)} under load`, pass: pg ? Math.max(rssAllActive, maxRss) < 300 : null });
  targets.push({ what: 'RSS level under sustained load', target: 'last quarter within 5 % of the second', measured: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %`, pass: growth < 0.05 });
  for (const tr of transfers) {
    targets.push({ what: `home first visit, ${tr.locale} (total / JS / HTML)`, target: '< 100 KB / < 25 KB / < 15 KB', measured: `${kb(tr.total)} / ${kb(tr.js)} / ${kb(tr.html)}`, pass: tr.total < 100 * 1024 && tr.js < 25 * 1024 && tr.html < 15 * 1024 });
  }
  const lossless = counted.missing === 0 && counted.duplicated === 0 && counted.wrongTracking === 0 && acked > 0;
  targets.push({ what: 'complaint submissions', target: '≥ 500/s, none lost', measured: `${Math.round(submissions.result.rps)}/s, ${acked} acknowledged, ${counted.missing} lost, ${counted.duplicated} twice`, pass: submissions.result.rps >= 500 && lossless });
  targets.push({ what: 'onboarding every commune and arrondissement', target: '< 2 min', measured: `${t.onboardSeconds.toFixed(1)} s`, pass: t.onboardSeconds < 120 });
  const platformBiggest = Math.max(...platformHome.map((p) => p.bytes));
  targets.push({ what: 'platform home does not list every commune', target: 'search and browse (< 50 KB of HTML)', measured: kb(platformBiggest), pass: platformBiggest < 50 * 1024 });

  notes.push('autocannon runs on the same cores as the server (and as PostgreSQL); other work on the machine during the run makes the figures noisy.');
  if (Math.max(loadStart, os.loadavg()[0] ?? 0) > settings.cores) notes.push(`the machine was busy with other work (load average above ${settings.cores}, its core count): these figures understate what it can do alone.`);
  if (!pg) notes.push('PGlite: one connection, requests queue behind it; the RSS target applies to PostgreSQL.');
  const report: Report = {
    database: pg ? `PostgreSQL (${await serverVersion()})` : 'PGlite (embedded)',
    tenants: tenants.length,
    complaints: t.complaints + acked,
    settings: `${settings.connections} connections, ${settings.seconds} s per scenario, ${settings.sustainSeconds} s sustained, ${settings.submitSeconds} s of submissions on ${settings.submitConnections} connections`,
    loads,
    facts,
    transfers,
    targets,
    notes,
  };
  printReport(report);
  if (settings.output) {
    writeMarkdown(settings.output, report);
    console.log(`bench: written to ${settings.output}`);
  }
}

/**
 * `BENCH_ONLY=submissions`: complaint submissions alone on the fresh dataset (to compare one change's CPU per
 * submission, back to back); the table is printed, docs/performance.md is left as it is.
 */
async function submissionsOnly(dataset: Dataset, server: Server, run: { facts: [string, string][]; loadStart: number; pg: boolean }): Promise<void> {
  // A server just started runs its first requests unoptimised (in a full run the page scenarios came first):
  // the same load once, not counted, then the measured one.
  console.log('bench: complaint submissions, warming up (BENCH_ONLY=submissions)…');
  const warmUp = await submitComplaints(server, dataset.tenants);
  warmUp.result.name = `warm-up, not counted: ${warmUp.result.name}`;
  console.log('bench: complaint submissions…');
  const submissions = await submitComplaints(server, dataset.tenants);
  await server.stop();
  const counted = await countSubmissions(dataset, submissions);
  const acked = submissions.acknowledged.size;
  const refusedText = [...submissions.refused].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none';
  run.facts.push(['submissions acknowledged (201) / refused', `${acked} / ${refusedText}`]);
  run.facts.push(['acknowledged submissions missing / stored twice / wrong tracking number', `${counted.missing} / ${counted.duplicated} / ${counted.wrongTracking}`]);
  run.facts.push(['stored but unacknowledged (in flight when the load stopped, or timed out)', String(counted.unacknowledged)]);
  run.facts.push(['machine load average (1 min) at start / end of the run', `${run.loadStart.toFixed(1)} / ${os.loadavg()[0]?.toFixed(1)}`]);
  const lossless = counted.missing === 0 && counted.duplicated === 0 && counted.wrongTracking === 0 && acked > 0;
  printReport({
    database: run.pg ? `PostgreSQL (${await serverVersion()})` : 'PGlite (embedded)',
    tenants: dataset.tenants.length,
    complaints: dataset.timings.complaints + warmUp.acknowledged.size + acked,
    settings: `BENCH_ONLY=submissions: ${settings.submitSeconds} s of submissions on ${settings.submitConnections} connections, after as many to warm up`,
    loads: [warmUp.result, submissions.result],
    facts: run.facts,
    transfers: [],
    targets: [{ what: 'complaint submissions', target: '≥ 500/s, none lost', measured: `${Math.round(submissions.result.rps)}/s, ${acked} acknowledged, ${counted.missing} lost, ${counted.duplicated} twice`, pass: submissions.result.rps >= 500 && lossless }],
    notes: ['a partial run (BENCH_ONLY): docs/performance.md is not written.'],
  });
}

function binaryVersion(binary: string): string {
  try {
    // nginx prints its version on stderr.
    const out = spawnSync(binary, ['-v'], { encoding: 'utf8' });
    return (/nginx\/([\d.]+)/.exec(`${out.stderr}${out.stdout}`)?.[1]) ?? '';
  } catch {
    return '';
  }
}

async function serverVersion(): Promise<string> {
  const pgmod = await import('pg');
  const c = new pgmod.default.Client({ connectionString: settings.databaseUrl as string });
  await c.connect();
  try {
    const r = await c.query<{ server_version: string }>('show server_version');
    return r.rows[0]?.server_version ?? '?';
  } finally {
    await c.end();
  }
}

try {
  await main();
} catch (err) {
  console.error('bench: failed:', err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
