import { type Kysely, sql } from 'kysely';

/**
 * The staff queue's open complaints in the queue's own order (api/src/complaints/complaints.repository.ts
 * `listQueue`: by due date — the overdue ones come first that way —, then newest first), for the tenant's
 * complaints still owed an answer and not merged: PostgreSQL reads a page of the queue from the index and
 * stops there, instead of sorting every open complaint of the tenant (8,790 for Casablanca in the national
 * dataset) for each page; counting them reads this smaller index too. Leads with `tenant_id`, as every
 * index of a table distributed by it (Citus). The state list is `OPEN_STATES`
 * (api/src/complaints/complaint-states.ts); the queries repeat it as literals so that the planner matches
 * this predicate. An index only: the table keeps its row-level security and grants.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index complaints_open_queue on complaints (tenant_id, due_at, created_at desc, id)
      where state in ('received', 'assigned', 'in_progress') and merged_into is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index complaints_open_queue`.execute(db);
}
