// Map tiles for the complaint map, fetched by the server from the tile service and served from the
// site's own origin: the pages' CSP allows images from 'self' only, and residents' browsers do not tell a
// third party where they look. Upstream: MAP_TILE_URL (default OpenStreetMap's, whose usage policy asks
// for a User-Agent and caching, both given here). A tile that cannot be fetched is a 502: the map stays
// usable (a tap still places the point) and the address field is always there.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const UPSTREAM = process.env.MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const TIMEOUT_MS = 8000;

export const GET = (async ({ params }) => {
  const z = Number(params.z);
  const x = Number(params.x);
  const y = Number(params.y.replace(/\.png$/, ''));
  const valid = [z, x, y].every(Number.isInteger) && z >= 0 && z <= 19 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
  if (!valid || !/^\d+(\.png)?$/.test(params.y)) error(404, { code: 'NOT_FOUND', message: 'no such tile' });
  if (UPSTREAM === 'off') error(404, { code: 'NOT_FOUND', message: 'map tiles are off' });
  const url = UPSTREAM.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
  let upstream: Response;
  try {
    upstream = await fetch(url, { headers: { 'user-agent': 'Jamaa municipal portal (map tiles proxy)' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    error(502, { code: 'BAD_GATEWAY', message: 'the tile service did not answer' });
  }
  if (!upstream.ok) error(502, { code: 'BAD_GATEWAY', message: `the tile service answered ${upstream.status}` });
  return new Response(await upstream.arrayBuffer(), {
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'image/png', 'cache-control': 'public, max-age=604800' },
  });
}) satisfies RequestHandler;
