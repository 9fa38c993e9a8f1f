import { type Kysely, sql } from 'kysely';

/**
 * Fittings that residents' requests share (api/src/counters, idempotency, throttling): gap-free numbers,
 * idempotent submissions and throttled anonymous submissions. All three are tenant-owned: `tenant_id` leads
 * every key, row-level security is forced, and every statement names its tenant (STACK.md, "Staying ready
 * for distribution").
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per tenant, series and year; `last` is the last number handed out. Taken with
  // `UPDATE … SET last = last + 1 … RETURNING last` in the transaction that uses the number: the row lock
  // queues concurrent takers, and a rollback gives the number back, so numbers never repeat or skip.
  await sql`
    create table counters (
      tenant_id uuid not null references tenants (id) on delete cascade,
      series text not null check (series ~ '^[a-z][a-z0-9_]{0,39}$'),
      year integer not null check (year between 2000 and 2999),
      last integer not null default 0 check (last >= 0),
      primary key (tenant_id, series, year)
    )`.execute(db);

  // A submission's idempotency key (SHA-256 of the client's key, scoped by operation) and the first answer
  // given to it, replayed to a retry with the same body until `expires_at`. `in_flight` rows are claims held
  // while the first request runs; `locked_until` lets another process take over a claim whose holder died.
  await sql`
    create table idempotency_keys (
      tenant_id uuid not null references tenants (id) on delete cascade,
      scope text not null check (scope ~ '^[a-z][a-z0-9_.:-]{0,79}$'),
      key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
      request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
      state text not null check (state in ('in_flight', 'done')),
      locked_until timestamptz,
      response_status integer,
      response_content_type text,
      response_body bytea,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (tenant_id, scope, key_hash),
      check ((state = 'done') = (response_status is not null)),
      check ((state = 'in_flight') = (locked_until is not null))
    )`.execute(db);
  await sql`create index idempotency_keys_expiry on idempotency_keys (tenant_id, expires_at)`.execute(db);

  // Token buckets for anonymous submissions: one per tenant and operation, one per client address (stored
  // as a salted hash, never in clear) and operation.
  await sql`
    create table submission_throttle (
      tenant_id uuid not null references tenants (id) on delete cascade,
      bucket text not null check (length(bucket) between 1 and 200),
      tokens double precision not null check (tokens >= 0),
      updated_at timestamptz not null,
      primary key (tenant_id, bucket)
    )`.execute(db);
  await sql`create index submission_throttle_updated on submission_throttle (tenant_id, updated_at)`.execute(db);

  for (const table of ['counters', 'idempotency_keys', 'submission_throttle']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // Reads: own rows and those of tenants in scope (the uniform rule; these tables are only read by their owner).
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

  // A counter is never deleted nor lowered by the application (a number once used stays used).
  await sql`grant select, insert, update on counters to jamaa_app`.execute(db);
  await sql`grant select, insert, update, delete on idempotency_keys, submission_throttle to jamaa_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table submission_throttle, idempotency_keys, counters`.execute(db);
}
