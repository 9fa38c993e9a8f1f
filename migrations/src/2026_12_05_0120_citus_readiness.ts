import { type Kysely, sql } from 'kysely';

/**
 * Ready for Citus (docs/scaling.md), and no change at all on one PostgreSQL or PGlite:
 *
 * - `app.set_tenant` first sets `citus.propagate_set_commands = 'local'` for the transaction, so that on a
 *   Citus coordinator the `SET LOCAL app.tenant_id` / `app.tenant_scope` that follow also reach the worker
 *   connections of the transaction, where the shards and their row-level security live. Without Citus the
 *   setting is an unknown, dotted (placeholder) name: PostgreSQL and PGlite accept it and nothing reads it.
 * - `audit_log.id` was an identity column. Citus converts identity columns only in some set-ups (its
 *   defaults refuse to distribute a table whose identity sequence other objects depend on); a plain
 *   sequence default behaves the same here (the API never shows `id`: `public_id` is the entry's id) and
 *   distributes everywhere. `nextval` needs USAGE on the sequence.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function app.set_tenant(tenant uuid, scope uuid[]) returns void
    language plpgsql volatile as $$
    begin
      SET LOCAL citus.propagate_set_commands = 'local';
      execute format('SET LOCAL app.tenant_id = %L', coalesce(tenant::text, ''));
      execute format('SET LOCAL app.tenant_scope = %L', coalesce(scope::text, ''));
    end $$`.execute(db);

  await sql`alter table audit_log alter column id drop identity if exists`.execute(db);
  await sql`create sequence if not exists audit_log_id_seq as bigint owned by audit_log.id`.execute(db);
  await sql`select setval('audit_log_id_seq', coalesce((select max(id) from audit_log), 0) + 1, false)`.execute(db);
  await sql`alter table audit_log alter column id set default nextval('audit_log_id_seq')`.execute(db);
  await sql`grant usage on sequence audit_log_id_seq to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log alter column id drop default`.execute(db);
  await sql`drop sequence audit_log_id_seq`.execute(db);
  await sql`
    do $$ declare next bigint; begin
      select coalesce(max(id), 0) + 1 into next from audit_log;
      execute format('alter table audit_log alter column id add generated always as identity (start with %s)', next);
    end $$`.execute(db);
  await sql`
    create or replace function app.set_tenant(tenant uuid, scope uuid[]) returns void
    language plpgsql volatile as $$
    begin
      execute format('SET LOCAL app.tenant_id = %L', coalesce(tenant::text, ''));
      execute format('SET LOCAL app.tenant_scope = %L', coalesce(scope::text, ''));
    end $$`.execute(db);
}
