import { type Kysely, sql } from 'kysely';

/**
 * A tenant's grant of access to residents' personal data for the national operator (issue 12: "the
 * operator role cannot read residents' personal data in requests unless a tenant grants it").
 *
 * `operator_access_grants` is tenant-owned: one row per grant an administrator gave, with who, why (10–500
 * characters, shown to the operator and kept in the tenant's history), from when and until when (1 to 30
 * days), and who ended it early. A grant is in force from `starts_at` until `ends_at`, unless revoked; at most
 * one is in force at a time (the service checks under a per-tenant lock; expiry depends on the clock, so no
 * index can say it). Rows are never deleted by a request: they are the tenant's record of what it allowed.
 *
 * The operator reads them as it reads other tenants' figures (the platform's unit of work with the tenant in
 * its readable scope); only the tenant itself writes them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table operator_access_grants (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      granted_by uuid not null references staff_users (id),
      reason text not null check (length(reason) between 10 and 500),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references staff_users (id),
      primary key (tenant_id, id),
      check (ends_at > starts_at and ends_at <= starts_at + interval '30 days'),
      check ((revoked_at is null) = (revoked_by is null))
    )`.execute(db);
  await sql`create index operator_access_grants_recent on operator_access_grants (tenant_id, starts_at desc)`.execute(db);

  await sql`alter table operator_access_grants enable row level security`.execute(db);
  await sql`alter table operator_access_grants force row level security`.execute(db);
  // Reads: the tenant's own grants, and those of tenants in scope (the operator, from the platform, reads
  // whether a tenant granted it access; a commune reads its arrondissements' as it reads their other rows).
  await sql`
    create policy tenant_read on operator_access_grants for select using (
      tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
    )`.execute(db);
  // Writes: the tenant's own rows only, before and after the change (the operator cannot grant itself access).
  await sql`
    create policy tenant_write on operator_access_grants for all
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // Requests grant and revoke (an update of revoked_at/revoked_by), never delete; tenant deletion removes them.
  await sql`grant select, insert on operator_access_grants to jamaa_app`.execute(db);
  await sql`grant update (revoked_at, revoked_by) on operator_access_grants to jamaa_app`.execute(db);
  await sql`grant delete on operator_access_grants to jamaa_provisioner`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table operator_access_grants`.execute(db);
}
