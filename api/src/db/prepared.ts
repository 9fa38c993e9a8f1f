/**
 * Named (prepared) statements on PostgreSQL, for a short allow-list of hot statements only (issue 14: a complaint
 * submission's claim and its complaint). Every other statement Kysely sends stays unnamed: PostgreSQL parses,
 * analyses (adding row-level security's policies) and plans it each time. A named one is parsed once per
 * connection; afterwards each run only binds and executes it (docs/performance.md, 2026-12-07 h73 and h76).
 *
 * - A statement asks for it by ending with `PREPARE` (`builder.modifyEnd(PREPARE)`, or `${PREPARE}` last in an
 *   `sql` template): a comment, so the text means the same everywhere, and PGlite runs it as any other.
 * - Its name is a hash of its text (`jamaa_<generation>_<hash>`): another text is another statement. At most
 *   `MAX_NAMED` texts are named per process, and so per connection; past that they run unnamed. Statements
 *   live as long as their connection.
 * - Row-level security holds: PostgreSQL applies the policies of the role current at each run (a plan is
 *   redone when the role differs) and evaluates `app.tenant_id` at each run, never at preparation.
 * - A prepared statement's result columns are fixed when it is prepared: list them (no `returning *`,
 *   `selectAll()`), so that a column added by a migration does not change them. If a migration changes them
 *   anyway (a returned column's type), PostgreSQL refuses the cached plan (SQLSTATE 0A000, "cached plan must
 *   not change result type") until the statement is prepared again. Then every name changes (the generation),
 *   connections that hold old ones are closed when handed back, and the unit of work that met the refusal
 *   runs once more (`retryingRefusedPlan`, in `withTenant`): it rolled back, and its statements are
 *   prepared afresh under the new names.
 * - A pooler in transaction mode must keep protocol-level prepared statements (PgBouncer 1.21+ with
 *   `max_prepared_statements`); otherwise set DATABASE_PREPARED_STATEMENTS=false (docs/scaling.md).
 */
import { createHash } from 'node:crypto';
import { sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';

const MARK = '/* jamaa:prepare */';

/** Appended to a statement of the allow-list: it runs as a named (prepared) statement on PostgreSQL. */
export const PREPARE = sql.raw(MARK);

/** How many statement texts are named at most (the allow-list's statements and their variants are a handful). */
export const MAX_NAMED = 32;

const REFUSED_PLAN = Symbol('refused prepared plan');

/** The unit of work failed because PostgreSQL refused a prepared statement's plan after a schema change. */
export function isRefusedPlan(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { [REFUSED_PLAN]?: true })[REFUSED_PLAN] === true;
}

/** Runs a unit of work, and once more if a prepared statement's plan was refused (see the module's comment). */
export async function retryingRefusedPlan<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isRefusedPlan(err)) throw err;
    return run();
  }
}

/** PostgreSQL's refusal of a cached plan whose result columns changed (raised where it revalidates the plan). */
function refusesCachedPlan(err: unknown): boolean {
  const e = err as { code?: unknown; routine?: unknown; message?: unknown };
  return e?.code === '0A000' && (e.routine === 'RevalidateCachedQuery' || (typeof e.message === 'string' && e.message.includes('cached plan must not change result type')));
}

/** The names given so far, by text; their generation changes when a plan is refused. */
export class StatementNames {
  #names = new Map<string, string>();
  #generation = 0;

  get generation(): number {
    return this.#generation;
  }

  /** The name for `text`, or null past `MAX_NAMED` (it then runs unnamed). */
  nameOf(text: string): string | null {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= MAX_NAMED) return null;
    const name = `jamaa_${this.#generation}_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.#names.set(text, name);
    return name;
  }

  /** A plan was refused: every statement is prepared again, under new names. */
  renew(): void {
    this.#generation++;
    this.#names.clear();
  }
}

interface ClientState {
  wrapper: PostgresPoolClient;
  /** The generation of the names this connection prepared; null while it prepared none. */
  generation: number | null;
}

/**
 * The pool as Kysely's PostgresDialect sees it (`PostgresPool`), its connections running the statements that
 * end with `PREPARE` as named ones. Everything else goes to node-postgres as before.
 */
export function preparingPool(pool: pg.Pool, names: StatementNames = new StatementNames()): PostgresPool {
  const states = new WeakMap<pg.PoolClient, ClientState>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const state: ClientState = { wrapper: undefined as unknown as PostgresPoolClient, generation: null };
    const query = (textOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
      if (typeof textOrCursor !== 'string' || !textOrCursor.endsWith(MARK)) return (client.query as (...args: unknown[]) => unknown)(textOrCursor, parameters);
      const name = names.nameOf(textOrCursor);
      if (name === null) return client.query(textOrCursor, parameters as unknown[]);
      state.generation ??= names.generation;
      const generation = names.generation;
      return client.query({ name, text: textOrCursor, values: parameters as unknown[] }).catch((err: unknown) => {
        if (refusesCachedPlan(err)) {
          // Once per refusal seen in this generation: a second connection's refusal of the same old plan
          // must not renew again the names the retry is about to prepare.
          if (generation === names.generation) names.renew();
          Object.defineProperty(err, REFUSED_PLAN, { value: true });
        }
        throw err;
      });
    };
    state.wrapper = {
      query: query as PostgresPoolClient['query'],
      // A connection holding names of an older generation is closed: its statements are never used again.
      release: (destroy?: boolean) => client.release(destroy === true || (state.generation !== null && state.generation !== names.generation)),
    };
    Object.defineProperty(state.wrapper, 'processID', { get: () => (client as unknown as { processID?: number }).processID });
    states.set(client, state);
    return state.wrapper;
  };
  return {
    // Kysely reads `options` (and `Client`, for a separate connection that cancels a query) from the pool.
    Client: (pool as unknown as { Client?: PostgresPool['Client'] }).Client,
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      // The same wrapper each time: Kysely keeps one connection object per client it is given.
      return states.get(client)?.wrapper ?? wrap(client);
    },
    end: () => pool.end(),
  };
}
