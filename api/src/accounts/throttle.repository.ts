import type { Selectable } from 'kysely';
import type { LoginThrottleTable } from '../db/schema.ts';
import type { AnyTx } from '../tenancy/unit-of-work.ts';

export type ThrottleRow = Selectable<LoginThrottleTable>;
export type ThrottleScope = ThrottleRow['scope'];

/**
 * The counter of `scope`/`key`, created when missing and locked for the rest of the transaction, so
 * that concurrent attempts are counted one after the other.
 */
export async function lockThrottle(tx: AnyTx, scope: ThrottleScope, key: string, now: Date): Promise<ThrottleRow> {
  await tx
    .insertInto('login_throttle')
    .values({ scope, key, failures: 0, window_started_at: now, lockouts: 0, locked_until: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .execute();
  return tx
    .selectFrom('login_throttle')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function saveThrottle(tx: AnyTx, row: ThrottleRow): Promise<void> {
  await tx
    .updateTable('login_throttle')
    .set({ failures: row.failures, window_started_at: row.window_started_at, lockouts: row.lockouts, locked_until: row.locked_until })
    .where('scope', '=', row.scope)
    .where('key', '=', row.key)
    .execute();
}
