import { type Kysely, sql } from 'kysely';

/**
 * Least privilege: who may write what, and which login the server uses.
 *
 * Roles (cluster-wide; created when missing, never dropped here — other databases may use them):
 * - `jamaa_app` (since 0001): every request's unit of work. From here on it reads the shared security
 *   tables and writes only what request paths need: on `staff_users`, inserting an account (accepting an
 *   invitation) and the columns of sign-in (password, second factor, session generation, disabling) —
 *   never an e-mail address; nothing on `tenants`, `tenant_domains`, `platform_roles`, `seed_runs`.
 * - `jamaa_provisioner`: `jamaa_app` plus creating and changing tenants and their domains (seeding,
 *   branding, the operator's onboarding next). Switched per transaction by `withProvisioning`.
 * - `jamaa_platform_admin`: `jamaa_provisioner` plus granting platform roles (the operator). Only the
 *   owner may switch to it (demo seeding at start-up, a future CLI): never the serving login, so no SQL
 *   reachable from a request can make anyone an operator.
 * - `jamaa_server`: the LOGIN the server serves with. NOINHERIT, member of `jamaa_app` and
 *   `jamaa_provisioner` only, owns nothing and holds no privilege of its own: a `RESET ROLE` leaves it
 *   unable to read any table. Its password is set by an administrator (`ALTER ROLE jamaa_server
 *   PASSWORD …`); a migration never handles secrets.
 *
 * Creating roles needs CREATEROLE; an owner without it gets a warning, and an administrator runs the
 * statements of infra/README.md ("Database roles") once. Start-up checks the result either way.
 *
 * Also: nobody but the owner may create temporary tables in this database (TEMPORARY revoked from PUBLIC).
 * `CREATE DATABASE … TEMPLATE` does not copy a database's privileges: the test harness repeats that revoke.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The three roles, idempotent and safe when several databases of one server migrate at once.
  await sql`
    do $$
    declare
      spec record;
    begin
      for spec in select * from (values
        ('jamaa_provisioner', 'nologin inherit'),
        ('jamaa_platform_admin', 'nologin inherit'),
        ('jamaa_server', 'login noinherit')
      ) as s(name, attrs) loop
        if not exists (select from pg_roles where rolname = spec.name) then
          begin
            execute format('create role %I %s nosuperuser nocreatedb nocreaterole nobypassrls noreplication', spec.name, spec.attrs);
          exception
            when duplicate_object or unique_violation then null; -- created meanwhile by another database's migration
            when insufficient_privilege then
              raise warning 'could not create role %: an administrator must create it (see infra/README.md)', spec.name;
          end;
        end if;
      end loop;
    end $$`.execute(db);

  // Memberships: the provisioner is the request role plus its own grants, the platform admin the provisioner
  // plus its own; the serving login may switch to the first two only; the owner to all (it seeds).
  await sql`
    do $$
    declare
      m record;
    begin
      for m in select * from (values
        ('jamaa_app', 'jamaa_provisioner'),
        ('jamaa_provisioner', 'jamaa_platform_admin'),
        ('jamaa_app', 'jamaa_server'),
        ('jamaa_provisioner', 'jamaa_server'),
        ('jamaa_provisioner', current_user::text),
        ('jamaa_platform_admin', current_user::text)
      ) as s(granted, member) loop
        if exists (select from pg_roles where rolname = m.granted) and exists (select from pg_roles where rolname = m.member)
          and not pg_has_role(m.member, m.granted, 'member') then
          begin
            execute format('grant %I to %I', m.granted, m.member);
          exception when insufficient_privilege then
            raise warning 'could not grant % to %: an administrator must (see infra/README.md)', m.granted, m.member;
          end;
        end if;
      end loop;
    end $$`.execute(db);

  // jamaa_app: read the shared security tables; write only what requests need.
  await sql`revoke all on tenants, tenant_domains, platform_roles, staff_users, seed_runs from jamaa_app`.execute(db);
  await sql`grant select on tenants, tenant_domains, platform_roles, staff_users, seed_runs to jamaa_app`.execute(db);
  // Accepting an invitation creates the account.
  await sql`
    grant insert (email, display_name, password_hash, password_changed_at, totp_secret, totp_enabled_at, created_at)
    on staff_users to jamaa_app`.execute(db);
  // Password change and reset, second factor, ending every session, the operator's disable.
  await sql`
    grant update (password_hash, password_changed_at, totp_secret, totp_enabled_at, totp_last_step, session_generation, disabled_at)
    on staff_users to jamaa_app`.execute(db);
  // A server started with only the serving login checks that no migration is pending.
  await sql`grant select on kysely_migration to jamaa_app`.execute(db);

  // Shared table with a tenant_id on purpose: host resolution reads it before any tenant is known, and a
  // domain is unique across the platform. Only provisioning writes it.
  await sql`grant insert, update on tenants to jamaa_provisioner`.execute(db);
  await sql`grant insert, update, delete on tenant_domains to jamaa_provisioner`.execute(db);
  await sql`grant insert on seed_runs to jamaa_provisioner`.execute(db);
  await sql`grant insert, delete on platform_roles to jamaa_platform_admin`.execute(db);

  await sql`
    do $$ begin
      execute format('revoke temporary on database %I from public', current_database());
    exception when insufficient_privilege then
      raise warning 'could not revoke TEMPORARY on database % from PUBLIC: its owner must', current_database();
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    do $$ begin
      execute format('grant temporary on database %I to public', current_database());
    exception when insufficient_privilege then
      raise warning 'could not grant TEMPORARY on database % to PUBLIC', current_database();
    end $$`.execute(db);
  await sql`revoke all on platform_roles from jamaa_platform_admin`.execute(db);
  await sql`revoke all on tenants, tenant_domains, seed_runs from jamaa_provisioner`.execute(db);
  await sql`revoke all on kysely_migration from jamaa_app`.execute(db);
  // Revoking at table level also drops the column grants; then the privileges of 0001 and 0003 again.
  await sql`revoke all on staff_users from jamaa_app`.execute(db);
  await sql`grant select, insert, update on tenants, tenant_domains to jamaa_app`.execute(db);
  await sql`grant delete on tenant_domains to jamaa_app`.execute(db);
  await sql`grant select, insert on seed_runs to jamaa_app`.execute(db);
  await sql`grant select, insert, update on staff_users to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on platform_roles to jamaa_app`.execute(db);
  // The roles are cluster-wide and may serve other databases: they are left in place, like jamaa_app.
}
