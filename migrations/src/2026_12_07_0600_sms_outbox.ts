import { type Kysely, sql } from 'kysely';

/**
 * SMS through the same outbox as mail (issue 11: an agent files a complaint for a resident who calls or
 * comes to the counter, and the resident gets the number and private link by SMS). An SMS is a
 * `mail_outbox` row with `channel = 'sms'`: written in the transaction of the change that causes it,
 * delivered by a dispatcher of its own (to the HTTP gateway of SMS_GATEWAY_URL) with the same claims,
 * retries and `held` state, read by the same console under the same rules (a message to a resident is
 * the tenant's to read; the operator sees that it went out, never to whom nor what it said). `to_address`
 * holds the number in E.164 (`+2126…`).
 *
 * The table keeps its row-level security and policies: a new column changes neither. The default fills
 * existing rows, and stays: an archive exported before this migration (lifecycle import) has no channel,
 * and every row it holds is mail.
 *
 * `app.outbox_due_tenants(due_at, channel)`: `app.mail_due_tenants` for one channel, so that the mail
 * dispatcher does not visit tenants that only have SMS due, nor the other way round. Same means (its
 * caller's rights, `SET LOCAL` of the scope for Citus, ids only).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table mail_outbox
      add column channel text not null default 'mail' check (channel in ('mail', 'sms'))`.execute(db);
  await sql`drop index mail_outbox_due`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (tenant_id, channel, next_attempt_at) where status = 'pending'`.execute(db);
  await sql`
    create function app.outbox_due_tenants(due_at timestamptz, wanted text) returns setof uuid
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
        where m.status = 'pending' and m.channel = wanted and m.next_attempt_at <= due_at
          and (m.claimed_until is null or m.claimed_until <= due_at);
      execute format('SET LOCAL app.tenant_scope = %L', previous);
    end $$`.execute(db);
  await sql`revoke all on function app.outbox_due_tenants(timestamptz, text) from public`.execute(db);
  await sql`grant execute on function app.outbox_due_tenants(timestamptz, text) to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function app.outbox_due_tenants(timestamptz, text)`.execute(db);
  await sql`drop index mail_outbox_due`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (tenant_id, next_attempt_at) where status = 'pending'`.execute(db);
  await sql`alter table mail_outbox drop column channel`.execute(db);
}
