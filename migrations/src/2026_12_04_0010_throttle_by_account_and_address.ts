import { type Kysely, sql } from 'kysely';

/**
 * Sign-in throttling that a stranger cannot turn against the owner (OWASP's "device cookie").
 *
 * `login_throttle` gains two scopes: `account_ip` (one account from one address) and `device` (one
 * account from a browser it has signed in from before, or from a signed-in session re-typing its
 * password). The `account` counter now only holds back clients the account has never used: a stranger
 * who fails fifty times from fifty addresses locks out new devices, not the owner's own browser.
 *
 * `trusted_devices` (tenant-owned, like sessions: the cookie is the host's): the SHA-256 of a random
 * device token, and the accounts that completed a sign-in (or a password reset) with it on this host.
 * One office computer may carry one token for several colleagues.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table login_throttle drop constraint login_throttle_scope_check`.execute(db);
  await sql`
    alter table login_throttle add constraint login_throttle_scope_check
      check (scope in ('account', 'ip', 'account_ip', 'device'))`.execute(db);

  await sql`
    create table trusted_devices (
      tenant_id uuid not null references tenants (id) on delete cascade,
      token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references staff_users (id) on delete cascade,
      created_at timestamptz not null,
      last_used_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (tenant_id, token_hash, user_id)
    )`.execute(db);
  await sql`create index trusted_devices_user on trusted_devices (tenant_id, user_id)`.execute(db);

  await sql`alter table trusted_devices enable row level security`.execute(db);
  await sql`alter table trusted_devices force row level security`.execute(db);
  // Reads: own rows, and those of tenants in scope (the same rule as every tenant-owned table).
  await sql`
    create policy tenant_read on trusted_devices for select using (
      tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
    )`.execute(db);
  // Writes: own rows only, before and after the change.
  await sql`
    create policy tenant_write on trusted_devices for all
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`grant select, insert, update, delete on trusted_devices to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table trusted_devices`.execute(db);
  await sql`delete from login_throttle where scope not in ('account', 'ip')`.execute(db);
  await sql`alter table login_throttle drop constraint login_throttle_scope_check`.execute(db);
  await sql`alter table login_throttle add constraint login_throttle_scope_check check (scope in ('account', 'ip'))`.execute(db);
}
