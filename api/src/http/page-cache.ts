// The in-process cache of anonymous public pages (docs/ARCHITECTURE.md, "Page cache"): the HTML a
// SvelteKit render produced, kept per tenant (id and version), origin, path and query. A page is kept
// gzipped (what every browser accepts: a quarter of the bytes); its brotli form is made once, the first time
// a client asks for it, and the rare client that accepts neither gets it inflated. A warm page costs a map
// look-up and a write.
import { createHash, randomUUID } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { isUuid } from '../shared/uuid.ts';
import { normaliseHost } from '../tenancy/host.ts';
import type { ResolvedTenant, TenantDirectory } from '../tenancy/tenant-directory.ts';
import { sql } from 'kysely';
import { TENANT_CHANGED_CHANNEL, withPlatform, type AnyTx } from '../tenancy/unit-of-work.ts';

/**
 * Announces changes that show on public pages but are no tenant's configuration (offices, contact
 * numbers, catalogue offerings, site texts…): page caches listen here as well as on
 * `jamaa_tenant_changed`, and the host cache (TenantDirectory) is not disturbed by them.
 */
export const PAGES_CHANGED_CHANNEL = 'jamaa_pages_changed';
/** Payload meaning "anything may have changed": every page is dropped. */
export const ALL_PAGES = 'batch';

/** What the cache needs of a request (the hook and the Node server both fill it). */
export interface PageRequest {
  method: string;
  /** The Host header as received. */
  host: string;
  /** `http:` or `https:`, as the page is made for (links in it carry the origin). */
  protocol: 'http:' | 'https:';
  pathname: string;
  /** `?…` or the empty string. */
  search: string;
  cookie: string | null | undefined;
  acceptEncoding: string | null | undefined;
  ifNoneMatch: string | null | undefined;
  requestId?: string | null | undefined;
}

/** The tenant a page or a read is for, and the generations of its chain it was made under. */
export interface Generations {
  readonly resolved: ResolvedTenant;
  /** The tenants whose changes drop it: the tenant, its commune, the platform. */
  readonly deps: readonly string[];
  /** Their generations when it was made, in the order of `deps`. */
  readonly gens: readonly number[];
  readonly global: number;
}

/** A cacheable request, read before the page is made: the key and the generations it was made under. */
export interface PageTicket extends Generations {
  readonly key: string;
  readonly startedAt: number;
}

/** What a read of a tenant's public data was made under (`PageCache.stamp`). */
export interface ReadStamp extends Generations {
  /** The tenant's and its ancestors' ids and versions. */
  readonly key: string;
}

interface CachedPage {
  readonly headers: HeaderList;
  readonly etag: string;
  readonly route: string | null;
  /** The page, gzipped when kept. */
  readonly gzip: Buffer;
  /** Its brotli form, made on the first request that accepts it. */
  readonly br: Buffer | null;
  readonly deps: readonly string[];
  readonly gens: readonly number[];
  readonly global: number;
  readonly expires: number;
}

/** An answer from the cache, ready to write (a Node response or a fetch `Response`). */
export interface CachedAnswer {
  status: 200 | 304;
  headers: [string, string][];
  body: Buffer | null;
  /** SvelteKit's route id of the page, for logs and metrics. */
  route: string | null;
}

export interface PageCacheOptions {
  db: Database;
  directory: Pick<TenantDirectory, 'resolve'>;
  logger: Logger;
  /** When the tenant's pages next change without a write (content.service.ts `nextPublicChange`). */
  nextChange: (resolved: ResolvedTenant, now: Date) => Promise<Date | null>;
  clock?: () => number;
  /** Bytes kept, counting both encodings of each page (LRU beyond). */
  maxBytes?: number;
  /** A safety net for a lost notification: no page is kept longer. */
  ttlMs?: number;
  /**
   * With a read replica, a page made just after a change may have read the replica before it caught up:
   * such pages expire this long after the change (0: no replica).
   */
  replicaLagMs?: number;
}

/** Response headers never kept with a page: per request, per answer, or made again when served. */
const DROPPED = new Set(['set-cookie', 'x-request-id', 'content-length', 'content-encoding', 'etag', 'vary', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
const VARY = 'Accept-Language, Accept-Encoding';
/** The cache counts as full within this much of its budget (a page is a few KiB compressed, rarely 32). */
const FULL_MARGIN = 64 * 1024;
const ADMIN_SEGMENT = /(^|\/)admin(\/|$)/;

/** A weak ETag of a page's body (the same whether the page came from the cache or not). */
export function pageEtag(body: string | Uint8Array): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** `br`, `gzip` or `identity`: the best encoding the client accepts (q=0 refuses one). */
export function pickEncoding(header: string | null | undefined): 'br' | 'gzip' | 'identity' {
  if (!header) return 'identity';
  let br = false;
  let gzip = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) <= 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip') gzip = true;
    else if (name === '*') br = gzip = true;
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity';
}

/**
 * Anonymous public pages, kept in memory per process. A page is found only for an anonymous GET/HEAD
 * (no cookie at all) on an active tenant's host, and kept only when the page's route allows it (the
 * caller decides), the answer is a 200 HTML page without `Set-Cookie`. Invalidation:
 * - every tenant change and every public-content or configuration write is announced on
 *   `jamaa_tenant_changed` or `jamaa_pages_changed` with the tenant's id (or `batch`) inside or right
 *   after the writing transaction; every process listens and bumps that tenant's generation (and its
 *   parent's: a commune's pages list its arrondissements). A page made under an older generation of
 *   its tenant, any ancestor, or the whole cache is never served again;
 * - the key carries the version of the tenant and of each ancestor (bumped by every configuration change);
 * - a page expires at the next scheduled change of its tenant's content (publication, a notice's expiry,
 *   a session's date), and after `ttlMs` in any case;
 * - while the listening connection is lost nothing is served from or kept in the cache.
 */
export class PageCache {
  readonly #db: Database;
  readonly #directory: Pick<TenantDirectory, 'resolve'>;
  readonly #logger: Logger;
  readonly #nextChange: PageCacheOptions['nextChange'];
  readonly #clock: () => number;
  readonly #ttl: number;
  readonly #replicaLag: number;
  readonly #pages: LRUCache<string, CachedPage>;
  /** Generation per tenant id ('*': any tenant, what the platform's own pages depend on). */
  readonly #gens = new Map<string, number>();
  readonly #changedAt = new Map<string, number>();
  /** Parents of the tenants seen, to bump a commune when one of its arrondissements changes. */
  readonly #parents = new Map<string, string | null>();
  /** The next scheduled change per tenant and generation (one query per tenant and change). */
  readonly #boundaries = new Map<string, Promise<number | null>>();
  #global = 0;
  #globalChangedAt = 0;
  #listening = false;
  #unlisten: (() => Promise<void>)[] = [];
  /** Pages being made now, by key: who asks for one meanwhile waits for it instead of making it too. */
  readonly #making = new Map<string, Promise<void>>();
  /** Pages of one item among many made lately (their keys' hashes): once full, only those asked for before are kept. */
  readonly #askedBefore = new Doorkeeper();
  readonly stats = { hits: 0, misses: 0, stored: 0, invalidations: 0, followed: 0, declined: 0 };

  constructor(options: PageCacheOptions) {
    this.#db = options.db;
    this.#directory = options.directory;
    this.#logger = options.logger;
    this.#nextChange = options.nextChange;
    this.#clock = options.clock ?? Date.now;
    this.#ttl = options.ttlMs ?? 5 * 60_000;
    this.#replicaLag = options.replicaLagMs ?? 0;
    this.#pages = new LRUCache<string, CachedPage>({
      maxSize: options.maxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: pageSize,
    });
  }

  /** Starts listening to both channels. Until then (and after `stop()`) nothing is cached. */
  async start(): Promise<void> {
    for (const channel of [TENANT_CHANGED_CHANNEL, PAGES_CHANGED_CHANNEL]) {
      this.#unlisten.push(
        await this.#db.listen(channel, (payload) => this.changed(payload), {
          onLost: () => {
            this.#listening = false;
            this.changed(ALL_PAGES);
          },
          onReconnect: () => {
            this.changed(ALL_PAGES);
            this.#listening = true;
          },
        }),
      );
    }
    this.#listening = true;
  }

  async stop(): Promise<void> {
    this.#listening = false;
    const unlisten = this.#unlisten;
    this.#unlisten = [];
    await Promise.all(unlisten.map((u) => u()));
    this.#pages.clear();
  }

  /** Pages held and their bytes (the three encodings), for metrics and tests. */
  get size(): { pages: number; bytes: number } {
    return { pages: this.#pages.size, bytes: this.#pages.calculatedSize };
  }

  /**
   * A tenant's pages (payload: its id) or every page (`batch`, or anything else) are out of date. Also
   * called in-process right after a write, so the writer's own next request never waits for the
   * notification.
   */
  changed(payload: string): void {
    this.stats.invalidations++;
    const now = this.#clock();
    if (!isUuid(payload)) {
      this.#global++;
      this.#globalChangedAt = now;
      this.#boundaries.clear();
      return;
    }
    this.#bump(payload, now);
    this.#bump('*', now);
    const parent = this.#parents.get(payload);
    if (parent) this.#bump(parent, now);
    else if (parent === undefined) {
      // A tenant never seen here: its commune's pages may still list it.
      void withPlatform(this.#db, (tx) => parentIdOf(tx, payload)).then(
        (id) => (id ? this.#bump(id, this.#clock()) : undefined),
        () => this.changed(ALL_PAGES),
      );
    }
  }

  #bump(id: string, now: number): void {
    this.#gens.set(id, (this.#gens.get(id) ?? 0) + 1);
    this.#changedAt.set(id, now);
  }

  /**
   * The cache's view of a request: null when it must be made afresh and not kept (a cookie, a method
   * other than GET/HEAD, the console, a host that is no active tenant's, the listener away).
   */
  async ticket(req: PageRequest): Promise<PageTicket | null> {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !this.#listening) return null;
    // Any cookie: the page may be someone's (a session); such requests are made afresh.
    if (req.cookie) return null;
    if (ADMIN_SEGMENT.test(req.pathname)) return null;
    const host = normaliseHost(req.host);
    if (!host) return null;
    const resolved = await this.#directory.resolve(host);
    if (!resolved || resolved.tenant.status !== 'active') return null;
    const deps = this.#depsOf(resolved);
    return {
      key: `${versionsOf(resolved)}|${req.protocol}//${req.host.toLowerCase()}|${req.pathname}${req.search}`,
      resolved,
      deps,
      gens: deps.map((d) => this.#gens.get(d) ?? 0),
      global: this.#global,
      startedAt: this.#clock(),
    };
  }

  /** The generations a tenant's pages depend on: its own, its ancestors' and, for the platform, any tenant's. */
  #depsOf(resolved: ResolvedTenant): string[] {
    const chain = [resolved.tenant, ...resolved.ancestors];
    const deps = chain.map((t) => t.id);
    if (resolved.tenant.kind === 'platform') deps.push('*');
    // Only an arrondissement's parent (its commune) is bumped with it: the platform's pages depend on '*'.
    for (const t of chain) if (!this.#parents.has(t.id)) this.#parents.set(t.id, t.kind === 'arrondissement' ? t.parent_id : null);
    if (this.#parents.size > 100_000) this.#parents.clear();
    return deps;
  }

  /**
   * For the other in-process cache of public reads (http/public-read-cache.ts), which is dropped by the
   * same changes: the generations a read of this tenant's data is made under. Null when nothing read now
   * may be kept: the listener is away, or a read replica may not have caught up with a recent change.
   */
  stamp(resolved: ResolvedTenant): ReadStamp | null {
    if (!this.#listening) return null;
    const deps = this.#depsOf(resolved);
    if (this.#replicaLag > 0) {
      const changed = Math.max(this.#globalChangedAt, ...deps.map((d) => this.#changedAt.get(d) ?? 0));
      if (this.#clock() - changed < this.#replicaLag) return null;
    }
    return { resolved, key: versionsOf(resolved), deps, gens: deps.map((d) => this.#gens.get(d) ?? 0), global: this.#global };
  }

  /** Whether what was read under `stamp` is still what a read now would give (no change announced since). */
  isCurrent(stamp: ReadStamp): boolean {
    return this.#listening && this.#current({ ...stamp, expires: Infinity });
  }

  /** When the tenant's public data next changes with no write (a publication, an expiry), as for pages. */
  nextChangeOf(stamp: ReadStamp): Promise<number | null> {
    return this.#boundary(stamp);
  }

  /**
   * For a read about to begin under `stamp` that can learn the tenant's next scheduled change in its own
   * unit of work (the banner's: content.service.ts), saving the unit `nextChange` would run: when nothing is
   * known for these generations yet, a function to hand over what that read will find, else null. What it
   * is given stands for these generations as `nextChange` would have (a read's failure counts as unknown:
   * kept for a minute; `undefined`, the read did not say: `nextChange` is asked after all).
   */
  offerNextChange(stamp: ReadStamp): ((next: Promise<Date | null | undefined>) => void) | null {
    const key = this.#boundaryKey(stamp);
    if (this.#boundaries.has(key)) return null;
    return (next) => {
      if (this.#boundaries.has(key)) return;
      const now = this.#clock();
      this.#remember(key, next.then((d) => (d === undefined ? this.#nextChange(stamp.resolved, new Date(now)) : d)), now);
    };
  }

  /** The kept page for this ticket, answered for this request (304 when the client has it), or null. */
  get(ticket: PageTicket, req: PageRequest): CachedAnswer | null {
    const page = this.#pages.get(ticket.key);
    if (!page) {
      this.stats.misses++;
      return null;
    }
    if (!this.#current(page)) {
      this.#pages.delete(ticket.key);
      this.stats.misses++;
      return null;
    }
    this.stats.hits++;
    return this.#answer(ticket, page, req, 'hit');
  }

  /**
   * Called by a request about to make the page for `ticket` (a miss), so that a page many ask for at
   * once (a popular page after its tenant published, a shared link) is made once, not once per request.
   * When another request is already making it, `following` settles once that one is done: `get` then has
   * the page, unless its maker kept nothing (an error, a change of the tenant meanwhile) and the caller
   * makes its own. Otherwise this request is the maker: `done()` (after `put`, or when no page was made)
   * lets the followers go. Decided synchronously, so no two requests both lead.
   */
  make(ticket: PageTicket): { following: Promise<void> | null; done(): void } {
    const other = this.#making.get(ticket.key);
    if (other) {
      this.stats.followed++;
      return { following: other, done: () => {} };
    }
    let settle = () => {};
    const making = new Promise<void>((resolve) => (settle = resolve));
    this.#making.set(ticket.key, making);
    return {
      following: null,
      done: () => {
        if (this.#making.get(ticket.key) === making) this.#making.delete(ticket.key);
        settle();
      },
    };
  }

  /**
   * The page just kept for this ticket (`put` said true), answered for the request that made it: from the
   * kept, already compressed bytes, so that they are not compressed a second time on their way out.
   */
  stored(ticket: PageTicket, req: PageRequest): CachedAnswer | null {
    const page = this.#pages.get(ticket.key);
    return page ? this.#answer(ticket, page, req, 'stored') : null;
  }

  #answer(ticket: PageTicket, page: CachedPage, req: PageRequest, how: 'hit' | 'stored'): CachedAnswer {
    const encoding = pickEncoding(req.acceptEncoding);
    if (encoding !== 'br' || page.br !== null || req.ifNoneMatch === page.etag) return answer(page, req, encoding, how);
    const encoded: CachedPage = { ...page, br: encode(gunzipSync(page.gzip), 'br') };
    this.#pages.set(ticket.key, encoded);
    return answer(encoded, req, encoding, how);
  }

  #current(page: Pick<CachedPage, 'deps' | 'gens' | 'global' | 'expires'>): boolean {
    if (page.global !== this.#global || page.expires <= this.#clock()) return false;
    for (let i = 0; i < page.deps.length; i++) if ((this.#gens.get(page.deps[i] as string) ?? 0) !== page.gens[i]) return false;
    return true;
  }

  /**
   * Keeps a page made for `ticket`: only a 200 HTML answer without `Set-Cookie` or `no-store`. A page
   * whose tenant changed while it was being made is not kept (its generations are already old).
   */
  async put(
    ticket: PageTicket,
    response: {
      status: number;
      headers: Headers;
      body: string | Uint8Array;
      route: string | null;
      etag?: string;
      /**
       * A page of one item among many (a service of the catalogue, a news item, a council session): most are
       * asked for once in a while, so once the cache is full such a page is kept only when asked for before.
       */
      oneOfMany?: boolean;
    },
  ): Promise<boolean> {
    const h = response.headers;
    if (response.status !== 200 || !(h.get('content-type') ?? '').startsWith('text/html')) return false;
    if (h.has('set-cookie') || /no-store|private/.test(h.get('cache-control') ?? '')) return false;
    // Admission: while there is room every page is kept; once the cache is full, a page of one item among
    // many made for the first time lately (a resident's one visit to one service of a small commune) is not,
    // so that such pages cannot push out the pages many ask for (home and news pages); asked for a second
    // time, it is kept. Decided before the page is compressed: the caller compresses a page not kept for its
    // client alone.
    if (response.oneOfMany && !this.#askedBefore.add(ticket.key) && this.#pages.calculatedSize > this.#pages.maxSize - FULL_MARGIN) {
      this.stats.declined++;
      return false;
    }
    const boundary = await this.#boundary(ticket);
    const now = this.#clock();
    let expires = Math.min(ticket.startedAt + this.#ttl, boundary ?? Infinity);
    if (this.#replicaLag > 0) {
      const changed = Math.max(this.#globalChangedAt, ...ticket.deps.map((d) => this.#changedAt.get(d) ?? 0));
      if (now - changed < this.#replicaLag) expires = Math.min(expires, changed + this.#replicaLag);
    }
    const page: CachedPage = {
      headers: internHeaders([...h].filter(([name]) => !DROPPED.has(name))),
      etag: response.etag ?? pageEtag(response.body),
      route: response.route,
      gzip: encode(typeof response.body === 'string' ? Buffer.from(response.body) : response.body, 'gzip'),
      br: null,
      deps: ticket.deps,
      gens: ticket.gens,
      global: ticket.global,
      expires,
    };
    if (!this.#listening || !this.#current(page)) return false;
    this.#pages.set(ticket.key, page);
    this.stats.stored++;
    return true;
  }

  #boundaryKey(ticket: Generations): string {
    const memo = `${this.#global}|${ticket.deps.map((d, i) => `${d}:${ticket.gens[i]}`).join(',')}|${ticket.resolved.tenant.version}`;
    return `${ticket.resolved.tenant.id}|${memo}`;
  }

  #boundary(ticket: Generations): Promise<number | null> {
    const key = this.#boundaryKey(ticket);
    const known = this.#boundaries.get(key);
    const now = this.#clock();
    if (known) {
      return known.then((at) => (at !== null && at <= now ? this.#fresh(key, ticket, now) : at));
    }
    return this.#fresh(key, ticket, now);
  }

  #fresh(key: string, ticket: Pick<Generations, 'resolved'>, now: number): Promise<number | null> {
    return this.#remember(key, this.#nextChange(ticket.resolved, new Date(now)), now);
  }

  #remember(key: string, next: Promise<Date | null>, now: number): Promise<number | null> {
    if (this.#boundaries.size > 50_000) this.#boundaries.clear();
    const value = next.then(
      (d) => (d ? d.getTime() : null),
      (err: unknown) => {
        if (this.#boundaries.get(key) === value) this.#boundaries.delete(key);
        this.#logger.warn({ err }, 'page cache: next content change unknown; page kept for a minute');
        return now + 60_000;
      },
    );
    this.#boundaries.set(key, value);
    return value;
  }
}

/** What a kept page counts against the budget: its compressed bytes and about what its objects take. */
function pageSize(p: Pick<CachedPage, 'gzip' | 'br'>): number {
  return p.gzip.length + (p.br?.length ?? 0) + 512;
}

/**
 * The keys asked for lately, in fixed memory (a Bloom filter of 2^20 bits, 128 KiB, three probes): `add`
 * says whether a key was already there, and is wrong the other way (yes for a key never added) for about 2 %
 * of keys at its fullest. After 100,000 keys it starts afresh, so "lately" is the last 100,000 pages made:
 * at 300 first renders a second, about five minutes.
 */
class Doorkeeper {
  static readonly BITS = 1 << 20;
  static readonly CAPACITY = 100_000;
  readonly #bits = new Uint8Array(Doorkeeper.BITS >>> 3);
  #count = 0;

  add(key: string): boolean {
    // Two 32-bit hashes of the key (FNV-1a, and FNV-1a from another offset with a shift mixed in), combined
    // for three probes.
    let h1 = 0x811c9dc5;
    let h2 = 0x050c5d1f;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
    }
    let present = true;
    for (let k = 0; k < 3; k++) {
      const bit = (h1 + Math.imul(k, h2 | 1)) & (Doorkeeper.BITS - 1);
      const byte = bit >>> 3;
      const mask = 1 << (bit & 7);
      const held = this.#bits[byte] ?? 0;
      if ((held & mask) === 0) {
        present = false;
        this.#bits[byte] = held | mask;
      }
    }
    if (!present && ++this.#count >= Doorkeeper.CAPACITY) {
      this.#bits.fill(0);
      this.#count = 0;
    }
    return present;
  }
}

/** The tenant's and its ancestors' configuration versions: a key part that changes with their configuration. */
function versionsOf(resolved: ResolvedTenant): string {
  return [resolved.tenant, ...resolved.ancestors].map((t) => `${t.id}:${t.version}`).join(',');
}

/** An arrondissement's commune (null for any other tenant, or none). */
async function parentIdOf(tx: AnyTx, id: string): Promise<string | null> {
  const row = await tx.selectFrom('tenants').select(['parent_id', 'kind']).where('id', '=', id).executeTakeFirst();
  return row?.kind === 'arrondissement' ? row.parent_id : null;
}

/**
 * Bytes kept for minutes, in memory of their own. Node (24) carves buffers under 32 KiB — every compressed
 * page — out of shared 64 KiB slabs: one kept page would hold its whole slab, and the cache would use two to
 * three times the bytes it counts (measured: 147 MB of slabs for 2,347 pages).
 */
function ownBytes(body: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafeSlow(body.byteLength);
  bytes.set(body);
  return bytes;
}

/**
 * A page's compressed form, kept or sent once (web's `compressedAtOnce`). Brotli at quality 5, not the maximum: on a 30 KB page it is within a few per
 * cent of quality 10's size at a tenth of its CPU (≈0.5 ms against ≈5–15 ms), which a page read by few
 * residents, as most of 1,544 tenants' pages are, never earns back.
 */
export function compressPage(body: Uint8Array, encoding: 'br' | 'gzip'): Buffer<ArrayBuffer> {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 6 });
}

/** A page's compressed form, to keep (`compressPage` in memory of its own). */
function encode(body: Uint8Array, encoding: 'br' | 'gzip'): Buffer {
  return ownBytes(compressPage(body, encoding));
}

/**
 * Header lists shared by the pages that carry the same one (nearly every page carries the same security
 * policy, cache policy, content type…): one frozen list instead of a list and a pair per header for each
 * kept page. Measured in heap snapshots after the bench's sequence (≈10,250 kept pages): the objects the
 * cache holds beside the pages' bytes went from 1.49 to 0.92 KB a page. `answer` copies the list it sends.
 */
type HeaderList = readonly (readonly [string, string])[];
const internedHeaders = new Map<string, HeaderList>();
function internHeaders(list: [string, string][]): HeaderList {
  const key = JSON.stringify(list);
  const known = internedHeaders.get(key);
  if (known !== undefined) return known;
  if (internedHeaders.size >= 1_000) internedHeaders.clear();
  const shared: HeaderList = Object.freeze(list.map((pair) => Object.freeze(pair)));
  internedHeaders.set(key, shared);
  return shared;
}

function answer(page: CachedPage, req: PageRequest, encoding: 'br' | 'gzip' | 'identity', how: 'hit' | 'stored'): CachedAnswer {
  const headers: [string, string][] = page.headers.map(([n, v]) => [n, v]);
  headers.push(['etag', page.etag], ['vary', VARY], ['x-request-id', req.requestId || randomUUID()], ['x-page-cache', how]);
  if (req.ifNoneMatch === page.etag) return { status: 304, headers, body: null, route: page.route };
  const compressed = encoding === 'identity' ? null : page[encoding];
  // A client that takes no compression (a script, a crawler) is rare: it gets the page inflated.
  const body = compressed ?? gunzipSync(page.gzip);
  if (compressed) headers.push(['content-encoding', encoding]);
  headers.push(['content-length', String(body.length)]);
  return { status: 200, headers, body: req.method === 'HEAD' ? null : body, route: page.route };
}

/** Tells every process (and this one, through `local`) that a tenant's public pages changed. */
export async function announcePagesChanged(db: Database, tenantIdOrAll: string, local?: Pick<PageCache, 'changed'>): Promise<void> {
  local?.changed(tenantIdOrAll);
  await withPlatform(db, (tx) => sql`select pg_notify(${PAGES_CHANGED_CHANNEL}, ${tenantIdOrAll})`.execute(tx));
}
