import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { DatabaseHealth, isDatabaseUnavailable } from './availability.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * A read replica for anonymous public reads (the site, the catalogue, content lists): `DATABASE_READ_URL`.
 *
 * `openReadDatabase` returns a `Database` whose units of work (`withTenant(readDb, …)`) run on the replica
 * and, whenever the replica cannot be reached, on the primary: a connection the replica refuses is taken
 * from the primary's pool instead, and after a failure the replica is left alone for `cooldownMs` before
 * it is tried again. Any failure to get a replica connection switches; during a query only "unreachable"
 * failures do (connection dropped, shutting down, recovering): a query error is the query's.
 *
 * Use it only for what may be a few milliseconds old and never writes: anonymous GETs. Everything staff
 * or residents write, and everything read to decide a write, stays on `deps.db`. Its `listen` is the
 * primary's (notifications are the primary's).
 */
export interface ReadDatabaseOptions {
  /** Connections to the replica. */
  poolSize?: number;
  /** After the replica failed: how long to read from the primary before trying the replica again. */
  cooldownMs?: number;
  onFallback?: (err: unknown) => void;
  timeouts?: { connect?: number; statement?: number };
}

export interface ReadDatabase extends Database {
  /** Reads served by the replica and by the primary (fallback), since start. */
  readonly served: { replica: number; primary: number };
}

export function openReadDatabase(primary: Database, replicaUrl: string, options: ReadDatabaseOptions = {}): ReadDatabase {
  if (primary.kind !== 'postgres') throw new Error('DATABASE_READ_URL needs DATABASE_URL (a read replica of a PostgreSQL primary)');
  const pool = new pg.Pool({
    connectionString: replicaUrl,
    max: options.poolSize ?? 10,
    application_name: 'jamaa-read',
    connectionTimeoutMillis: options.timeouts?.connect ?? 2_000,
    statement_timeout: options.timeouts?.statement ?? 30_000,
    keepAlive: true,
  });
  const health = new DatabaseHealth();
  const served = { replica: 0, primary: 0 };
  const cooldownMs = options.cooldownMs ?? 5_000;
  let replicaDownUntil = 0;
  const replicaFailed = (err: unknown) => {
    replicaDownUntil = Date.now() + cooldownMs;
    options.onFallback?.(err);
  };
  pool.on('connect', (client) => client.on('error', (err) => isDatabaseUnavailable(err) && replicaFailed(err)));
  pool.on('error', (err) => isDatabaseUnavailable(err) && replicaFailed(err));

  const replicaDriver = new PostgresDriver({ pool });
  // The primary's own pool, reached through a second driver on it (its Kysely keeps the first).
  const primaryPool = primary.pgPool;
  if (!primaryPool) throw new Error('the primary database does not expose its pool');
  const primaryDriver = new PostgresDriver({ pool: primaryPool });
  const driver = new FallbackDriver(replicaDriver, primaryDriver, {
    useReplica: () => Date.now() >= replicaDownUntil,
    replicaFailed,
    served,
  });
  const kysely = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log(event) {
      if (event.level === 'query') health.markUp();
    },
  });
  return {
    kind: 'postgres',
    kysely,
    health,
    served,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    listen: (channel, onPayload, hooks) => primary.listen(channel, onPayload, hooks),
    async close() {
      await kysely.destroy();
    },
  };
}

type Routed = DatabaseConnection & { readonly fromReplica: boolean; readonly inner: DatabaseConnection };

interface FallbackPolicy {
  useReplica: () => boolean;
  replicaFailed: (err: unknown) => void;
  served: { replica: number; primary: number };
}

/** Kysely driver over two PostgreSQL drivers: the replica's while it answers, else the primary's. */
class FallbackDriver implements Driver {
  readonly #replica: PostgresDriver;
  readonly #primary: PostgresDriver;
  readonly #policy: FallbackPolicy;

  constructor(replica: PostgresDriver, primary: PostgresDriver, policy: FallbackPolicy) {
    this.#replica = replica;
    this.#primary = primary;
    this.#policy = policy;
  }

  async init(): Promise<void> {
    // Both pools exist already: this connects nothing (a replica down at start-up is a fallback, not a failure).
    await this.#replica.init();
    await this.#primary.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#policy.useReplica()) {
      try {
        const connection = await this.#replica.acquireConnection();
        this.#policy.served.replica++;
        return this.#wrap(connection, true);
      } catch (err) {
        // Whatever stops a connection (refused, timed out, a database or login the replica does not have
        // yet) sends this read to the primary.
        this.#policy.replicaFailed(err);
      }
    }
    this.#policy.served.primary++;
    return this.#wrap(await this.#primary.acquireConnection(), false);
  }

  #driverOf(connection: DatabaseConnection): PostgresDriver {
    return (connection as Routed).fromReplica ? this.#replica : this.#primary;
  }

  #inner(connection: DatabaseConnection): DatabaseConnection {
    return (connection as Routed).inner;
  }

  #wrap(inner: DatabaseConnection, fromReplica: boolean): DatabaseConnection {
    const failed = (err: unknown) => {
      if (fromReplica && isDatabaseUnavailable(err)) this.#policy.replicaFailed(err);
      throw err;
    };
    const routed: Routed = {
      fromReplica,
      inner,
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        return inner.executeQuery<R>(query).catch(failed);
      },
      streamQuery<R>(query: CompiledQuery, chunkSize?: number) {
        return inner.streamQuery<R>(query, chunkSize ?? 100);
      },
    };
    return routed;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#driverOf(connection).beginTransaction(this.#inner(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).commitTransaction(this.#inner(connection) as never);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).rollbackTransaction(this.#inner(connection) as never);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).releaseConnection(this.#inner(connection) as never);
  }

  async destroy(): Promise<void> {
    // Only the replica's pool is ours; the primary's closes with the primary.
    await this.#replica.destroy();
  }
}
