import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { createMetrics, labelRoute, withMetrics, type Metrics } from './metrics.ts';

function get(server: Server, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const socket = (remoteAddress: string) => ({ remoteAddress }) as never;

describe.each(DATABASE_KINDS)('Prometheus metrics (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await newTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  const metricsFor = async (allow: string[], token: string | null = null): Promise<Metrics> =>
    createMetrics({ db: await db.serving(), logger: createLogger({ logLevel: 'silent' }), access: { allow, token } });

  it('counts requests by route template (never the path), with durations, pool, mail backlog and event-loop lag', async () => {
    const metrics = await metricsFor(['127.0.0.1/8']);
    const server = createServer(
      withMetrics(metrics, (req, res) => {
        if (req.url?.startsWith('/api/v1/services/')) labelRoute(req, '/api/v1/services/:code');
        res.end('ok');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await get(server, '/api/v1/services/birth-certificate');
      await get(server, '/api/v1/services/residence-certificate');
      await get(server, '/nowhere/secret-token-in-path');
      const { status, body } = await get(server, '/metrics');
      expect(status).toBe(200);
      expect(body).toMatch(/jamaa_http_requests_total\{method="GET",route="\/api\/v1\/services\/:code",status="200",service="jamaa"\} 2/);
      expect(body).toMatch(/jamaa_http_requests_total\{method="GET",route="unmatched",status="200",service="jamaa"\} 1/);
      expect(body).not.toContain('birth-certificate');
      expect(body).not.toContain('secret-token-in-path');
      expect(body).toContain('jamaa_http_request_duration_seconds_bucket');
      expect(body).toMatch(/jamaa_mail_backlog\{service="jamaa"\} 0/);
      expect(body).toContain('nodejs_eventloop_lag_seconds');
      if (kind === 'postgres') expect(body).toMatch(/jamaa_db_pool_connections\{state="total",service="jamaa"\} \d+/);
    } finally {
      server.close();
    }
  });

  it("shows the caches' size and look-ups, the counters growing by what the caches counted between scrapes", async () => {
    const pages = { size: { pages: 3, bytes: 12_345 }, stats: { hits: 10, misses: 4, stored: 3, invalidations: 0 } };
    const reads = { size: 7, stats: { hits: 20, misses: 7 } };
    const metrics = createMetrics({ db: await db.serving(), logger: createLogger({ logLevel: 'silent' }), access: { allow: ['127.0.0.1/8'], token: null }, caches: { pages, reads } });
    let body = await metrics.registry.metrics();
    expect(body).toMatch(/jamaa_page_cache_pages\{service="jamaa"\} 3\n/);
    expect(body).toMatch(/jamaa_page_cache_bytes\{service="jamaa"\} 12345\n/);
    expect(body).toMatch(/jamaa_page_cache_lookups_total\{result="hit",service="jamaa"\} 10\n/);
    expect(body).toMatch(/jamaa_page_cache_lookups_total\{result="miss",service="jamaa"\} 4\n/);
    expect(body).toMatch(/jamaa_public_reads_entries\{service="jamaa"\} 7\n/);
    expect(body).toMatch(/jamaa_public_reads_lookups_total\{result="hit",service="jamaa"\} 20\n/);
    pages.stats.hits = 15;
    pages.size = { pages: 1, bytes: 500 };
    body = await metrics.registry.metrics();
    expect(body).toMatch(/jamaa_page_cache_lookups_total\{result="hit",service="jamaa"\} 15\n/);
    expect(body).toMatch(/jamaa_page_cache_lookups_total\{result="miss",service="jamaa"\} 4\n/);
    expect(body).toMatch(/jamaa_page_cache_bytes\{service="jamaa"\} 500\n/);
  });

  it('answers 403 to an address outside the allow-list, and to a proxied request without the token', async () => {
    const metrics = await metricsFor(['10.0.0.0/8', '::1'], 'a-long-enough-scrape-token');
    expect(metrics.allowed({ headers: {}, socket: socket('10.1.2.3') })).toBe(true);
    expect(metrics.allowed({ headers: {}, socket: socket('::ffff:10.1.2.3') })).toBe(true);
    expect(metrics.allowed({ headers: {}, socket: socket('::1') })).toBe(true);
    expect(metrics.allowed({ headers: {}, socket: socket('192.168.1.1') })).toBe(false);
    expect(metrics.allowed({ headers: { 'x-forwarded-for': '10.0.0.9' }, socket: socket('10.1.2.3') })).toBe(false);
    expect(metrics.allowed({ headers: { authorization: 'Bearer a-long-enough-scrape-token', 'x-forwarded-for': '203.0.113.9' }, socket: socket('203.0.113.1') })).toBe(true);
    expect(metrics.allowed({ headers: { authorization: 'Bearer wrong-token-of-same-len' }, socket: socket('203.0.113.1') })).toBe(false);

    const server = createServer(withMetrics(await metricsFor(['10.0.0.0/8']), (_req, res) => res.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      expect((await get(server, '/metrics')).status).toBe(403);
    } finally {
      server.close();
    }
  });
});
