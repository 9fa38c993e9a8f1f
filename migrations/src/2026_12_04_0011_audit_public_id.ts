import { type Kysely, sql } from 'kysely';

/**
 * Audit entries get an opaque id for the API. `audit_log.id` is one identity sequence for the whole
 * platform: shown to a tenant, the gap between two of its entries told how much every other tenant did.
 * The API now shows `public_id` (random) and pages with it; `id` stays internal, for ordering only.
 * Nothing references either (no foreign key), so the table stays distributable by `tenant_id`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column public_id uuid not null default gen_random_uuid()`.execute(db);
  await sql`alter table audit_log add constraint audit_log_public_id unique (tenant_id, public_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log drop column public_id`.execute(db);
}
