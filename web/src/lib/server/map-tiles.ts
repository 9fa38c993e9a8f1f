// The map tiles proxy behind /map-tiles/{z}/{x}/{y}.png: tiles fetched by the server from the tile service
// (MAP_TILE_URL, OpenStreetMap's by default) and kept in memory, so that a tile many residents look at is
// asked of the tile service once per its expiry, as OpenStreetMap's tile usage policy asks (caching, an
// identifying User-Agent). Each upstream request is bounded (a timeout, a size limit, one request per tile
// at a time, a few tiles at once with a bounded queue, a 503 beyond); a tile that cannot be fetched is a 502 (504 when the service is too slow) and a kept tile past
// its expiry is served rather than nothing while the service fails.

/** The zoom levels OpenStreetMap's standard layer serves. */
export const MAX_ZOOM = 19;

export interface TileProxyOptions {
  /** A URL template with `{z}`, `{x}` and `{y}`. */
  upstream: string;
  /** The cache's memory budget (tile bytes plus a small per-entry overhead); 0: nothing kept. */
  maxBytes: number;
  /** How long an upstream request (answer and body) may take. */
  timeoutMs?: number;
  /** The largest tile accepted from upstream; a bigger answer is refused (502) and not kept. */
  maxTileBytes?: number;
  userAgent: string;
  /** Upstream requests at once; more wait their turn. */
  maxUpstream?: number;
  /** Tiles waiting for an upstream request; beyond, a 503 (many distinct tiles at once is no map reader). */
  maxQueue?: number;
  /** Freshness when the upstream answer says nothing of it. */
  defaultTtlMs?: number;
  /** Freshness is capped at this, whatever upstream says. */
  maxTtlMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A refusal, for the route to answer with SvelteKit's `error(status, …)`. */
export class TileError extends Error {
  readonly status: 400 | 404 | 502 | 503 | 504;
  readonly code: string;
  constructor(status: 400 | 404 | 502 | 503 | 504, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

interface Tile {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** When it stops being fresh (ms since the epoch). */
  readonly expires: number;
}

const ENTRY_OVERHEAD = 256;
const sizeOf = (tile: Tile) => tile.bytes.byteLength + ENTRY_OVERHEAD;

/** Parses `{z}`, `{x}` and `{y}.png` as the route receives them; `null` when they name no tile. */
export function parseTile(z: string, x: string, y: string): { z: number; x: number; y: number } | null {
  const m = /^(\d{1,2})\/(\d{1,7})\/(\d{1,7})(?:\.png)?$/.exec(`${z}/${x}/${y}`);
  if (!m) return null;
  const [zoom, tx, ty] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (zoom > MAX_ZOOM || tx >= 2 ** zoom || ty >= 2 ** zoom) return null;
  return { z: zoom, x: tx, y: ty };
}

/**
 * Freshness from an answer's `Cache-Control` (`s-maxage`, then `max-age`, minus `Age`) or `Expires`;
 * `0` for what must not be kept (`no-store`, `no-cache`, `private`), `null` when it says nothing.
 */
export function freshnessMs(headers: Headers, now: number): number | null {
  const cc = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|[,\s])(no-store|no-cache|private)\b/.test(cc)) return 0;
  const maxAge = /(?:^|[,\s])s-maxage\s*=\s*"?(\d+)/.exec(cc) ?? /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cc);
  if (maxAge) {
    const age = Number(headers.get('age') ?? 0);
    return Math.max(0, Number(maxAge[1]) - (Number.isFinite(age) ? age : 0)) * 1000;
  }
  const expires = headers.get('expires');
  if (expires !== null) {
    const at = Date.parse(expires);
    return Number.isNaN(at) ? 0 : Math.max(0, at - now);
  }
  return null;
}

/** A private copy of the bytes (CONVENTIONS §15: a kept slice of a shared slab would hold the whole slab). */
function ownBytes(chunks: readonly Uint8Array[], length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export class TileProxy {
  readonly #options: Required<Omit<TileProxyOptions, 'fetch' | 'now'>>;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  /** Least recently used first (a Map keeps insertion order; a hit moves its tile to the end). */
  readonly #tiles = new Map<string, Tile>();
  readonly #inFlight = new Map<string, Promise<Tile>>();
  #bytes = 0;
  #upstreamActive = 0;
  readonly #waiting: (() => void)[] = [];
  /** Counters for tests and metrics. */
  readonly stats = { hits: 0, misses: 0, upstreamRequests: 0, evictions: 0 };

  constructor(options: TileProxyOptions) {
    this.#options = {
      timeoutMs: 8000,
      maxTileBytes: 512 * 1024,
      maxUpstream: 6,
      maxQueue: 100,
      defaultTtlMs: 24 * 3600 * 1000,
      maxTtlMs: 30 * 24 * 3600 * 1000,
      ...options,
    };
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
  }

  /** Bytes the cache holds now (tiles and their overhead). */
  get size(): number {
    return this.#bytes;
  }

  get count(): number {
    return this.#tiles.size;
  }

  /** The tile's answer, from the cache when fresh; throws `TileError`. */
  async serve(params: { z: string; x: string; y: string }): Promise<Response> {
    const tile = parseTile(params.z, params.x, params.y);
    if (tile === null) throw new TileError(400, 'BAD_REQUEST', 'no such tile: zoom 0–19, x and y below 2^zoom');
    if (this.#options.upstream === 'off') throw new TileError(404, 'NOT_FOUND', 'map tiles are off');
    const key = `${tile.z}/${tile.x}/${tile.y}`;
    const now = this.#now();
    const kept = this.#tiles.get(key);
    if (kept !== undefined && kept.expires > now) {
      this.stats.hits++;
      this.#tiles.delete(key);
      this.#tiles.set(key, kept);
      return answer(kept, now);
    }
    this.stats.misses++;
    let fetched: Tile;
    try {
      fetched = await this.#fetchOnce(key, tile);
    } catch (e) {
      // A stale tile beats a hole in the map while the service is down; browsers keep it a minute only.
      if (kept !== undefined) return answer({ ...kept, expires: now + 60_000 }, now);
      throw e;
    }
    return answer(fetched, now);
  }

  /** One upstream request per tile at a time: concurrent readers of a missing tile share it. */
  #fetchOnce(key: string, tile: { z: number; x: number; y: number }): Promise<Tile> {
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#fetchTile(key, tile).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fetchTile(key: string, tile: { z: number; x: number; y: number }): Promise<Tile> {
    const { upstream, timeoutMs, maxTileBytes, userAgent } = this.#options;
    const url = upstream.replace('{z}', String(tile.z)).replace('{x}', String(tile.x)).replace('{y}', String(tile.y));
    await this.#turn();
    try {
      return await this.#fetchNow(key, url, timeoutMs, maxTileBytes, userAgent);
    } finally {
      // The slot goes to the next waiting tile, if any, without being counted free in between.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#upstreamActive--;
    }
  }

  /** Takes an upstream slot (the caller frees it), waiting for one; refuses when too many tiles wait already. */
  async #turn(): Promise<void> {
    if (this.#upstreamActive >= this.#options.maxUpstream) {
      if (this.#waiting.length >= this.#options.maxQueue) throw new TileError(503, 'SERVICE_UNAVAILABLE', 'too many tiles asked at once; try again');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      return;
    }
    this.#upstreamActive++;
  }

  async #fetchNow(key: string, url: string, timeoutMs: number, maxTileBytes: number, userAgent: string): Promise<Tile> {
    const signal = AbortSignal.timeout(timeoutMs);
    this.stats.upstreamRequests++;
    let bytes: Buffer;
    let response: Response;
    try {
      response = await this.#fetch(url, { headers: { 'user-agent': userAgent, accept: 'image/png,image/*' }, signal, redirect: 'error' });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new TileError(502, 'BAD_GATEWAY', `the tile service answered ${response.status}`);
      }
      const type = response.headers.get('content-type') ?? 'image/png';
      if (!type.startsWith('image/')) {
        await response.body?.cancel().catch(() => {});
        throw new TileError(502, 'BAD_GATEWAY', 'the tile service answered something other than an image');
      }
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > maxTileBytes) {
        await response.body?.cancel().catch(() => {});
        throw new TileError(502, 'BAD_GATEWAY', 'the tile service answered a tile too large');
      }
      bytes = await readAtMost(response, maxTileBytes);
    } catch (e) {
      if (e instanceof TileError) throw e;
      if (signal.aborted) throw new TileError(504, 'GATEWAY_TIMEOUT', 'the tile service did not answer in time');
      throw new TileError(502, 'BAD_GATEWAY', 'the tile service could not be reached');
    }
    const now = this.#now();
    const fresh = freshnessMs(response.headers, now) ?? this.#options.defaultTtlMs;
    const kept: Tile = {
      bytes,
      contentType: response.headers.get('content-type') ?? 'image/png',
      expires: now + Math.min(fresh, this.#options.maxTtlMs),
    };
    if (fresh > 0) this.#keep(key, kept);
    else this.#drop(key);
    return kept;
  }

  #keep(key: string, tile: Tile): void {
    this.#drop(key);
    if (sizeOf(tile) > this.#options.maxBytes) return;
    this.#tiles.set(key, tile);
    this.#bytes += sizeOf(tile);
    for (const [oldest, old] of this.#tiles) {
      if (this.#bytes <= this.#options.maxBytes) break;
      this.#tiles.delete(oldest);
      this.#bytes -= sizeOf(old);
      this.stats.evictions++;
    }
  }

  #drop(key: string): void {
    const old = this.#tiles.get(key);
    if (old === undefined) return;
    this.#tiles.delete(key);
    this.#bytes -= sizeOf(old);
  }
}

/** The body, refused past `limit` bytes (the stream is cancelled there, not read to its end). */
async function readAtMost(response: Response, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (response.body === null) return Buffer.allocUnsafeSlow(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw new TileError(502, 'BAD_GATEWAY', 'the tile service answered a tile too large');
    }
    chunks.push(value);
  }
  return ownBytes(chunks, length);
}

function answer(tile: Tile, now: number): Response {
  // Browsers keep it as long as it stays fresh here, at most a week.
  const maxAge = Math.max(0, Math.min(604_800, Math.floor((tile.expires - now) / 1000)));
  return new Response(new Uint8Array(tile.bytes), {
    headers: {
      'content-type': tile.contentType,
      'content-length': String(tile.bytes.byteLength),
      'cache-control': `public, max-age=${maxAge}`,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** The proxy as the server runs it, configured from the environment (README, "Configuration"). */
export function tileProxyFromEnv(env: NodeJS.ProcessEnv = process.env): TileProxy {
  const mb = Number(env.MAP_TILE_CACHE_MB ?? 16);
  const site = env.PUBLIC_URL ? `; +${env.PUBLIC_URL}` : '';
  return new TileProxy({
    upstream: env.MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    maxBytes: Number.isFinite(mb) && mb >= 0 ? Math.floor(mb * 1024 * 1024) : 16 * 1024 * 1024,
    userAgent: env.MAP_TILE_USER_AGENT ?? `Jamaa/1 (municipal portal, map tiles proxy${site})`,
  });
}
