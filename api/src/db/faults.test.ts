import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../seed/seed.ts';
import { canMakeClusters, createThrowawayCluster, freePort, type ThrowawayCluster } from '../testing/throwaway-cluster.ts';

/**
 * The server against a database that goes away: a cluster of this test's own is restarted, stopped and
 * killed (SIGKILL, as in a crash) while the server is under read and write load. The process must live
 * on, answer 503 with Retry-After meanwhile (never 500), log once per outage, come back by itself, and
 * every write it acknowledged must be in the database exactly once.
 */
describe.runIf(canMakeClusters())('the server when PostgreSQL restarts or crashes under load', () => {
  let cluster: ThrowawayCluster;
  let server: ChildProcess;
  let base: string;
  let port: number;
  const logLines: string[] = [];

  beforeAll(async () => {
    cluster = await createThrowawayCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('create database jamaa');
    await admin.end();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'server.ts')], {
      env: { ...process.env, DATABASE_URL: cluster.url('jamaa'), PORT: String(port), HOST: '127.0.0.1', JAMAA_DEMO: 'true', LOG_LEVEL: 'info', SMTP_URL: '', JAMAA_DATA_DIR: '/nonexistent-not-used' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [server.stdout, server.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        logLines.push(...lines);
      });
    }
    await until(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, 180_000, () => `the server never became ready; its last lines:\n${logLines.slice(-15).join('\n')}`);
  }, 240_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    cluster?.drop();
  });

  it('lives on, answers 503 during each outage, recovers by itself and keeps every acknowledged write once', async () => {
    const cookie = await signIn();
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let stop = false;
    let next = 0;
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

    const writer = async () => {
      while (!stop) {
        const key = `fault-${next++}`;
        const res = await request('/api/v1/admin/offices', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', origin: 'http://ben-guerir.localhost' },
          body: JSON.stringify({ key, kind: 'civil_status', names: { fr: `Bureau ${key}` } }),
        });
        if (res) count(res.status);
        if (res?.status === 201) acknowledged.push(key);
        if (!res || res.status === 503) await sleep(100);
      }
    };
    const reader = async () => {
      while (!stop) {
        const res = await request('/api/v1/site/home?locale=fr');
        if (res) count(res.status);
        if (!res || res.status === 503) await sleep(100);
      }
    };
    const load = [writer(), writer(), writer(), reader(), reader()];

    const outages: Array<[string, () => void]> = [
      ['restart -m fast', () => cluster.restartFast()],
      ['crash (SIGKILL) and start', () => cluster.crashAndStart()],
      ['stop, then start after a while', () => cluster.stop()],
      ['crash (SIGKILL) and start again', () => cluster.crashAndStart()],
    ];
    for (const [what, fault] of outages) {
      await until(async () => acknowledged.length > 0 && (statuses.get(200) ?? 0) > 0, 60_000, 'no load got through before the fault');
      const before = acknowledged.length;
      fault();
      if (what.startsWith('stop')) {
        // While the database is down: a clean 503 with Retry-After, in the API's error shape.
        const res = await until(async () => {
          const r = await request('/api/v1/site/home?locale=fr');
          return r?.status === 503 ? r : null;
        }, 30_000, 'no 503 while the database was down');
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect((res.json() as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
        // Asked again on a connection failure: the client's pooled connection may have just been closed by the
        // server's keep-alive timeout ("other side closed"), which says nothing of the server.
        await until(async () => (await fetch(`${base}/readyz`)).status === 503, 10_000, '/readyz did not answer 503 while the database was down');
        await until(async () => (await fetch(`${base}/healthz`)).status === 200, 10_000, '/healthz did not answer 200 while the database was down');
        cluster.start();
      }
      // Back by itself: ready again, and writes go through again.
      await until(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, 60_000, () => `not ready again after: ${what}` + (server.exitCode === null ? '' : ` (the server exited with ${server.exitCode})`));
      await until(async () => acknowledged.length > before, 60_000, `no write acknowledged after: ${what}`);
      expect(server.exitCode, `the server exited after: ${what}`).toBeNull();
    }
    stop = true;
    await Promise.all(load);

    expect(server.exitCode).toBeNull();
    expect(server.signalCode).toBeNull();
    // Never an internal error: only successes, and 503 while the database was away.
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);

    // Every acknowledged write is there exactly once.
    const db = new pg.Client({ connectionString: cluster.url('jamaa') });
    await db.connect();
    const { rows } = await db.query<{ key: string; n: number }>(
      `select o.key, count(*)::int as n from offices o join tenants t on t.id = o.tenant_id
       where t.slug = 'ben-guerir' and o.key like 'fault-%' group by o.key`,
    );
    await db.end();
    const stored = new Map(rows.map((r) => [r.key, r.n]));
    expect(acknowledged.filter((key) => stored.get(key) !== 1)).toEqual([]);

    // Logged once per outage, not once per failed request.
    const downLines = logLines.filter((l) => l.includes('"msg":"database unavailable: answering 503'));
    expect(downLines.length).toBeGreaterThan(0);
    expect(downLines.length, downLines.join('\n')).toBeLessThanOrEqual(outages.length);
    expect(downLines.length).toBeLessThan(statuses.get(503) ?? 0);
  }, 600_000);

  /** Sign in as Ben Guerir's administrator (password only in the demo data) and return the cookie. */
  async function signIn(): Promise<string> {
    const res = await request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://ben-guerir.localhost' },
      body: JSON.stringify({ email: 'admin@ben-guerir.demo.jamaa.ma', password: DEMO_PASSWORD }),
    });
    expect(res?.status).toBe(200);
    const cookie = res?.headers.getSetCookie()[0]?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  /** A request to Ben Guerir's host; null when the connection itself failed (it must not, the server lives). */
  async function request(pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer | null> {
    return new Promise((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: pathname, method: init.method ?? 'GET', headers: { ...init.headers, host: 'ben-guerir.localhost' }, timeout: 60_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
            }
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode ?? 0, headers, json: () => JSON.parse(text) as unknown });
          });
          res.on('error', () => resolve(null));
        },
      );
      req.on('error', () => resolve(null));
      req.on('timeout', () => req.destroy());
      req.end(init.body);
    });
  }
});

interface Answer {
  status: number;
  headers: Headers;
  json(): unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | null | false | undefined>, ms: number, message: string | (() => string)): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(typeof message === 'string' ? message : message());
    await sleep(200);
  }
}
