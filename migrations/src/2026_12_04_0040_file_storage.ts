import { type Kysely, sql } from 'kysely';

/**
 * File bytes leave the database for storage (local disk or an S3-compatible bucket): `tenant_files`
 * keeps what a file is (purpose, type, size, SHA-256) and where its bytes are (`storage_key`, the
 * tenant id first). Purposes widen for what comes next: complaint photos, documents, images,
 * attachments.
 *
 * Existing rows (logos, stored as bytea) keep their bytes in `legacy_bytes`: a migration cannot reach
 * storage, so the application moves them at its next start (`moveLegacyFiles`, once, under the
 * start-up lock) and clears the column. A row has its bytes in exactly one place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Row-level security is forced on this table, so even its owner sees no row without a tenant: the
  // size of existing rows is filled with the policy lifted, inside this migration's transaction.
  await sql`alter table tenant_files no force row level security`.execute(db);
  await sql`alter table tenant_files rename column bytes to legacy_bytes`.execute(db);
  await sql`alter table tenant_files alter column legacy_bytes drop not null`.execute(db);
  await sql`alter table tenant_files add column storage_key text`.execute(db);
  await sql`alter table tenant_files add column size integer`.execute(db);
  await sql`update tenant_files set size = octet_length(legacy_bytes)`.execute(db);
  await sql`alter table tenant_files alter column size set not null`.execute(db);
  await sql`alter table tenant_files add constraint tenant_files_size_check check (size >= 0)`.execute(db);
  await sql`alter table tenant_files add constraint tenant_files_bytes_in_one_place check ((storage_key is null) <> (legacy_bytes is null))`.execute(
    db,
  );
  await sql`alter table tenant_files add constraint tenant_files_storage_key_key unique (tenant_id, storage_key)`.execute(db);
  await sql`alter table tenant_files drop constraint tenant_files_purpose_check`.execute(db);
  await sql`
    alter table tenant_files add constraint tenant_files_purpose_check
      check (purpose in ('logo', 'complaint_photo', 'document', 'image', 'attachment'))`.execute(db);
  await sql`create index tenant_files_purpose on tenant_files (tenant_id, purpose, created_at)`.execute(db);
  await sql`alter table tenant_files force row level security`.execute(db);
  // Policies (tenant_read, tenant_write) and grants are unchanged: the table stays tenant-owned.
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tenant_files no force row level security`.execute(db);
  // Bytes already in storage cannot come back into the database here: refuse rather than lose them.
  await sql`
    do $$ begin
      if exists (select from tenant_files where legacy_bytes is null) then
        raise exception 'tenant_files has rows whose bytes are in storage; copy them back before going down';
      end if;
    end $$`.execute(db);
  await sql`drop index tenant_files_purpose`.execute(db);
  await sql`alter table tenant_files drop constraint tenant_files_purpose_check`.execute(db);
  await sql`alter table tenant_files add constraint tenant_files_purpose_check check (purpose in ('logo'))`.execute(db);
  await sql`alter table tenant_files drop constraint tenant_files_storage_key_key`.execute(db);
  await sql`alter table tenant_files drop constraint tenant_files_bytes_in_one_place`.execute(db);
  await sql`alter table tenant_files drop constraint tenant_files_size_check`.execute(db);
  await sql`alter table tenant_files drop column size`.execute(db);
  await sql`alter table tenant_files drop column storage_key`.execute(db);
  await sql`alter table tenant_files alter column legacy_bytes set not null`.execute(db);
  await sql`alter table tenant_files rename column legacy_bytes to bytes`.execute(db);
  await sql`alter table tenant_files force row level security`.execute(db);
}
