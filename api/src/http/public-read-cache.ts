// The in-process cache of a tenant's public data (docs/ARCHITECTURE.md, "Page cache"): what the public
// pages read of a tenant that only a write changes (its offices, contact numbers, merged catalogue) or
// that changes at a known time (the notices in force). A page the page cache does not hold (a first
// visit of one service page among 1,544 tenants × 3 languages × the catalogue) is then rendered with no
// round trip to the database when another page of the same tenant was read before.
//
// It is dropped by exactly what drops the tenant's pages: the generations of the page cache (every staff
// write, tenant change or catalogue publication, in every process through `jamaa_pages_changed` and
// `jamaa_tenant_changed`), the tenant's configuration version, the next scheduled change of its content,
// and the page cache's safety TTL. Nothing is kept while the listener is away.
import { LRUCache } from 'lru-cache';
import type { PageCache, ReadStamp } from './page-cache.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import type { ReadWanted, Remember, RememberOptions } from '../shared/remember.ts';

/** The page cache, whose generations and next scheduled changes the reads share. */
type Source = Pick<PageCache, 'stamp' | 'isCurrent' | 'nextChangeOf'> & Partial<Pick<PageCache, 'offerNextChange'>>;

interface Entry {
  readonly value: Promise<unknown>;
  readonly stamp: ReadStamp;
  /** Milliseconds since the epoch; the safety TTL, or the next scheduled change. */
  expires: number;
}

export interface PublicReadCacheOptions {
  /** Pieces kept (LRU beyond): a tenant has a handful. */
  maxEntries?: number;
  /** A safety net for a lost notification, as the page cache's. */
  ttlMs?: number;
  clock?: () => number;
}

export class PublicReadCache {
  readonly #source: Source;
  readonly #entries: LRUCache<string, Entry>;
  readonly #ttl: number;
  readonly #clock: () => number;
  readonly stats = { hits: 0, misses: 0 };

  constructor(source: Source, options: PublicReadCacheOptions = {}) {
    this.#source = source;
    this.#entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 20_000 });
    this.#ttl = options.ttlMs ?? 5 * 60_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** The `Remember` of one tenant, for the services its request calls. */
  for(resolved: ResolvedTenant): Remember {
    return Object.assign(<T>(what: string, load: (wanted: ReadWanted) => Promise<T>, options?: RememberOptions<T>) => this.read(resolved, what, load, options), {
      shared: <T>(what: string, load: () => Promise<T>) => this.readShared(resolved, what, load),
    });
  }

  /**
   * A piece the same for every tenant (`Remember.shared`): kept under the whole cache's generation only, so
   * any change announced for every tenant (a catalogue publication) drops it, as it drops every page. Read
   * for `resolved`'s request: kept only when its reads may be (the listener there, no replica lag).
   */
  readShared<T>(resolved: ResolvedTenant, what: string, load: () => Promise<T>): Promise<T> {
    const stamp = this.#source.stamp(resolved);
    if (!stamp) return load();
    return this.#keep(`*|${what}`, { ...stamp, key: '*', deps: [], gens: [] }, () => load(), {});
  }

  read<T>(resolved: ResolvedTenant, what: string, load: (wanted: ReadWanted) => Promise<T>, options: RememberOptions<T> = {}): Promise<T> {
    const stamp = this.#source.stamp(resolved);
    if (!stamp) return load({});
    return this.#keep(`${what}|${stamp.key}`, stamp, load, options);
  }

  #keep<T>(key: string, stamp: ReadStamp, load: (wanted: ReadWanted) => Promise<T>, options: RememberOptions<T>): Promise<T> {
    const now = this.#clock();
    const known = this.#entries.get(key);
    if (known && known.expires > now && this.#source.isCurrent(known.stamp)) {
      this.stats.hits++;
      return known.value as Promise<T>;
    }
    this.stats.misses++;
    // A load that can read the next scheduled change in its own unit of work does, when none is known yet.
    const nextChangeIn = options.untilNextChange ? options.nextChangeIn : undefined;
    const offer = nextChangeIn ? (this.#source.offerNextChange?.(stamp) ?? null) : null;
    const value = load(offer ? { nextChange: true } : {});
    if (offer && nextChangeIn) offer(value.then(nextChangeIn));
    const entry: Entry = { value, stamp, expires: now + this.#ttl };
    this.#entries.set(key, entry);
    const drop = () => {
      if (this.#entries.peek(key) === entry) this.#entries.delete(key);
    };
    entry.value.catch(drop);
    if (options.untilNextChange) {
      // Kept no later than the tenant's next scheduled change, as of when the read began.
      this.#source.nextChangeOf(stamp).then(
        (at) => {
          if (at !== null) entry.expires = Math.min(entry.expires, at);
        },
        drop,
      );
    }
    return entry.value as Promise<T>;
  }

  /** Pieces held, for metrics and tests. */
  get size(): number {
    return this.#entries.size;
  }
}
