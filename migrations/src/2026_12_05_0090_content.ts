import { type Kysely, sql } from 'kysely';

/**
 * The commune's public site content (api/src/content): one generic table, `content_items`, whose `kind`
 * says which window shows it (news, council sessions, tenders, projects…); the kind's own fields are a
 * JSON object validated by the application (one zod schema per kind). Texts are `{ar, fr, zgh}` objects.
 * An item is a draft, scheduled or published; it is public once it is not a draft and `publish_at` has
 * come. Every saved version is kept in `content_revisions`, so an editor can restore an earlier one.
 *
 * Both tables are tenant-owned: `tenant_id` leads every key, row-level security is forced, and the
 * provisioner may delete rows (a tenant's removal).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table content_items (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind ~ '^[a-z][a-z_]{1,39}$'),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
      status text not null check (status in ('draft', 'scheduled', 'published')),
      publish_at timestamptz,
      title jsonb not null,
      summary jsonb not null default '{}',
      body jsonb not null default '{}',
      fields jsonb not null default '{}',
      attachments jsonb not null default '[]',
      event_at timestamptz,
      expires_at timestamptz,
      shared_with_arrondissements boolean not null default false,
      revision integer not null default 1 check (revision >= 1),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      updated_by uuid,
      primary key (tenant_id, id),
      unique (tenant_id, slug),
      check ((status = 'draft') or (publish_at is not null))
    )`.execute(db);
  await sql`create index content_items_window on content_items (tenant_id, kind, status, publish_at)`.execute(db);

  // A whole item as it was saved (`snapshot`: the fields an editor changes), one row per save.
  await sql`
    create table content_revisions (
      tenant_id uuid not null,
      item_id uuid not null,
      revision integer not null check (revision >= 1),
      snapshot jsonb not null,
      created_at timestamptz not null,
      created_by uuid,
      primary key (tenant_id, item_id, revision),
      foreign key (tenant_id, item_id) references content_items (tenant_id, id) on delete cascade
    )`.execute(db);

  for (const table of ['content_items', 'content_revisions']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (an arrondissement reads its commune's shared content).
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
    await sql`grant select, insert, update, delete on ${t} to jamaa_app`.execute(db);
    // A tenant's removal deletes its rows as the provisioner.
    await sql`grant delete on ${t} to jamaa_provisioner`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table content_revisions, content_items`.execute(db);
}
