import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { RequestOrderGate, type SlowUnit } from './pglite-gate.ts';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect, PostgresDialect, sql, type LogEvent } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from '@jamaa/migrations/index.ts';
import { DatabaseHealth, isDatabaseUnavailable } from './availability.ts';
import { preparingPool } from './prepared.ts';
import type { DB } from './schema.ts';

/**
 * The raw connection. Only migrations, seeding and the tenancy helpers in `tenancy/` use it directly:
 * application code receives a unit of work from `withTenant` / `withPlatform`.
 */
export interface Database {
  kind: 'pglite' | 'postgres';
  /** The owner's (migrations, seeding) or the serving login's connection; requests use units of work on it. */
  kysely: Kysely<DB>;
  /** Whether the server answers, as seen by this process's queries (see `availability.ts`). */
  health: DatabaseHealth;
  /**
   * Subscribes to a notification channel; returns an unsubscribe function. On PostgreSQL the listening
   * connection comes back by itself after the server does; notifications sent meanwhile are lost, so
   * `onReconnect` is called: whoever caches on the strength of these notifications must drop its cache.
   */
  listen(channel: string, onPayload: (payload: string) => void, hooks?: ListenHooks): Promise<() => Promise<void>>;
  /** PostgreSQL's pool, for the metrics: connections open, idle, and requests waiting for one. */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** PostgreSQL: the pool itself, for the read replica's fallback to the primary (read-replica.ts) only. */
  pgPool?: pg.Pool;
  /** PGlite: units of work wait for the one connection by the age of their request (`pglite-gate.ts`). */
  gate?: RequestOrderGate;
  /**
   * PGlite: runs `text` (constant, or literals checked by the caller) through the simple protocol, several
   * statements in one call; only while holding Kysely's connection (`kysely.connection()`).
   */
  simpleQuery?(text: string): Promise<void>;
  close(): Promise<void>;
}

export interface ListenHooks {
  /** The listening connection was lost: notifications are not heard until `onReconnect`. */
  onLost?: (err: Error) => void;
  /** Listening again after a loss: anything announced in between was missed. */
  onReconnect?: () => void;
}

export type DatabaseOptions =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** A pooled connection failed (server restart, terminated backend); the pool replaces it. */
      onConnectionError?: (err: Error) => void;
      /** Bounds on how long a request may wait for the database (milliseconds); defaults below. */
      timeouts?: Partial<PostgresTimeouts>;
      /** The allow-list's statements (`PREPARE`) run as named ones (`prepared.ts`); false: every statement unnamed. Default true. */
      preparedStatements?: boolean;
    }
  /** `dataDir` null: in memory (tests). */
  | {
      kind: 'pglite';
      dataDir: string | null;
      loadDataDir?: Blob;
      /** Report units of work that hold the one connection at least this long (ms; 0 or unset: never). */
      slowUnitMs?: number;
      onSlowUnit?: (unit: SlowUnit) => void;
    };

export interface PostgresTimeouts {
  /** Waiting for a connection from the pool or to the server. */
  connect: number;
  /** One statement, on the server (`statement_timeout`). */
  statement: number;
  /** A transaction left idle, on the server (`idle_in_transaction_session_timeout`). */
  idleInTransaction: number;
  /** Reconnecting the LISTEN connection: first delay, doubled up to `listenRetryMax`. */
  listenRetry: number;
  listenRetryMax: number;
}

const DEFAULT_TIMEOUTS: PostgresTimeouts = { connect: 5_000, statement: 30_000, idleInTransaction: 60_000, listenRetry: 250, listenRetryMax: 5_000 };

/** Opens PostgreSQL or the embedded PGlite; the rest of the code cannot tell them apart. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 10, options.onConnectionError ?? (() => {}), { ...DEFAULT_TIMEOUTS, ...options.timeouts }, options.preparedStatements ?? true)
    : openPglite(options);
}

async function openPostgres(url: string, poolSize: number, onConnectionError: (err: Error) => void, timeouts: PostgresTimeouts, prepared: boolean): Promise<Database> {
  const health = new DatabaseHealth();
  const connectionLost = (err: Error) => {
    if (isDatabaseUnavailable(err)) health.markDown(err);
    onConnectionError(err);
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'jamaa',
    connectionTimeoutMillis: timeouts.connect,
    statement_timeout: timeouts.statement,
    idle_in_transaction_session_timeout: timeouts.idleInTransaction,
    keepAlive: true,
  });
  // node-postgres emits 'error' on a client whose connection dies. The pool listens only while the client
  // is idle; a client checked out by a query in flight has no listener, and an unheard 'error' event
  // ends the process. Every client gets a listener of its own for its whole life: the query in flight
  // fails (and becomes a 503), the pool discards the client, the process lives on.
  pool.on('connect', (client) => client.on('error', connectionLost));
  pool.on('error', connectionLost);
  const kysely = new Kysely<DB>({
    // A complaint submission's claim and complaint are parsed once per connection (`prepared.ts`).
    dialect: new PostgresDialect({ pool: prepared ? preparingPool(pool) : pool }),
    log(event) {
      if (event.level === 'query') health.markUp();
      else if (isDatabaseUnavailable(event.error)) health.markDown(event.error);
    },
  });
  const listeners = new Set<Listener>();
  return {
    kind: 'postgres',
    kysely,
    health,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    pgPool: pool,
    async listen(channel, onPayload, hooks = {}) {
      const listener = new Listener(url, channel, onPayload, hooks, timeouts);
      await listener.start();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.stop()));
      await kysely.destroy();
    },
  };
}

/**
 * A dedicated connection that LISTENs on one channel (LISTEN on a pooled connection would be lost when it
 * goes back to the pool), and comes back after the server does: reconnecting with a growing delay, then
 * telling its owner that notifications may have been missed.
 */
class Listener {
  #client: pg.Client | null = null;
  #stopped = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #delay: number;
  readonly url: string;
  readonly channel: string;
  readonly onPayload: (payload: string) => void;
  readonly hooks: ListenHooks;
  readonly timeouts: PostgresTimeouts;

  constructor(url: string, channel: string, onPayload: (payload: string) => void, hooks: ListenHooks, timeouts: PostgresTimeouts) {
    this.url = url;
    this.channel = channel;
    this.onPayload = onPayload;
    this.hooks = hooks;
    this.timeouts = timeouts;
    this.#delay = timeouts.listenRetry;
  }

  /** The first connection: its failure is the caller's (start-up fails loudly). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'jamaa-listen', connectionTimeoutMillis: this.timeouts.connect, keepAlive: true });
    client.on('notification', (m) => {
      if (m.channel === this.channel) this.onPayload(m.payload ?? '');
    });
    // Both may fire for one loss; `#lost` acts once per client.
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client, new Error('listening connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw err;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#delay = this.timeouts.listenRetry;
  }

  #lost(client: pg.Client, err: Error): void {
    if (this.#client !== client || this.#stopped) return;
    this.#client = null;
    client.removeAllListeners('end');
    client.on('error', () => {});
    void client.end().catch(() => {});
    this.hooks.onLost?.(err);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect().then(
        () => {
          if (!this.#stopped) this.hooks.onReconnect?.();
        },
        () => {
          this.#delay = Math.min(this.#delay * 2, this.timeouts.listenRetryMax);
          this.#scheduleReconnect();
        },
      );
    }, this.#delay);
    this.#retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }
}

async function openPglite(options: Extract<DatabaseOptions, { kind: 'pglite' }>): Promise<Database> {
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent },
  });
  const gate = new RequestOrderGate({ slowMs: options.slowUnitMs ?? 0, ...(options.onSlowUnit ? { onSlow: options.onSlowUnit } : {}) });
  // Kysely's own PGlite dialect serialises transactions on the single connection.
  const kysely = new Kysely<DB>({
    dialect: new PGliteDialect({ pglite }),
    // Statement times only when slow units are reported (`slowUnitMs`).
    ...(gate.reporting ? { log: (event: LogEvent) => gate.statement(event.query.sql, event.queryDurationMillis) } : {}),
  });
  return {
    kind: 'pglite',
    kysely,
    gate,
    async simpleQuery(text) {
      await pglite.exec(text);
    },
    // In-process: there is no connection to lose.
    health: new DatabaseHealth(),
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    async close() {
      await kysely.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

export function newMigrator(db: Database): Migrator {
  return new Migrator({ db: db.kysely, provider: migrationProvider, allowUnorderedMigrations: true });
}

/**
 * Refuses to serve when a role the units of work switch to (`jamaa_app`, `jamaa_provisioner`,
 * `jamaa_platform_admin`) could see past row-level security, or when the request role could create
 * temporary tables. Runs at start-up, on PGlite and PostgreSQL (catalog reads only; any connection);
 * the serving login itself is checked by `assertServingRoleIsSafe` (`db/roles.ts`).
 */
export async function assertRequestRoleIsSafe(db: Database): Promise<void> {
  const names = ['jamaa_app', 'jamaa_provisioner', 'jamaa_platform_admin'];
  const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number; temp: boolean }>`
    select r.rolname, r.rolsuper, r.rolbypassrls,
      (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm')) as owned,
      has_database_privilege(r.oid, current_database(), 'TEMPORARY') as temp
    from pg_roles r where r.rolname = any (${names}::text[])`.execute(db.kysely);
  for (const name of names) {
    const role = rows.find((r) => r.rolname === name);
    if (!role) throw new Error(`role ${name} is missing: run the migrations`);
    if (role.rolsuper || role.rolbypassrls || role.owned > 0) {
      throw new Error(`role ${name} must not be a superuser, bypass RLS or own tables; refusing to serve`);
    }
    if (role.temp) throw new Error(`role ${name} may create temporary tables (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC); refusing to serve`);
  }
}
