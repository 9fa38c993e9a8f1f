// The table printed at the end and docs/performance.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load.ts';
import type { Transfer } from './transfer.ts';

export interface Target {
  what: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

export interface Report {
  database: string;
  tenants: number;
  complaints: number;
  settings: string;
  loads: LoadResult[];
  facts: [string, string][];
  transfers: Transfer[];
  targets: Target[];
  notes: string[];
}

const n0 = (v: number) => Math.round(v).toLocaleString('en');
const n1 = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
export const kb = (bytes: number) => `${n1(bytes / 1024)} KB`;

export function printReport(r: Report): void {
  console.log(`\n${r.database}, ${r.tenants} tenants, ${n0(r.complaints)} complaints; ${r.settings}`);
  console.table(
    r.loads.map((l) => ({
      scenario: l.name,
      'req/s': n0(l.rps),
      'p50 ms': l.p50,
      'p99 ms': l.p99,
      'max ms': l.max,
      'CPU ms/req': l.cpuPerRequest === null ? '' : n1(l.cpuPerRequest),
      'RSS after MB': l.rssAfter === null ? '' : n0(l.rssAfter),
      requests: l.requests,
      'errors/non-2xx': `${l.errors}/${l.non2xx}`,
    })),
  );
  console.table(Object.fromEntries(r.facts));
  console.table(r.transfers.map((t) => ({ locale: t.locale, html: kb(t.html), css: kb(t.css), js: kb(t.js), fonts: kb(t.fonts), other: kb(t.other), total: kb(t.total), via: t.via })));
  console.table(r.targets.map((t) => ({ target: t.what, wanted: t.target, measured: t.measured, result: t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL' })));
  for (const note of r.notes) console.log(`note: ${note}`);
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() ? ' (with uncommitted changes)' : '';
    return sha + dirty;
  } catch {
    return 'unknown';
  }
}

const HAND_WRITTEN = '## Notes';

/** Writes the report as Markdown; a `## Notes` section already in the file (written by hand) is kept. */
export function writeMarkdown(file: string, r: Report): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(`\n${HAND_WRITTEN}\n`);
  const kept = at === -1 ? '' : previous.slice(at + 1);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Performance',
    '',
    '`npm run bench` (scripts/bench.ts and scripts/bench/) builds the national dataset and measures it in one run; this',
    'file is written by it (the `## Notes` section at the end is kept from one run to the next).',
    '',
    '- Database: a fresh PostgreSQL database (`jamaa_bench`, dropped at the end) on the server of `DATABASE_URL`; without',
    '  it, PGlite in a temporary directory.',
    '- Tenants: every commune and arrondissement of the registry, onboarded through the operator\'s path (`onboardAll`,',
    '  the operation behind `npm run tenants` and the console), timed.',
    '- Complaints: `BENCH_COMPLAINTS` (1,000,000, the national volume the issue asks for; `100000` for a quicker run) in bulk (INSERT … SELECT',
    '  generate_series), each tenant\'s share proportional to its population; submissions during the run go through the',
    '  public HTTP API, each with an Idempotency-Key as the complaint form sends, and are then counted in the database.',
    '- Load: the production server (`MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 web/server.ts`, one process) driven by autocannon on the',
    '  same machine (the load generator shares the cores); each request for the next tenant host and language, asking for',
    '  gzip as a phone\'s browser does over plain HTTP; nginx serves the same gzipped bytes (`gzip_static`). Service pages',
    '  are measured twice: every request a first render (each tenant in turn, each service in turn), and in a residents\'',
    '  mix (tenants in proportion to their population, services by how often residents need them, a fixed sequence).',
    '- Knobs: `BENCH_SECONDS` (15 per scenario), `BENCH_CONNECTIONS` (64), `BENCH_SUSTAIN_SECONDS` (60),',
    '  `BENCH_SUBMIT_SECONDS` (10), `BENCH_SUBMIT_CONNECTIONS` (32), `BENCH_PORT` (3900), `BENCH_NGINX_PORT` (3901),',
    '  `BENCH_NGINX=0` (skip nginx), `BENCH_DATABASE` (jamaa_bench), `BENCH_KEEP=1` (keep the database), `BENCH_OUTPUT`,',
    '  `BENCH_ONLY=submissions` (the dataset, then complaint submissions alone: the table is printed, this file is not',
    '  written; to compare one change back to back).',
    '',
    `## Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${os.cpus().length} cores (${cpu}), ${n0(os.totalmem() / 1024 ** 3)} GB RAM, Node ${process.versions.node}, ${os.type()} ${os.release()}.`,
    `Commit: ${commit()}. ${r.database}; ${r.tenants} tenants; ${n0(r.complaints)} complaints. ${r.settings}.`,
    '',
    '### Targets',
    '',
    '| target | wanted | measured | result |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.pass === null ? 'n/a' : t.pass ? 'pass' : '**fail**'} |`),
    '',
    '### Load',
    '',
    '| scenario | req/s | p50 | p99 | max | server CPU per request | server RSS after | requests | errors / non-2xx |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.loads.map((l) => `| ${l.name} | ${n0(l.rps)} | ${l.p50} ms | ${l.p99} ms | ${l.max} ms | ${l.cpuPerRequest === null ? '' : `${n1(l.cpuPerRequest)} ms`} | ${l.rssAfter === null ? '' : `${n0(l.rssAfter)} MB`} | ${n0(l.requests)} | ${l.errors} / ${l.non2xx} |`),
    '',
    '### Other figures',
    '',
    '| what | value |',
    '|---|---|',
    ...r.facts.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '### Home page, first visit (compressed: br or gzip as the server chose)',
    '',
    '| language | HTML | CSS | JS | fonts | other | total | resources from |',
    '|---|---|---|---|---|---|---|---|',
    ...r.transfers.map((t) => `| ${t.locale} | ${kb(t.html)} | ${kb(t.css)} | ${kb(t.js)} | ${kb(t.fonts)} | ${kb(t.other)} | ${kb(t.total)} | ${t.via} |`),
    '',
    ...(r.notes.length ? ['### Run notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n${kept ? `\n${kept.trimEnd()}\n` : ''}`);
}
