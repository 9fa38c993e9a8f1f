// The benchmark's knobs, all from the environment, with defaults that finish in about ten minutes on two cores.
import os from 'node:os';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
};

const SCENARIO_SETS = ['submissions'] as const;
export type ScenarioSet = (typeof SCENARIO_SETS)[number];

function parseOnly(raw: string): ScenarioSet | null {
  if (raw === '') return null;
  if (!(SCENARIO_SETS as readonly string[]).includes(raw)) throw new Error(`BENCH_ONLY must be one of ${SCENARIO_SETS.join(', ')}, got ${raw}`);
  return raw as ScenarioSet;
}

export const settings = {
  /** PostgreSQL server to create the benchmark database on (its URL's database is only used to connect). Unset: PGlite. */
  databaseUrl: process.env.DATABASE_URL || null,
  /** Name of the database created (and dropped at the end) on that server. */
  databaseName: process.env.BENCH_DATABASE || 'jamaa_bench',
  /** Complaints seeded in bulk, spread over tenants by population (the largest the busiest). */
  complaints: num('BENCH_COMPLAINTS', 1_000_000),
  /** Seconds of load per page scenario. */
  seconds: num('BENCH_SECONDS', 15),
  /** Seconds of mixed load while the server's memory is sampled. */
  sustainSeconds: num('BENCH_SUSTAIN_SECONDS', 60),
  /** Seconds of complaint submissions. */
  submitSeconds: num('BENCH_SUBMIT_SECONDS', 10),
  connections: num('BENCH_CONNECTIONS', 64),
  /** Connections of the submission scenario. */
  submitConnections: num('BENCH_SUBMIT_CONNECTIONS', 32),
  port: num('BENCH_PORT', 3900),
  nginxPort: num('BENCH_NGINX_PORT', 3901),
  /** 0: skip nginx. */
  nginx: process.env.BENCH_NGINX !== '0',
  /**
   * Run only some scenarios: `submissions` (the dataset, then complaint submissions alone, counted as in a full
   * run). Empty: everything. A partial run prints its table and writes no report.
   */
  only: parseOnly(process.env.BENCH_ONLY ?? ''),
  /** Where the report goes; empty: nowhere. */
  output: process.env.BENCH_OUTPUT ?? 'docs/performance.md',
  /** Keep the database and data directory (for a look afterwards). */
  keep: process.env.BENCH_KEEP === '1',
  platformDomain: 'localhost',
  cores: os.cpus().length,
};

export type Settings = typeof settings;
export const LOCALES = ['ar', 'fr', 'zgh'] as const;
