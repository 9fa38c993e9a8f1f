import { type Kysely, sql } from 'kysely';

/**
 * Dated closures of an office (issue 10): `offices.closures`, a list of `{from, to, reason}` — calendar
 * dates `YYYY-MM-DD` (Moroccan), both days included, and the reason in each language the commune wrote
 * (`{ar?, fr?, zgh?}`). Closures already over are dropped when the office is saved.
 *
 * A column of a tenant-owned, distributed table: its rows keep `tenant_id`, policies and grants unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table offices add column closures jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table offices drop column closures`.execute(db);
}
