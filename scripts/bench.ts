// `npm run bench`: load benchmark of tenant home pages spread over many tenants.
// Builds an embedded database holding the demo tenants plus the first BENCH_COMMUNES communes of the national
// registry (provisioned as onboarding does; it prints how long that took), starts the production server on it, and drives it with autocannon, each request for
// another tenant's host. Prints requests/s and latency percentiles per scenario.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { migrateToLatest, openDatabase } from '@jamaa/api/db/database.ts';
import { createDiskStorage } from '@jamaa/api/files/disk-storage.ts';
import { ensurePlatformTenant, seedDemoTenants } from '@jamaa/api/seed/seed.ts';
import { provisionTenants } from '@jamaa/api/tenancy/provisioning.service.ts';
import { loadRegistry, registrySpec } from '@jamaa/tenants/registry.ts';
import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';

const COMMUNES = Number(process.env.BENCH_COMMUNES ?? 500);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? 3900);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-bench-'));

async function prepare(): Promise<string[]> {
  const db = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
  await migrateToLatest(db);
  // Where the server started below keeps files (JAMAA_DATA_DIR/files).
  const storage = createDiskStorage(path.join(dataDir, 'files'));
  await ensurePlatformTenant(db, storage);
  await seedDemoTenants(db, storage);
  // Communes as the operator's onboarding creates them, through the same provisioning path; the demo
  // communes among them are reported skipped.
  const extra = loadRegistry()
    .communes.slice(0, COMMUNES)
    .map((c) => registrySpec(c));
  const started = performance.now();
  const report = await provisionTenants(db, storage, extra, { actor: null });
  const seconds = (performance.now() - started) / 1000;
  console.log(`bench: provisioned ${report.created.length} communes in ${seconds.toFixed(1)} s (${report.skipped.length} skipped, ${report.refused.length} refused)`);
  await db.close();
  return [...report.created.map((t) => `${t.slug}.localhost`), 'casablanca.localhost', 'anfa.casablanca.localhost', 'tetouan.localhost'];
}

async function startServer(): Promise<() => void> {
  const child = spawn(process.execPath, ['web/server.ts'], {
    env: { ...process.env, PORT: String(PORT), JAMAA_DATA_DIR: dataDir, JAMAA_DEMO: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false);
    if (ok) return () => child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

interface Scenario {
  name: string;
  path: (host: string, i: number) => string;
}

async function run(scenario: Scenario, hosts: string[]) {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        setupRequest: (req) => {
          const host = hosts[i++ % hosts.length] ?? 'localhost';
          return { ...req, path: scenario.path(host, i), headers: { ...req.headers, host: `${host}:${PORT}` } };
        },
      },
    ],
  });
  const non2xx = result.non2xx;
  return {
    scenario: scenario.name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'max ms': result.latency.max,
    requests: result.requests.total,
    errors: result.errors + non2xx,
  };
}

const hosts = await prepare();
console.log(`bench: ${hosts.length} tenant hosts, ${CONNECTIONS} connections, ${DURATION}s per scenario, Node ${process.versions.node}, ${os.cpus().length} cores`);
const stop = await startServer();
const locales = ['ar', 'fr', 'zgh'];
// Searches residents type: without hamza, without accents, in Tifinagh, with a typo.
const queries = ['تصحيح الامضاء', 'legalisation', 'عقد الازدياد', 'permis de construire', 'ⴰⵙⵙⵉⴷⵜ', 'certificat residance'];
const serviceCodes = loadCatalogue().services.map((s) => s.code);
try {
  const scenarios: Scenario[] = [
    { name: 'home page, many tenants, 3 languages', path: (_h, i) => `/${locales[i % 3]}` },
    { name: 'site API, many tenants', path: () => '/api/v1/site' },
    { name: 'home API, many tenants', path: (_h, i) => `/api/v1/site/home?locale=${locales[i % 3]}` },
    { name: 'service search API, many tenants', path: (_h, i) => `/api/v1/services/search?q=${encodeURIComponent(queries[i % queries.length] ?? '')}` },
    { name: 'service detail API, many tenants', path: (_h, i) => `/api/v1/services/${serviceCodes[i % serviceCodes.length]}` },
    { name: 'service page (SSR HTML), many tenants', path: (_h, i) => `/${locales[i % 3]}/services/${serviceCodes[i % serviceCodes.length]}` },
  ];
  const rows = [];
  for (const s of scenarios) rows.push(await run(s, hosts));
  console.table(rows);
} finally {
  stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
