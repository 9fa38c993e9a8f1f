// Map tiles for the complaint map and the static maps of located items, fetched by the server from the
// tile service and served from the site's own origin: the pages' CSP allows images from 'self' only, and
// residents' browsers do not tell a third party where they look. The proxy (lib/server/map-tiles.ts) keeps
// tiles in memory until their expiry (MAP_TILE_CACHE_MB), as OpenStreetMap's usage policy asks, and bounds
// each upstream request. A tile that cannot be fetched is a 502 (504 when too slow): the map stays usable
// (a tap still places the point) and the address field is always there.
import { error } from '@sveltejs/kit';
import { TileError, tileProxyFromEnv } from '#lib/server/map-tiles.ts';
import type { RequestHandler } from './$types';

const proxy = tileProxyFromEnv();

export const GET = (async ({ params }) => {
  try {
    return await proxy.serve(params);
  } catch (e) {
    if (e instanceof TileError) error(e.status, e.message, { code: e.code });
    throw e;
  }
}) satisfies RequestHandler;
