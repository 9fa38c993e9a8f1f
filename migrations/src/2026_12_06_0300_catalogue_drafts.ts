import { type Kysely, sql } from 'kysely';

/**
 * The national operator's draft of the next catalogue version (api/src/catalogue/governance.*): the services
 * it changes (a whole new card each) or withdraws, on top of the current version, until it is published or
 * discarded. Owned by the platform tenant, so tenant-owned like every other table (row-level security with the
 * two usual policies; only the platform tenant's session, the operator's, reads or writes it). At most one
 * draft per tenant. No foreign key to `catalogue_versions`: an exported platform imports anywhere.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table catalogue_drafts (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      label text not null check (length(label) between 1 and 120),
      changes jsonb not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id)
    )`.execute(db);
  await sql`alter table catalogue_drafts enable row level security`.execute(db);
  await sql`alter table catalogue_drafts force row level security`.execute(db);
  await sql`
    create policy tenant_read on catalogue_drafts for select using (
      tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
    )`.execute(db);
  await sql`
    create policy tenant_write on catalogue_drafts for all
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`grant select, insert, update, delete on catalogue_drafts to jamaa_app`.execute(db);
  await sql`grant delete on catalogue_drafts to jamaa_provisioner`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table catalogue_drafts`.execute(db);
}
