import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { PageCache } from './page-cache.ts';
import type { PublicReadCache } from './public-read-cache.ts';
import { withPlatform } from '../tenancy/unit-of-work.ts';
import { routeLabelOf } from './route-label.ts';

export { labelRoute, routeLabelOf } from './route-label.ts';

/**
 * Prometheus metrics (`GET /metrics`, text exposition format), for a scraper inside the deployment:
 * - `jamaa_http_requests_total{method,route,status}` and `jamaa_http_request_duration_seconds{method,route}`:
 *   every request the Node server answers, labelled by its ROUTE TEMPLATE (the API's pattern, SvelteKit's
 *   route id, `static` for build assets, `unmatched` otherwise), never by path: bounded labels, no tokens;
 * - `jamaa_db_pool_connections{state}`: the PostgreSQL pool (total, idle, waiting for a connection);
 * - `jamaa_mail_backlog`: messages waiting to be sent, every tenant together (a number only);
 * - `jamaa_page_cache_pages`, `jamaa_page_cache_bytes` and `jamaa_page_cache_lookups_total{result}`: the
 *   in-process page cache (its bytes are what `PAGE_CACHE_MB` bounds); `jamaa_public_reads_entries` and
 *   `jamaa_public_reads_lookups_total{result}`: the cache of tenants' public reads beside it;
 * - Node's defaults (`nodejs_eventloop_lag_seconds`, heap, GC, RSS as `process_resident_memory_bytes`).
 *
 * Who may read it: a request straight from an address of `METRICS_ALLOW` (default loopback), or one that
 * carries `Authorization: Bearer <METRICS_TOKEN>`. A request that came through a proxy (X-Forwarded-For or
 * Forwarded present) counts as the proxy's client, not the proxy, so only the token opens it; the edge
 * (Caddy, the ingress) also refuses `/metrics` from outside.
 */
export interface Metrics {
  registry: Registry;
  /** Records one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Whether this request may read the metrics. */
  allowed(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean;
  /** Serves `GET /metrics` on a Node request (403 when not allowed). */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface MetricsAccess {
  /** Addresses and CIDR ranges (IPv4 and IPv6) allowed without a token. */
  allow: readonly string[];
  /** Bearer token that opens `/metrics` from anywhere; null: addresses only. */
  token: string | null;
}

/** The process's caches, when it has them (`PAGE_CACHE_MB=0` turns both off). */
export interface MetricsCaches {
  pages?: { readonly size: PageCache['size']; readonly stats: Lookups };
  reads?: { readonly size: PublicReadCache['size']; readonly stats: Lookups };
}

/** What a cache counts of its look-ups. */
interface Lookups {
  readonly hits: number;
  readonly misses: number;
}

export function createMetrics(deps: { db: Database; logger: Logger; access: MetricsAccess; caches?: MetricsCaches }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'jamaa' });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const requests = new Counter({
    name: 'jamaa_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'jamaa_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (until the last byte was handed to the socket), by route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'jamaa_db_pool_connections',
    help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = deps.db.poolStats?.();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'jamaa_mail_backlog',
    help: 'Mail messages waiting to be sent, all tenants',
    registers: [registry],
    async collect() {
      try {
        const n = await withPlatform(deps.db, async (tx) => {
          const { rows } = await sql<{ n: string }>`select app.mail_backlog() as n`.execute(tx);
          return Number(rows[0]?.n ?? 0);
        });
        this.set(n);
      } catch (err) {
        deps.logger.warn({ err }, 'metrics: mail backlog unreadable');
      }
    },
  });
  registerCacheMetrics(registry, deps.caches ?? {});
  const ranges = deps.access.allow.map(parseRange);
  const token = deps.access.token ? Buffer.from(`Bearer ${deps.access.token}`) : null;

  const allowed: Metrics['allowed'] = (req) => {
    const auth = req.headers.authorization;
    if (token && typeof auth === 'string') {
      const given = Buffer.from(auth);
      if (given.length === token.length && timingSafeEqual(given, token)) return true;
    }
    if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
    const address = req.socket?.remoteAddress;
    return !!address && ranges.some((r) => r !== null && inRange(address, r));
  };

  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
    },
    allowed,
    async serve(req, res) {
      if (!allowed(req)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('Forbidden\n');
        return;
      }
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}

/** Gauges read from the caches at each scrape; their hit and miss counts are counters that only grow. */
function registerCacheMetrics(registry: Registry, caches: MetricsCaches): void {
  const { pages, reads } = caches;
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  if (pages) {
    gauge('jamaa_page_cache_pages', 'Pages the in-process page cache holds', () => pages.size.pages);
    gauge('jamaa_page_cache_bytes', 'Bytes of the pages the in-process page cache holds (every encoding kept)', () => pages.size.bytes);
    lookups(registry, 'jamaa_page_cache_lookups_total', 'Page cache look-ups, by result', pages.stats);
  }
  if (reads) {
    gauge('jamaa_public_reads_entries', "Pieces of tenants' public data the in-process cache holds", () => reads.size);
    lookups(registry, 'jamaa_public_reads_lookups_total', "Look-ups of tenants' public data, by result", reads.stats);
  }
}

function lookups(registry: Registry, name: string, help: string, stats: Lookups): void {
  const seen = { hit: 0, miss: 0 };
  new Counter({
    name,
    help,
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      // The cache counts; the counter takes what it gained since the last scrape.
      for (const [result, now] of [['hit', stats.hits], ['miss', stats.misses]] as const) {
        this.inc({ result }, Math.max(0, now - seen[result]));
        seen[result] = now;
      }
    },
  });
}

/**
 * Wraps a Node request handler: every answered request is counted under its route template (see
 * `labelRoute`), and `GET /metrics` is served. Used by both servers (web/server.ts, api/src/server.ts).
 */
export function withMetrics(metrics: Metrics, handler: (req: IncomingMessage, res: ServerResponse) => void, staticLabel?: (path: string) => boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    res.once('finish', () => {
      const route = routeLabelOf(req) ?? (path === '/metrics' ? '/metrics' : staticLabel?.(path) ? 'static' : 'unmatched');
      metrics.observe(req.method ?? 'GET', route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      metrics.serve(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    handler(req, res);
  };
}

type Range = { v: 4 | 6; bits: bigint; prefix: number };

/** `10.0.0.0/8`, `::1`, `192.168.1.7` → a range; null when unparseable (ignored). */
function parseRange(spec: string): Range | null {
  const [address = '', prefixText] = spec.trim().split('/');
  const v = isIP(address);
  if (v !== 4 && v !== 6) return null;
  const max = v === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { v, bits: toBits(address, v), prefix };
}

function inRange(address: string, range: Range): boolean {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const v = isIP(plain);
  if (v !== range.v) return false;
  const width = BigInt(v === 4 ? 32 : 128);
  const shift = width - BigInt(range.prefix);
  return toBits(plain, v) >> shift === range.bits >> shift;
}

function toBits(address: string, v: 4 | 6): bigint {
  if (v === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  const [head = '', tail] = address.split('::');
  const parse = (s: string) => (s ? s.split(':') : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (groups: string[]) =>
    groups.flatMap((g) => (g.includes('.') ? (() => { const b = toBits(g, 4); return [(b >> 16n).toString(16), (b & 0xffffn).toString(16)]; })() : [g]));
  const hh = expand(h);
  const tt = expand(t);
  const groups = tail === undefined ? hh : [...hh, ...Array(8 - hh.length - tt.length).fill('0'), ...tt];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}
