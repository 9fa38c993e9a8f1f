import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from './unit-of-work.ts';

/**
 * One read at start-up: a unit of work sets a tenant and reads a tenant-owned table, and the row-level
 * security setting must be the one set, as seen where that table's rows live. On one PostgreSQL that is
 * the same session and always holds; on a Citus coordinator the read goes to the worker holding the
 * tenant's shard, and it fails when the `SET LOCAL` did not travel there (citus.propagate_set_commands,
 * set by `app.set_tenant`) or when Citus could not log in there as the request role (docs/scaling.md).
 * Without this, such a cluster would start and then show every tenant empty pages.
 *
 * The tenant is a random id: no row is needed, only the shard it routes to.
 */
export async function assertTenantContextReachesData(db: Database): Promise<void> {
  const tenant = randomUUID();
  let seen: string | null;
  try {
    seen = await withTenant(db, { id: tenant }, async (tx) => {
      const { rows } = await sql<{ n: number; tenant: string | null }>`
        select count(*)::int as n, current_setting('app.tenant_id', true) as tenant
        from memberships where tenant_id = ${tenant}::uuid`.execute(tx);
      return rows[0]?.tenant ?? null;
    });
  } catch (err) {
    throw new Error(
      `the tenant context check failed: a unit of work could not read a tenant-owned table (${(err as Error).message}). ` +
        'On Citus, the request roles must be able to log in to every worker (run `npm run citus:distribute`, see docs/scaling.md)',
      { cause: err },
    );
  }
  if (seen !== tenant) {
    throw new Error(
      `the tenant context does not reach the data: the tenant set was ${tenant}, the table's node saw ${JSON.stringify(seen)}. ` +
        'On Citus, app.set_tenant must SET LOCAL citus.propagate_set_commands = \'local\' (migration 2026_12_05_0120)',
    );
  }
}
