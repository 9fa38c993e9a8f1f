import { type Kysely, sql } from 'kysely';

/**
 * Custom domains get a state, shown to the operator:
 *
 * - `pending`: added (by onboarding or the operator); the reverse proxy has not asked for a certificate
 *   yet — usually the domain's DNS does not point at the platform yet.
 * - `active`: the proxy asked `/api/v1/domains/check` and was told yes (the tenant is active): it obtained
 *   a certificate and serves the site there. `activated_at` says since when.
 *
 * Whether the proxy would be told yes right now also depends on the tenant's status (only an active
 * tenant's domains get a certificate); the console shows that beside the state. Rows that exist already
 * were served before this migration: they become `active`. `tenant_domains` stays a shared table that
 * only `jamaa_provisioner` writes (migration 0020's grants cover the new columns).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tenant_domains
      add column state text not null default 'active' check (state in ('pending', 'active')),
      add column activated_at timestamptz`.execute(db);
  await sql`update tenant_domains set activated_at = created_at`.execute(db);
  await sql`alter table tenant_domains alter column state set default 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tenant_domains drop column activated_at, drop column state`.execute(db);
}
