import { type Kysely, sql } from 'kysely';

/**
 * Cross-tenant counts that only ever answer numbers or ids, ready for Citus:
 *
 * - `app.mail_due_tenants` widened `app.tenant_scope` with `set_config`, which stays on the coordinator: on
 *   Citus the workers, where `mail_outbox`'s rows and their row-level security live, would not see it. It now
 *   uses `SET LOCAL` (propagated to the workers by `citus.propagate_set_commands = 'local'`) and restores the
 *   previous scope the same way. Same answers on one PostgreSQL.
 * - `app.mail_backlog()`: how many messages wait to be sent, over every tenant (the `/metrics` gauge), by the
 *   same means. A number, nothing of any message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function app.mail_due_tenants(due_at timestamptz) returns setof uuid
    language plpgsql volatile
    set search_path = pg_catalog, public
    as $$
    declare
      previous text := coalesce(current_setting('app.tenant_scope', true), '');
      everyone text := (select coalesce(array_agg(t.id), '{}')::text from public.tenants t);
    begin
      SET LOCAL citus.propagate_set_commands = 'local';
      execute format('SET LOCAL app.tenant_scope = %L', everyone);
      return query
        select distinct m.tenant_id from public.mail_outbox m
        where m.status = 'pending' and m.next_attempt_at <= due_at
          and (m.claimed_until is null or m.claimed_until <= due_at);
      execute format('SET LOCAL app.tenant_scope = %L', previous);
    end $$`.execute(db);

  await sql`
    create function app.mail_backlog() returns bigint
    language plpgsql volatile
    set search_path = pg_catalog, public
    as $$
    declare
      previous text := coalesce(current_setting('app.tenant_scope', true), '');
      everyone text := (select coalesce(array_agg(t.id), '{}')::text from public.tenants t);
      n bigint;
    begin
      SET LOCAL citus.propagate_set_commands = 'local';
      execute format('SET LOCAL app.tenant_scope = %L', everyone);
      select count(*) into n from public.mail_outbox m where m.status = 'pending';
      execute format('SET LOCAL app.tenant_scope = %L', previous);
      return n;
    end $$`.execute(db);
  await sql`revoke all on function app.mail_backlog() from public`.execute(db);
  await sql`grant execute on function app.mail_backlog() to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function app.mail_backlog()`.execute(db);
  await sql`
    create or replace function app.mail_due_tenants(due_at timestamptz) returns setof uuid
    language plpgsql volatile
    set search_path = pg_catalog, public
    as $$
    declare
      previous text := current_setting('app.tenant_scope', true);
    begin
      perform set_config('app.tenant_scope', (select coalesce(array_agg(t.id), '{}')::text from public.tenants t), true);
      return query
        select distinct m.tenant_id from public.mail_outbox m
        where m.status = 'pending' and m.next_attempt_at <= due_at
          and (m.claimed_until is null or m.claimed_until <= due_at);
      perform set_config('app.tenant_scope', coalesce(previous, ''), true);
    end $$`.execute(db);
}
