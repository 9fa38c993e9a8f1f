import { type Kysely, sql } from 'kysely';

/**
 * The answers a resident (or an Open311 client) gave to the questions of a complaint's category
 * (api/src/complaints/complaint-attributes.ts), as `{ code: key-or-text }`. A column of `complaints`, which
 * keeps its row-level security, its grants (table-level: no new grant) and its distribution by `tenant_id`;
 * existing complaints answered nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table complaints add column attributes jsonb not null default '{}'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table complaints drop column attributes`.execute(db);
}
