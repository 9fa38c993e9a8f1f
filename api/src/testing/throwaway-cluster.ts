import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';

/**
 * A PostgreSQL cluster of the test's own (Debian's `pg_createcluster`), on a free port, for tests that
 * stop, restart or kill the database: the shared server on 5432 is never touched. Trust authentication
 * on loopback only; `drop()` stops and removes it.
 */
export interface ThrowawayCluster {
  port: number;
  /** The `postgres` superuser on database `name`. */
  url(name?: string): string;
  restartFast(): void;
  /** Kills every process of the cluster with SIGKILL (a crash), then starts it again (crash recovery). */
  crashAndStart(): void;
  stop(): void;
  start(): void;
  drop(): void;
}

/** Whether this machine can make clusters: Debian's postgresql-common, run as root (CI and sessions are). */
export function canMakeClusters(): boolean {
  return process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v pg_createcluster && command -v pg_ctlcluster'], { stdio: 'ignore' }).status === 0 && installedVersion() !== null;
}

function installedVersion(): string | null {
  try {
    const versions = fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
    return versions.sort((a, b) => Number(b) - Number(a))[0] ?? null;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function ctl(version: string, name: string, action: string, ...extra: string[]): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action, ...extra], { stdio: 'pipe' });
}

export async function createThrowawayCluster(): Promise<ThrowawayCluster> {
  const version = installedVersion();
  if (!version) throw new Error('no PostgreSQL server installed');
  const port = await freePort();
  const name = `jamaa_fault_${port}`;
  execFileSync('pg_createcluster', ['--port', String(port), version, name, '--', '--auth=trust'], { stdio: 'pipe' });
  // Debian's default `listen_addresses` is 'localhost': loopback only.
  // Loopback only, and quick to stop.
  const dataDir = `/var/lib/postgresql/${version}/${name}`;
  const start = () => {
    // After a crash, leftover processes may hold shared memory for a moment: retry a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        ctl(version, name, 'start');
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        spawnSync('sleep', ['0.5']);
      }
    }
  };
  const cluster: ThrowawayCluster = {
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    restartFast: () => ctl(version, name, 'restart', '-m', 'fast'),
    crashAndStart() {
      spawnSync('pkill', ['-9', '-f', `${version}/${name}`]);
      fs.rmSync(`${dataDir}/postmaster.pid`, { force: true });
      start();
    },
    stop: () => ctl(version, name, 'stop', '-m', 'fast'),
    start,
    drop: () => {
      spawnSync('pkill', ['-9', '-f', `${version}/${name}`]);
      spawnSync('pg_dropcluster', ['--stop', version, name], { stdio: 'ignore' });
    },
  };
  try {
    start();
    await waitForServer(cluster.url());
  } catch (err) {
    cluster.drop();
    throw err;
  }
  return cluster;
}

/** Polls until the server accepts a connection (at most `ms`). */
export async function waitForServer(url: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
