import { type Kysely, sql } from 'kysely';

/**
 * A commune's tariff: where residents read the fees it sets itself (its arrêté fiscal, or the decision of
 * its council), as a link and a short note in each language. Service cards whose fee kind is `tariff`
 * point to it. Kept on the tenant's row beside its branding (`{}` when unset; an arrondissement's own
 * tariff is usually unset, and it shows its commune's): the row is cached with the tenant, so every
 * page has it without another query. Written by the provisioning role only, like the rest of the row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants add column tariff jsonb not null default '{}'::jsonb`.execute(db);
  await sql`alter table tenants add constraint tenants_tariff_object check (jsonb_typeof(tariff) = 'object')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants drop constraint tenants_tariff_object`.execute(db);
  await sql`alter table tenants drop column tariff`.execute(db);
}
