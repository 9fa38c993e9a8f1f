import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { classifyHost, type HostTarget } from './host.ts';
import { findHostTenant } from './tenants.repository.ts';
import { TENANT_CHANGED_CHANNEL, withPlatform, type TenantContext } from './unit-of-work.ts';

/** A tenant as host resolution returns it: its row and its ancestors (parent first), with what follows from them. */
export interface ResolvedTenant {
  readonly tenant: TenantRow;
  readonly ancestors: readonly TenantRow[];
  /**
   * The tenant and its non-platform ancestors, tenant first (an arrondissement, then its commune): the
   * layers whose choices it inherits (branding, offices, catalogue offerings).
   */
  readonly chain: readonly TenantRow[];
  /** The unit of work for this tenant (`withTenant`): it writes as itself and reads its whole chain. */
  readonly scope: TenantContext & { readonly readable: readonly string[] };
  /** Its own custom domains that serve (state `active`): its canonical address uses the first. */
  readonly domains: readonly string[];
}

/** Builds a `ResolvedTenant` from a tenant and its ancestors (parent first): `chain` and `scope` are computed here, once. */
export function resolvedTenant(tenant: TenantRow, ancestors: readonly TenantRow[], domains: readonly string[] = []): ResolvedTenant {
  const chain = Object.freeze([tenant, ...ancestors.filter((a) => a.kind !== 'platform')]);
  return Object.freeze({
    tenant,
    ancestors: Object.freeze([...ancestors]),
    chain,
    scope: Object.freeze({ id: tenant.id, readable: Object.freeze(chain.map((t) => t.id)) }),
    domains: Object.freeze([...domains]),
  });
}

interface Entry {
  value: Promise<ResolvedTenant | null>;
  expires: number;
}

export interface TenantDirectoryOptions {
  db: Database;
  platformDomain: string;
  logger: Logger;
  clock?: () => number;
  /** A safety net if a notification is ever lost; changes normally invalidate at once. */
  ttlMs?: number;
  /** Unknown hosts are remembered briefly so that random Host headers cannot hammer the database. */
  negativeTtlMs?: number;
  maxEntries?: number;
}

/**
 * Host → tenant resolution with an in-memory cache. Every process listens on
 * `jamaa_tenant_changed` and drops its cache when any tenant changes, so a change made by one process
 * (or one replica) is seen by all of them on the next request.
 */
export class TenantDirectory {
  readonly #db: Database;
  readonly #platformDomain: string;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #ttl: number;
  readonly #negativeTtl: number;
  readonly #maxEntries: number;
  readonly #cache = new Map<string, Entry>();
  #unlisten: (() => Promise<void>) | null = null;
  #started = false;
  /** True while the change listener is away: nothing is cached then, since changes would go unheard. */
  #lost = false;
  /** Cache statistics, for benchmarks and diagnostics. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(options: TenantDirectoryOptions) {
    this.#db = options.db;
    this.#platformDomain = options.platformDomain;
    this.#logger = options.logger;
    this.#clock = options.clock ?? Date.now;
    this.#ttl = options.ttlMs ?? 5 * 60_000;
    this.#negativeTtl = options.negativeTtlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 20_000;
  }

  /** Starts listening for changes. Call once; `stop()` undoes it. */
  async start(): Promise<void> {
    this.#unlisten = await this.#db.listen(TENANT_CHANGED_CHANNEL, () => this.invalidate(), {
      onLost: (err) => {
        this.#lost = true;
        this.invalidate();
        this.#logger.warn({ err: err.message }, 'tenant change listener lost; resolving hosts without the cache until it is back');
      },
      onReconnect: () => {
        // Changes announced while away were missed: forget everything, then cache again.
        this.invalidate();
        this.#lost = false;
        this.#logger.info('tenant change listener back; host cache dropped');
      },
    });
    this.#started = true;
  }

  async stop(): Promise<void> {
    this.#started = false;
    await this.#unlisten?.();
    this.#unlisten = null;
  }

  /** Whether `start()` was called (and not `stop()`). */
  get started(): boolean {
    return this.#started;
  }

  /** Whether changes made by other processes are heard (readiness reports it). */
  get listening(): boolean {
    return this.#started && !this.#lost;
  }

  /** Drops every cached entry. Tenant changes are rare; a full drop keeps inheritance simple and correct. */
  invalidate(): void {
    this.stats.invalidations++;
    this.#cache.clear();
  }

  /** Resolves a normalised host (see `normaliseHost`) to its tenant, or null when none. */
  async resolve(host: string): Promise<ResolvedTenant | null> {
    const now = this.#clock();
    const cached = this.#cache.get(host);
    if (cached && cached.expires > now) {
      this.stats.hits++;
      return cached.value;
    }
    this.stats.misses++;
    if (this.#cache.size >= this.#maxEntries) this.#cache.clear();
    const value = this.#load(classifyHost(host, this.#platformDomain));
    if (this.#lost) return value;
    const entry: Entry = { value, expires: now + this.#ttl };
    this.#cache.set(host, entry);
    value.then(
      (resolved) => {
        if (!resolved) entry.expires = now + this.#negativeTtl;
      },
      () => this.#cache.delete(host),
    );
    return value;
  }

  async #load(target: HostTarget): Promise<ResolvedTenant | null> {
    // The tenant, its ancestors and its domains in one statement (`findHostTenant`).
    const found = await withPlatform(this.#db, (tx) => findHostTenant(tx, target));
    return found ? resolvedTenant(found.tenant, found.ancestors, found.domains) : null;
  }
}
