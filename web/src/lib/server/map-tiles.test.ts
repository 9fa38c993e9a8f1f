import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TileError, TileProxy, freshnessMs, parseTile, tileProxyFromEnv } from './map-tiles.ts';

/** A fake tile service on a local port: answers with `handler`, and records each request it gets. */
async function fakeUpstream(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: { url: string; userAgent: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { requests, server, template: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png` };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A tile of `size` bytes whose content tells which tile it is. */
const png = (url: string, size = 1000) => Buffer.concat([Buffer.from(url), Buffer.alloc(Math.max(0, size - url.length), 7)]);

const tileServer = (headers: Record<string, string> = { 'cache-control': 'max-age=86400' }, size = 1000) =>
  fakeUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', ...headers });
    res.end(png(req.url ?? '', size));
  });

const proxyFor = (template: string, options: Partial<ConstructorParameters<typeof TileProxy>[0]> = {}) =>
  new TileProxy({ upstream: template, maxBytes: 16 * 1024 * 1024, userAgent: 'Jamaa-test/1 (map tiles proxy)', ...options });

async function refusal(promise: Promise<unknown>): Promise<TileError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TileError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('map tiles proxy', () => {
  it('serves a tile from the tile service with an identifying User-Agent, then from its cache without asking again', async () => {
    const upstream = await tileServer();
    const proxy = proxyFor(upstream.template);
    const first = await proxy.serve({ z: '16', x: '31790', y: '25829.png' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 23).toString()).toBe('/tiles/16/31790/25829.p');
    const second = await proxy.serve({ z: '16', x: '31790', y: '25829.png' });
    expect(Buffer.from(await second.arrayBuffer()).subarray(0, 23).toString()).toBe('/tiles/16/31790/25829.p');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.userAgent).toBe('Jamaa-test/1 (map tiles proxy)');
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('asks the tile service again once the tile has expired as it said, and never keeps what it marks no-store', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const upstream = await tileServer({ 'cache-control': 'max-age=60' });
    const proxy = proxyFor(upstream.template, { now: () => now });
    await proxy.serve({ z: '3', x: '1', y: '2.png' });
    now += 30_000;
    await proxy.serve({ z: '3', x: '1', y: '2.png' });
    expect(upstream.requests).toHaveLength(1);
    now += 31_000;
    await proxy.serve({ z: '3', x: '1', y: '2.png' });
    expect(upstream.requests).toHaveLength(2);

    const uncached = await tileServer({ 'cache-control': 'no-store' });
    const proxy2 = proxyFor(uncached.template);
    await proxy2.serve({ z: '3', x: '1', y: '2.png' });
    await proxy2.serve({ z: '3', x: '1', y: '2.png' });
    expect(uncached.requests).toHaveLength(2);
    expect(proxy2.count).toBe(0);
  });

  it('refuses coordinates that name no tile with a 400, without asking the tile service', async () => {
    const upstream = await tileServer();
    const proxy = proxyFor(upstream.template);
    for (const [z, x, y] of [
      ['20', '0', '0.png'],
      ['2', '4', '0.png'],
      ['2', '0', '4.png'],
      ['-1', '0', '0.png'],
      ['1.5', '0', '0.png'],
      ['abc', '0', '0.png'],
      ['3', '1', '2.jpg'],
      ['3', '1', '2.png?x=1'],
      ['3', '0x1', '2.png'],
      ['3', '1', '../../etc/passwd'],
    ] as const) {
      const e = await refusal(proxy.serve({ z, x, y }));
      expect(e.status, `${z}/${x}/${y}`).toBe(400);
    }
    expect(upstream.requests).toHaveLength(0);
    expect(parseTile('19', String(2 ** 19 - 1), `${2 ** 19 - 1}.png`)).toEqual({ z: 19, x: 2 ** 19 - 1, y: 2 ** 19 - 1 });
  });

  it('answers 502 when the tile service is down or fails, and serves tiles again once it is back', async () => {
    const upstream = await tileServer();
    const downTemplate = upstream.template;
    upstream.server.closeAllConnections();
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
    servers.splice(servers.indexOf(upstream.server), 1);
    const proxy = proxyFor(downTemplate);
    const down = await refusal(proxy.serve({ z: '1', x: '0', y: '0.png' }));
    expect(down.status).toBe(502);
    expect(down.code).toBe('BAD_GATEWAY');

    const failing = await fakeUpstream((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('overloaded');
    });
    const proxy2 = proxyFor(failing.template);
    expect((await refusal(proxy2.serve({ z: '1', x: '0', y: '0.png' }))).status).toBe(502);
    // Not an image (a captive portal, an error page with 200): refused and not kept.
    const html = await fakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>');
    });
    const proxy3 = proxyFor(html.template);
    expect((await refusal(proxy3.serve({ z: '1', x: '0', y: '0.png' }))).status).toBe(502);
    expect(proxy3.count).toBe(0);

    const back = await tileServer();
    const recovered = proxyFor(back.template);
    expect((await recovered.serve({ z: '1', x: '0', y: '0.png' })).status).toBe(200);
  });

  it('answers 504 when the tile service does not answer in time', async () => {
    const silent = await fakeUpstream(() => {});
    const proxy = proxyFor(silent.template, { timeoutMs: 200 });
    const e = await refusal(proxy.serve({ z: '1', x: '1', y: '1.png' }));
    expect(e.status).toBe(504);
    expect(e.code).toBe('GATEWAY_TIMEOUT');
  });

  it('refuses a tile larger than the per-tile limit and keeps nothing of it', async () => {
    const upstream = await tileServer({ 'cache-control': 'max-age=86400' }, 300_000);
    const proxy = proxyFor(upstream.template, { maxTileBytes: 100_000 });
    expect((await refusal(proxy.serve({ z: '1', x: '1', y: '1.png' }))).status).toBe(502);
    expect(proxy.count).toBe(0);
    // Sent without a length (chunked): cut off at the limit all the same.
    const chunked = await fakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 1));
      res.end();
    });
    const proxy2 = proxyFor(chunked.template, { maxTileBytes: 100_000 });
    expect((await refusal(proxy2.serve({ z: '1', x: '1', y: '1.png' }))).status).toBe(502);
    expect(proxy2.count).toBe(0);
  });

  it('keeps within its byte budget by dropping the least recently used tiles', async () => {
    const upstream = await tileServer({ 'cache-control': 'max-age=86400' }, 10_000);
    const proxy = proxyFor(upstream.template, { maxBytes: 35_000 });
    for (const x of ['0', '1', '2']) await proxy.serve({ z: '2', x, y: '0.png' });
    expect(proxy.count).toBe(3);
    await proxy.serve({ z: '2', x: '0', y: '0.png' }); // 0 is now the most recently used
    await proxy.serve({ z: '2', x: '3', y: '0.png' }); // over budget: 1 goes
    expect(proxy.size).toBeLessThanOrEqual(35_000);
    expect(proxy.count).toBe(3);
    expect(proxy.stats.evictions).toBe(1);
    expect(upstream.requests).toHaveLength(4);
    await proxy.serve({ z: '2', x: '0', y: '0.png' });
    await proxy.serve({ z: '2', x: '2', y: '0.png' });
    expect(upstream.requests).toHaveLength(4);
    await proxy.serve({ z: '2', x: '1', y: '0.png' });
    expect(upstream.requests).toHaveLength(5);
    expect(upstream.requests.at(-1)?.url).toBe('/tiles/2/1/0.png');
    expect(proxy.size).toBeLessThanOrEqual(35_000);
  });

  it('asks the tile service once for a tile many readers want at the same moment', async () => {
    const upstream = await tileServer();
    const proxy = proxyFor(upstream.template);
    const answers = await Promise.all(Array.from({ length: 5 }, () => proxy.serve({ z: '5', x: '3', y: '4.png' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('asks the tile service for a few tiles at a time, lets some more wait, and refuses beyond with a 503', async () => {
    const held: ServerResponse[] = [];
    const upstream = await fakeUpstream((_req, res) => held.push(res));
    const proxy = proxyFor(upstream.template, { maxUpstream: 2, maxQueue: 1 });
    const asked = ['0', '1', '2'].map((x) => proxy.serve({ z: '2', x, y: '1.png' }));
    await expect.poll(() => upstream.requests.length, { timeout: 30_000 }).toBe(2);
    const refused = await refusal(proxy.serve({ z: '2', x: '3', y: '1.png' }));
    expect([refused.status, refused.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    expect(upstream.requests).toHaveLength(2);
    const release = () => {
      for (const res of held.splice(0)) {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(10, 1));
      }
    };
    release();
    await expect.poll(() => upstream.requests.length, { timeout: 30_000 }).toBe(3);
    release();
    expect((await Promise.all(asked)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('serves a kept tile past its expiry while the tile service fails', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    let up = true;
    const upstream = await fakeUpstream((req, res) => {
      if (!up) {
        res.writeHead(500);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=60' });
      res.end(png(req.url ?? ''));
    });
    const proxy = proxyFor(upstream.template, { now: () => now });
    await proxy.serve({ z: '4', x: '2', y: '2.png' });
    up = false;
    now += 120_000;
    const stale = await proxy.serve({ z: '4', x: '2', y: '2.png' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=60');
    expect(upstream.requests).toHaveLength(2);
  });

  it('reads freshness from Cache-Control (s-maxage first, less Age) or Expires', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(freshnessMs(new Headers({ 'cache-control': 'public, max-age=600' }), now)).toBe(600_000);
    expect(freshnessMs(new Headers({ 'cache-control': 'max-age=600, s-maxage=60' }), now)).toBe(60_000);
    expect(freshnessMs(new Headers({ 'cache-control': 'max-age=600', age: '100' }), now)).toBe(500_000);
    expect(freshnessMs(new Headers({ expires: 'Mon, 07 Dec 2026 11:00:00 GMT' }), now)).toBe(3_600_000);
    expect(freshnessMs(new Headers({ expires: '0' }), now)).toBe(0);
    expect(freshnessMs(new Headers({ 'cache-control': 'no-cache, max-age=600' }), now)).toBe(0);
    expect(freshnessMs(new Headers({}), now)).toBeNull();
  });

  it('is configured from MAP_TILE_URL, MAP_TILE_CACHE_MB and MAP_TILE_USER_AGENT, with an identifying agent by default', async () => {
    const upstream = await tileServer();
    const proxy = tileProxyFromEnv({ MAP_TILE_URL: upstream.template, MAP_TILE_CACHE_MB: '1', PUBLIC_URL: 'https://jamaa.ma' });
    await proxy.serve({ z: '0', x: '0', y: '0.png' });
    expect(upstream.requests[0]?.url).toBe('/tiles/0/0/0.png');
    expect(upstream.requests[0]?.userAgent).toBe('Jamaa/1 (municipal portal, map tiles proxy; +https://jamaa.ma)');
    const off = tileProxyFromEnv({ MAP_TILE_URL: 'off' });
    expect((await refusal(off.serve({ z: '0', x: '0', y: '0.png' }))).status).toBe(404);
  });
});
