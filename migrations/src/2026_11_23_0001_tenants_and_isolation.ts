import { type Kysely, sql } from 'kysely';

/**
 * Tenants, their domains, and the machinery of isolation.
 *
 * Roles: whoever runs migrations owns the tables. The application does every unit of work as
 * `jamaa_app` (switched per transaction with `SET LOCAL ROLE`): it owns nothing, is no superuser and
 * cannot bypass row-level security, so policies apply even when the connection itself is privileged
 * (PGlite always connects as a superuser).
 *
 * Tenant context: `app.set_tenant(tenant, scope)` issues `SET LOCAL app.tenant_id` and
 * `SET LOCAL app.tenant_scope` (the tenants whose rows may also be read, e.g. an arrondissement reading
 * its commune's). `SET LOCAL` through plpgsql keeps bind parameters and works on Citus
 * (see STACK.md "Staying ready for distribution").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'jamaa_app') then
        create role jamaa_app nologin nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
      end if;
    end $$`.execute(db);

  // The connecting (owner) role switches to jamaa_app per transaction, so it must be a member. A
  // superuser already may; a managed-database owner needs the grant. If it cannot be granted here, the
  // start-up check reports it ("permission denied to set role").
  await sql`
    do $$ begin
      execute format('grant jamaa_app to %I', current_user);
    exception when insufficient_privilege then
      raise warning 'could not grant jamaa_app to %: grant it as a superuser', current_user;
    end $$`.execute(db);

  await sql`create schema if not exists app`.execute(db);
  await sql`grant usage on schema app to jamaa_app`.execute(db);
  await sql`grant usage on schema public to jamaa_app`.execute(db);
  await sql`
    create function app.set_tenant(tenant uuid, scope uuid[]) returns void
    language plpgsql volatile as $$
    begin
      execute format('SET LOCAL app.tenant_id = %L', coalesce(tenant::text, ''));
      execute format('SET LOCAL app.tenant_scope = %L', coalesce(scope::text, ''));
    end $$`.execute(db);

  // Shared (reference) table: every tenant's public configuration. Not tenant-owned, so no RLS;
  // values unique platform-wide (codes, slugs under a parent) live here.
  await sql`
    create table tenants (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references tenants (id) on delete restrict,
      kind text not null check (kind in ('platform', 'commune', 'arrondissement')),
      code text not null unique,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      status text not null default 'provisioning'
        check (status in ('provisioning', 'active', 'suspended', 'archived')),
      names jsonb not null,
      locales text[] not null check (locales <@ array['ar', 'fr', 'zgh'] and cardinality(locales) > 0),
      default_locale text not null,
      fallback_locales text[] not null check (fallback_locales <@ array['ar', 'fr', 'zgh']),
      branding jsonb not null,
      population integer check (population >= 0),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (parent_id, slug),
      check (default_locale = any (locales)),
      check ((kind = 'platform') = (parent_id is null))
    )`.execute(db);
  await sql`create unique index tenants_single_platform on tenants ((true)) where kind = 'platform'`.execute(db);
  await sql`create index tenants_parent on tenants (parent_id)`.execute(db);

  // Shared: custom domains must be unique across the platform and looked up before any tenant is known.
  await sql`
    create table tenant_domains (
      domain text primary key check (domain = lower(domain)),
      tenant_id uuid not null references tenants (id) on delete cascade,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index tenant_domains_tenant on tenant_domains (tenant_id)`.execute(db);

  await sql`
    create table seed_runs (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(db);

  // Tenant-owned: short texts of a tenant's site (welcome text…), translatable.
  await sql`
    create table site_texts (
      tenant_id uuid not null references tenants (id) on delete cascade,
      key text not null check (key ~ '^[a-z0-9_.]+$'),
      value jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, key)
    )`.execute(db);

  // Tenant-owned: files a tenant uploads (logo now; attachments later).
  await sql`
    create table tenant_files (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      purpose text not null check (purpose in ('logo')),
      content_type text not null,
      bytes bytea not null,
      sha256 text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);

  for (const table of ['site_texts', 'tenant_files']) {
    await enableTenantIsolation(db, table);
  }

  await sql`grant select, insert, update on tenants, tenant_domains to jamaa_app`.execute(db);
  await sql`grant delete on tenant_domains to jamaa_app`.execute(db);
  await sql`grant select, insert on seed_runs to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on site_texts, tenant_files to jamaa_app`.execute(db);
}

/**
 * Row-level security for a tenant-owned table. Frozen here on purpose: later migrations write their own
 * policies (a migration never imports code that may change after it ran).
 */
async function enableTenantIsolation(db: Kysely<any>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  // Reads: the current tenant's rows, and those of the tenants in scope (e.g. an arrondissement's
  // commune). An unset tenant reads '' which nullif turns into null: nothing matches.
  await sql`
    create policy tenant_read on ${t} for select using (
      tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
    )`.execute(db);
  // Writes: only the current tenant's rows, before and after the change.
  await sql`
    create policy tenant_write on ${t} for all
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table tenant_files, site_texts, seed_runs, tenant_domains, tenants`.execute(db);
  await sql`drop function app.set_tenant(uuid, uuid[])`.execute(db);
  await sql`revoke usage on schema app from jamaa_app`.execute(db);
  await sql`revoke usage on schema public from jamaa_app`.execute(db);
  await sql`drop schema app`.execute(db);
  // The role is cluster-wide and may serve other databases: it is left in place.
}
