import { type Kysely, sql } from 'kysely';

/**
 * The national catalogue of services (shared: one text for every commune, versioned), and what each
 * tenant makes of it: its offices, its offerings (enable/disable, local overrides) and its own services.
 *
 * Search: the `*_search` columns hold text normalised by the application when written (hamza forms,
 * taa marbuta, accents…), indexed with trigrams so that both substrings and near-misses are found.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  // Shared: every published version of the national catalogue; exactly one is current.
  await sql`
    create table catalogue_versions (
      id uuid primary key default gen_random_uuid(),
      content_hash text not null unique,
      label text not null,
      published_at timestamptz not null default now(),
      is_current boolean not null default false
    )`.execute(db);
  await sql`create unique index catalogue_versions_single_current on catalogue_versions ((true)) where is_current`.execute(db);

  await sql`
    create table catalogue_categories (
      version_id uuid not null references catalogue_versions (id) on delete cascade,
      code text not null,
      names jsonb not null,
      icon text not null,
      position integer not null,
      primary key (version_id, code)
    )`.execute(db);

  await sql`
    create table catalogue_services (
      version_id uuid not null references catalogue_versions (id) on delete cascade,
      code text not null,
      category text not null,
      audiences text[] not null,
      card jsonb not null,
      name_search text not null,
      body_search text not null,
      primary key (version_id, code),
      foreign key (version_id, category) references catalogue_categories (version_id, code)
    )`.execute(db);
  await sql`create index catalogue_services_name_trgm on catalogue_services using gin (name_search gin_trgm_ops)`.execute(db);
  await sql`create index catalogue_services_body_trgm on catalogue_services using gin (body_search gin_trgm_ops)`.execute(db);

  // Tenant-owned: the places where residents are received.
  await sql`
    create table offices (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      kind text not null,
      names jsonb not null,
      address jsonb not null,
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      hours jsonb not null default '[]',
      phone text,
      email text,
      position integer not null default 0,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, key)
    )`.execute(db);

  // Tenant-owned: a tenant's choices about one national service. `enabled` null inherits (from the
  // commune for an arrondissement, else on). `base_version_id` is the version the overrides were written
  // against; `review_fields` lists overridden fields that a newer national version changed.
  await sql`
    create table service_offerings (
      tenant_id uuid not null references tenants (id) on delete cascade,
      service_code text not null,
      enabled boolean,
      overrides jsonb not null default '{}',
      base_version_id uuid references catalogue_versions (id),
      review_fields text[] not null default '{}',
      updated_at timestamptz not null default now(),
      primary key (tenant_id, service_code)
    )`.execute(db);

  // Tenant-owned: services a commune offers that the national catalogue does not have.
  await sql`
    create table local_services (
      tenant_id uuid not null references tenants (id) on delete cascade,
      code text not null check (code ~ '^local-[a-z0-9]+(-[a-z0-9]+)*$'),
      category text not null,
      audiences text[] not null,
      card jsonb not null,
      enabled boolean not null default true,
      name_search text not null,
      body_search text not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, code)
    )`.execute(db);
  await sql`create index local_services_name_trgm on local_services using gin (name_search gin_trgm_ops)`.execute(db);
  await sql`create index local_services_body_trgm on local_services using gin (body_search gin_trgm_ops)`.execute(db);

  for (const table of ['offices', 'service_offerings', 'local_services']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (an arrondissement inherits its commune's offices,
    // offerings and local services).
    await sql`
      create policy tenant_read on ${t} for select using (
        tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
      )`.execute(db);
    // Writes: own rows only.
    await sql`
      create policy tenant_write on ${t} for all
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
    await sql`grant select, insert, update, delete on ${t} to jamaa_app`.execute(db);
  }
  await sql`grant select, insert, update on catalogue_versions to jamaa_app`.execute(db);
  await sql`grant select, insert on catalogue_categories, catalogue_services to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table local_services, service_offerings, offices, catalogue_services, catalogue_categories, catalogue_versions`.execute(db);
}
