import { type Kysely, sql } from 'kysely';

/**
 * Complaints and problem reports (issue 11; décret 2.17.265: acknowledge at once, answer within 60 days,
 * yearly report). Every table is tenant-owned: `tenant_id` leads every key, row-level security is forced
 * with the two usual policies, the request role gets what the API needs, and `jamaa_provisioner` may delete
 * (tenant deletion).
 *
 * - `complaint_categories`: a tenant's own categories (none: the platform's defaults apply), each with its
 *   answer deadline in days (60 by default, never more).
 * - `complaints`: one per report; `tracking` (`CASA-2026-000123`) is gap-free per tenant and year (from
 *   `counters`); the private link's token is stored as its SHA-256 only.
 * - `complaint_events`: the history: state changes, public replies, internal notes, assignments, merges,
 *   forwards, escalations, redactions. `public` marks what the resident and the public views may show.
 * - `complaint_photos`: files of `tenant_files` (re-encoded, metadata stripped), hidden until staff review.
 * - `complaint_supporters`: "me too", one per supporter (a salted hash of the client, never its address).
 * - `complaint_reply_templates`: reply texts per state, in ar/fr/zgh.
 * - `open311_keys`: API keys of Open311 clients (SHA-256 only).
 * - `complaint_settings`: a tenant's tracking prefix and the box its complaints must fall in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table complaint_categories (
      tenant_id uuid not null references tenants (id) on delete cascade,
      code text not null check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
      names jsonb not null,
      deadline_days integer not null default 60 check (deadline_days between 1 and 60),
      department text check (department ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      position integer not null default 0,
      active boolean not null default true,
      primary key (tenant_id, code)
    )`.execute(db);

  await sql`
    create table complaint_settings (
      tenant_id uuid not null references tenants (id) on delete cascade,
      prefix text check (prefix ~ '^[A-Z][A-Z0-9]{1,11}$'),
      area_south double precision,
      area_west double precision,
      area_north double precision,
      area_east double precision,
      updated_at timestamptz not null,
      primary key (tenant_id),
      check ((area_south is null) = (area_north is null) and (area_west is null) = (area_east is null) and (area_south is null) = (area_west is null))
    )`.execute(db);

  await sql`
    create table complaints (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      tracking text not null,
      year integer not null,
      number integer not null check (number >= 1),
      access_token_hash text not null check (access_token_hash ~ '^[0-9a-f]{64}$'),
      category text not null,
      description text not null check (length(description) between 1 and 5000),
      text_reviewed_at timestamptz,
      latitude double precision,
      longitude double precision,
      address text,
      landmark text,
      anonymous boolean not null default false,
      contact_name text,
      contact_email text,
      contact_phone text,
      locale text not null check (locale in ('ar', 'fr', 'zgh')),
      channel text not null check (channel in ('web', 'counter', 'phone', 'open311')),
      state text not null check (state in ('received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded')),
      department text check (department ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      assignee_id uuid,
      deadline_days integer not null,
      due_at timestamptz not null,
      due_date text not null check (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      escalated_at timestamptz,
      merged_into uuid,
      forwarded_to text,
      forward_reference text,
      open311_client text,
      supporters integer not null default 0 check (supporters >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      closed_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, tracking),
      unique (tenant_id, year, number),
      unique (tenant_id, access_token_hash),
      foreign key (tenant_id, merged_into) references complaints (tenant_id, id),
      check ((latitude is null) = (longitude is null)),
      check (latitude is not null or address is not null or landmark is not null),
      check (not anonymous or (contact_name is null and contact_email is null and contact_phone is null))
    )`.execute(db);
  await sql`create index complaints_queue on complaints (tenant_id, state, due_at)`.execute(db);
  await sql`create index complaints_created on complaints (tenant_id, created_at)`.execute(db);

  // Ordering only (never shown): a plain sequence default rather than an identity, as audit_log since
  // 2026_12_05_0120, so that the table distributes under Citus.
  await sql`create sequence complaint_events_seq as bigint`.execute(db);
  await sql`
    create table complaint_events (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      seq bigint not null default nextval('complaint_events_seq'),
      complaint_id uuid not null,
      at timestamptz not null,
      kind text not null check (kind in ('received', 'state', 'assigned', 'reply', 'note', 'merged', 'forwarded', 'escalated', 'redacted', 'photo')),
      from_state text,
      to_state text,
      public boolean not null,
      body text,
      locale text,
      author_id uuid,
      author_name text,
      details jsonb,
      primary key (tenant_id, id),
      foreign key (tenant_id, complaint_id) references complaints (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`alter sequence complaint_events_seq owned by complaint_events.seq`.execute(db);
  await sql`create index complaint_events_complaint on complaint_events (tenant_id, complaint_id, seq)`.execute(db);

  await sql`
    create table complaint_photos (
      tenant_id uuid not null references tenants (id) on delete cascade,
      file_id uuid not null,
      complaint_id uuid not null,
      status text not null check (status in ('pending', 'published', 'hidden')),
      created_at timestamptz not null,
      reviewed_at timestamptz,
      primary key (tenant_id, file_id),
      foreign key (tenant_id, complaint_id) references complaints (tenant_id, id) on delete cascade,
      foreign key (tenant_id, file_id) references tenant_files (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index complaint_photos_complaint on complaint_photos (tenant_id, complaint_id)`.execute(db);

  await sql`
    create table complaint_supporters (
      tenant_id uuid not null references tenants (id) on delete cascade,
      complaint_id uuid not null,
      supporter_hash text not null check (supporter_hash ~ '^[0-9a-f]{64}$'),
      at timestamptz not null,
      primary key (tenant_id, complaint_id, supporter_hash),
      foreign key (tenant_id, complaint_id) references complaints (tenant_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table complaint_reply_templates (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      state text not null check (state in ('received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded')),
      title jsonb not null,
      body jsonb not null,
      position integer not null default 0,
      updated_at timestamptz not null,
      primary key (tenant_id, id)
    )`.execute(db);

  await sql`
    create table open311_keys (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      created_by uuid,
      revoked_at timestamptz,
      last_used_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, key_hash)
    )`.execute(db);

  const tables = [
    'complaint_categories',
    'complaint_settings',
    'complaints',
    'complaint_events',
    'complaint_photos',
    'complaint_supporters',
    'complaint_reply_templates',
    'open311_keys',
  ];
  for (const table of tables) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (a city supervisor given rights on an arrondissement
    // reads its complaints through the scope; nothing else reads across tenants).
    await sql`
      create policy tenant_read on ${t} for select using (
        tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
      )`.execute(db);
    // Writes: own rows only, before and after the change.
    await sql`
      create policy tenant_write on ${t} for all
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
    // Tenant deletion removes them.
    await sql`grant delete on ${t} to jamaa_provisioner`.execute(db);
  }
  // The history is append-only for requests; complaints are never deleted by a request (a duplicate is merged).
  await sql`grant select, insert on complaint_events to jamaa_app`.execute(db);
  await sql`grant usage on sequence complaint_events_seq to jamaa_app`.execute(db);
  await sql`grant select, insert, update on complaints to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on complaint_categories, complaint_settings, complaint_photos, complaint_supporters, complaint_reply_templates, open311_keys to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table open311_keys, complaint_reply_templates, complaint_supporters, complaint_photos, complaint_events, complaints, complaint_settings, complaint_categories`.execute(db);
}
