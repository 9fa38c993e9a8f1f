import { type Kysely, sql } from 'kysely';

/**
 * The tenant's life after onboarding (api/src/lifecycle): suspension, archiving, export, import and
 * deletion. Deleting a tenant runs as `jamaa_provisioner` (the role that creates tenants) and removes
 * its rows table by table, under row-level security as that tenant; so the provisioner needs DELETE on
 * every tenant-owned table (some, such as `audit_log` and `counters`, are append-only for the request
 * role `jamaa_app`) and on `tenants` itself.
 *
 * The grant is made generically, to every table of `public` that has a `tenant_id` column and that the
 * provisioner cannot yet delete from, so tables added by earlier migrations are covered whatever their
 * own grants said. `lifecycle/grants.test.ts` fails when a later table lacks it.
 *
 * An import recreates the staff accounts that a tenant's memberships name when the target database
 * lacks them, under the same ids (so memberships and audit entries keep pointing at them): the
 * provisioner may insert `staff_users.id`, and only with a password hash nobody can match (the importer
 * writes one; the person sets a password through "forgot password").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    declare t record;
    begin
      for t in
        select c.relname
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p')
           and not has_table_privilege('jamaa_provisioner', c.oid, 'DELETE')
      loop
        execute format('grant delete on %I to jamaa_provisioner', t.relname);
      end loop;
    end $$`.execute(db);
  await sql`grant delete on tenants to jamaa_provisioner`.execute(db);
  await sql`
    grant insert (id, email, display_name, password_hash, password_changed_at, created_at, disabled_at)
      on staff_users to jamaa_provisioner`.execute(db);
  // Rows imported with their sequence values (`audit_log.id`, one sequence for the platform) must not be
  // handed out again: the importer moves the sequence past them. Moving a sequence needs its owner, so
  // this function does only that, only forwards, and only for a column of a tenant-owned table that
  // owns its sequence (identity or serial).
  await sql`
    create function app.advance_identity(tbl regclass, col name, at_least bigint) returns void
      language plpgsql security definer set search_path = pg_catalog, public as $$
    declare seq text;
    begin
      seq := pg_get_serial_sequence(tbl::text, col);
      if seq is null or not exists (
        select from pg_attribute t where t.attrelid = tbl and t.attname = 'tenant_id' and not t.attisdropped
      ) then
        raise exception 'not a sequence-numbered column of a tenant-owned table: %.%', tbl, col;
      end if;
      perform setval(seq, greatest(at_least, (select last_value from pg_sequences where format('%I.%I', schemaname, sequencename)::regclass = seq::regclass)));
    end $$`.execute(db);
  await sql`revoke all on function app.advance_identity(regclass, name, bigint) from public`.execute(db);
  await sql`grant execute on function app.advance_identity(regclass, name, bigint) to jamaa_provisioner`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function app.advance_identity(regclass, name, bigint)`.execute(db);
  await sql`revoke insert (id, email, display_name, password_hash, password_changed_at, created_at, disabled_at) on staff_users from jamaa_provisioner`.execute(db);
  await sql`revoke delete on tenants from jamaa_provisioner`.execute(db);
  for (const table of ['audit_log', 'counters']) await sql`revoke delete on ${sql.table(table)} from jamaa_provisioner`.execute(db);
}
