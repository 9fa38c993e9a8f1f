import { type Kysely, sql } from 'kysely';

/**
 * Mail delivery through a transactional outbox. A message is a `mail_outbox` row written in the
 * transaction of the change that causes it; a dispatcher delivers pending rows afterwards, with
 * retries, so a mail server that is down loses nothing and a rolled-back change sends nothing.
 *
 * - `status`: `pending` (to deliver; `next_attempt_at` says when), `sent`, `failed` (given up), `held`
 *   (written with no mail server configured: it stays in the outbox, never sent).
 * - `claimed_until`: a dispatcher that took a row sends it before then; another dispatcher skips it
 *   meanwhile, and takes it again only if the first one died.
 * - `secret`: the message carries a link that grants access (invitation, password reset). The console
 *   never shows its body to a tenant's staff; the body is blanked once delivered or given up.
 * - `kind` and `locale`: which text of the `mail` strings it was written from, in which language.
 *
 * Rows written before this migration were written with no mail server: they become `held`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox rename column error to last_error`.execute(db);
  // Defaults fill the existing rows (DDL: no row-level security involved), then are dropped: the
  // application always says what it writes.
  await sql`
    alter table mail_outbox
      add column kind text not null default 'message' check (kind ~ '^[a-z]+(_[a-z]+)*$'),
      add column locale text check (locale in ('ar', 'fr', 'zgh')),
      add column secret boolean not null default false,
      add column status text not null default 'held' check (status in ('pending', 'sent', 'failed', 'held')),
      add column attempts integer not null default 0 check (attempts >= 0),
      add column next_attempt_at timestamptz,
      add column claimed_until timestamptz,
      add constraint mail_outbox_pending_is_scheduled check (status <> 'pending' or next_attempt_at is not null)`.execute(db);
  await sql`alter table mail_outbox alter column kind drop default, alter column status drop default`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (tenant_id, next_attempt_at) where status = 'pending'`.execute(db);

  // The dispatcher must find which tenants have mail due without bypassing row-level security: it runs
  // as jamaa_app like every unit of work, and this function runs with its caller's rights (no SECURITY
  // DEFINER: it needs no privilege jamaa_app lacks). It answers only tenant ids — no address, subject
  // or body — read through the ordinary tenant_read policy with every tenant put in `app.tenant_scope`
  // for its one query, the previous scope restored afterwards. The dispatcher then handles each tenant
  // in a unit of work of that tenant.
  await sql`
    create function app.mail_due_tenants(due_at timestamptz) returns setof uuid
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
  await sql`revoke all on function app.mail_due_tenants(timestamptz) from public`.execute(db);
  await sql`grant execute on function app.mail_due_tenants(timestamptz) to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function app.mail_due_tenants(timestamptz)`.execute(db);
  await sql`drop index mail_outbox_due`.execute(db);
  await sql`
    alter table mail_outbox
      drop constraint mail_outbox_pending_is_scheduled,
      drop column claimed_until, drop column next_attempt_at, drop column attempts, drop column status,
      drop column secret, drop column locale, drop column kind`.execute(db);
  await sql`alter table mail_outbox rename column last_error to error`.execute(db);
}
