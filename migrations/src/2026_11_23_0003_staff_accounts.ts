import { type Kysely, sql } from 'kysely';

/**
 * Staff accounts: who they are (shared), what they may do in each tenant (tenant-owned), how they stay
 * signed in (tenant-owned sessions, one host at a time), and the append-only audit log.
 *
 * Shared tables hold values unique across the platform (a staff email is one account everywhere) and
 * never carry a `tenant_id` column; tenant-owned tables lead every key with `tenant_id` and are under
 * row-level security (see STACK.md, "Staying ready for distribution").
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Shared: one account per person, platform-wide. `session_generation` is bumped to end every session
  // of the account at once (password change, disable): sessions live in many tenants, and a session
  // whose generation differs is refused wherever it is.
  await sql`
    create table staff_users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and position('@' in email) > 1),
      display_name text not null check (length(display_name) between 1 and 120),
      password_hash text not null,
      password_changed_at timestamptz not null,
      totp_secret bytea,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      session_generation integer not null default 0,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      check (totp_enabled_at is null or totp_secret is not null)
    )`.execute(db);

  // Shared: single-use recovery codes, stored as SHA-256 (they carry 80 random bits).
  await sql`
    create table staff_recovery_codes (
      user_id uuid not null references staff_users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    )`.execute(db);

  // Shared: roles above any tenant (the national operator).
  await sql`
    create table platform_roles (
      user_id uuid not null references staff_users (id) on delete cascade,
      role text not null check (role in ('operator')),
      granted_at timestamptz not null default now(),
      primary key (user_id, role)
    )`.execute(db);

  // Shared: failed sign-in counters per account (keyed by the e-mail typed, known or not, so unknown
  // addresses are throttled alike) and per client address.
  await sql`
    create table login_throttle (
      scope text not null check (scope in ('account', 'ip')),
      key text not null,
      failures integer not null default 0 check (failures >= 0),
      window_started_at timestamptz not null,
      lockouts integer not null default 0 check (lockouts >= 0),
      locked_until timestamptz,
      primary key (scope, key)
    )`.execute(db);

  // Shared: password reset links; the account is platform-wide, so is its reset.
  await sql`
    create table password_resets (
      token_hash text primary key,
      user_id uuid not null references staff_users (id) on delete cascade,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index password_resets_user on password_resets (user_id)`.execute(db);

  // Tenant-owned: a staff member's role in one tenant. A Casablanca staff member with rights on Anfa has
  // a row in each. Agents handle the requests of one department.
  await sql`
    create table memberships (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null references staff_users (id) on delete cascade,
      role text not null check (role in ('administrator', 'editor', 'agent', 'supervisor')),
      department text check (department ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, user_id),
      check ((role = 'agent') = (department is not null))
    )`.execute(db);
  await sql`create index memberships_user on memberships (user_id)`.execute(db);

  // Tenant-owned: a session belongs to the host's tenant; its id is the SHA-256 of the cookie's token,
  // so the token itself is never stored.
  await sql`
    create table sessions (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id text not null check (id ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references staff_users (id) on delete cascade,
      generation integer not null,
      two_factor_verified boolean not null default false,
      expires_at timestamptz not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      ip text,
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index sessions_user on sessions (tenant_id, user_id)`.execute(db);

  await sql`
    create table invitations (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
      email text not null check (email = lower(email)),
      role text not null check (role in ('administrator', 'editor', 'agent', 'supervisor')),
      department text check (department ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      invited_by uuid references staff_users (id),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references staff_users (id),
      revoked_at timestamptz,
      created_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      check ((role = 'agent') = (department is not null))
    )`.execute(db);
  await sql`create index invitations_email on invitations (tenant_id, email)`.execute(db);

  // Tenant-owned, append-only: every change made by staff or the operator, in the transaction of the
  // change. The request role may only insert and read (grants below); nobody edits history.
  await sql`
    create table audit_log (
      tenant_id uuid not null references tenants (id) on delete restrict,
      id bigint generated always as identity,
      at timestamptz not null,
      actor_id uuid references staff_users (id),
      actor_email text,
      action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
      target_type text,
      target_id text,
      target_label text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text,
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index audit_log_at on audit_log (tenant_id, at desc, id desc)`.execute(db);

  // Tenant-owned: mail written instead of sent when no SMTP server is configured (local runs); the
  // console shows it so that invitations work without a mail server.
  await sql`
    create table mail_outbox (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null,
      sent_at timestamptz,
      error text,
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index mail_outbox_created on mail_outbox (tenant_id, created_at desc)`.execute(db);

  for (const table of ['memberships', 'sessions', 'invitations', 'audit_log', 'mail_outbox']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (a commune's administrator lists the memberships
    // it granted on its arrondissements; the operator reads one tenant's audit log).
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
  }

  await sql`grant select, insert, update on staff_users to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on staff_recovery_codes, platform_roles, login_throttle, password_resets to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on memberships, sessions, invitations, mail_outbox to jamaa_app`.execute(db);
  await sql`grant select, insert on audit_log to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table mail_outbox, audit_log, invitations, sessions, memberships,
      password_resets, login_throttle, platform_roles, staff_recovery_codes, staff_users`.execute(db);
}
