import { type Kysely, sql } from 'kysely';

/**
 * Whom to call and where to go (issue 10).
 *
 * - `contact_lines`: a tenant's hotlines by topic (short numbers such as 15, free 080x numbers, its own
 *   lines), with hours and labels in each language; `main` ones are shown in the footer and on the home page.
 * - `contact_operators`: the operators of delegated public services (water, electricity, sanitation,
 *   transport, waste) with their channels; `verified` false marks a typical entry the commune must confirm.
 * - `offices.ramadan_hours`: opening periods during Ramadan (empty: the usual ones apply).
 *
 * Both tables are tenant-owned and read like offices: an arrondissement shows its commune's lines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table contact_lines (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      topic text not null,
      kind text not null check (kind in ('short', 'free', 'line')),
      number text not null check (number ~ '^([0-9]{2,4}|\\+212[5-8][0-9]{8})$'),
      free boolean not null default false,
      main boolean not null default false,
      labels jsonb not null,
      hours jsonb not null default '{}',
      notes jsonb not null default '{}',
      position integer not null default 0,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);

  await sql`
    create table contact_operators (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      service text not null,
      names jsonb not null,
      phone text check (phone ~ '^([0-9]{2,4}|\\+212[5-8][0-9]{8})$'),
      website text,
      app text,
      agency jsonb not null default '{}',
      verified boolean not null default false,
      position integer not null default 0,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);

  for (const table of ['contact_lines', 'contact_operators']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (an arrondissement shows its commune's numbers).
    await sql`
      create policy tenant_read on ${t} for select using (
        tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        or tenant_id = any (nullif(current_setting('app.tenant_scope', true), '')::uuid[])
      )`.execute(db);
    // Writes: own rows only.
    await sql`
      create policy tenant_write on ${t} for all
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
    await sql`grant select, insert, update, delete on ${t} to jamaa_app`.execute(db);
    // Deleting a tenant (lifecycle) runs as the provisioner.
    await sql`grant delete on ${t} to jamaa_provisioner`.execute(db);
  }

  await sql`alter table offices add column ramadan_hours jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table offices drop column ramadan_hours`.execute(db);
  await sql`drop table contact_operators, contact_lines`.execute(db);
}
