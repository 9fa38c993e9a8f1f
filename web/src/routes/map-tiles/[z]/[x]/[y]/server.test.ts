// The /map-tiles route as SvelteKit calls it: the proxy configured from the environment, its refusals
// turned into HTTP errors with a code (lib/server/map-tiles.test.ts tests the proxy itself).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('GET /map-tiles/{z}/{x}/{y}.png', () => {
  let server: Server;
  let requests = 0;
  let GET: (event: { params: { z: string; x: string; y: string } }) => Promise<Response>;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=3600' });
      res.end(Buffer.alloc(100, 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.MAP_TILE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
    ({ GET } = (await import('./+server.ts')) as unknown as { GET: typeof GET });
  });
  afterAll(async () => {
    delete process.env.MAP_TILE_URL;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves a tile once from the tile service, then from memory', async () => {
    const first = await GET({ params: { z: '10', x: '500', y: '400.png' } });
    const second = await GET({ params: { z: '10', x: '500', y: '400.png' } });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('content-type')).toBe('image/png');
    expect(requests).toBe(1);
  });

  it('answers 400 BAD_REQUEST for coordinates naming no tile, without asking the tile service', async () => {
    const before = requests;
    const thrown = await GET({ params: { z: '10', x: '5000', y: '400.png' } }).catch((e: unknown) => e);
    expect(isHttpError(thrown) && [thrown.status, thrown.body.code]).toEqual([400, 'BAD_REQUEST']);
    expect(requests).toBe(before);
  });
});
