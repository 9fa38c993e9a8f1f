import { sql, type Insertable, type QueryCreator, type RawBuilder, type Selectable, type UpdateQueryBuilder } from 'kysely';
import type {
  DB,
  ComplaintCategoriesTable,
  ComplaintEventsTable,
  ComplaintPhotosTable,
  ComplaintReplyTemplatesTable,
  ComplaintsTable,
  ComplaintSettingsTable,
  ComplaintState,
  Open311KeysTable,
  TenantNames,
} from '../db/schema.ts';
import { PREPARE } from '../db/prepared.ts';
import { escapeLike } from '../db/sql.ts';
import type { numberInline } from '../counters/counters.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { CLOSED_STATES, OPEN_STATES } from './complaint-states.ts';

/** The complaint is in a state the administration still owes an answer in (`OPEN_STATES`), as SQL. */
const IS_OPEN = sql<boolean>`state in (${sql.join(OPEN_STATES.map((state) => sql.lit(state)))})`;

export type ComplaintRow = Selectable<ComplaintsTable>;
export type ComplaintEventRow = Selectable<ComplaintEventsTable>;
export type ComplaintPhotoRow = Selectable<ComplaintPhotosTable>;
export type CategoryRow = Selectable<ComplaintCategoriesTable>;
export type SettingsRow = Selectable<ComplaintSettingsTable>;
export type ReplyTemplateRow = Selectable<ComplaintReplyTemplatesTable>;
export type Open311KeyRow = Selectable<Open311KeysTable>;
export type NewComplaintRow = Omit<Insertable<ComplaintsTable>, 'tenant_id'>;

// ---------------------------------------------------------------------------------------------------------
// Categories and settings

export async function listCategoryRows(tx: TenantTx): Promise<CategoryRow[]> {
  return tx.selectFrom('complaint_categories').selectAll().where('tenant_id', '=', tx.tenantId).orderBy('position').orderBy('code').execute();
}

export async function replaceCategoryRows(
  tx: TenantTx,
  rows: readonly { code: string; names: TenantNames; deadlineDays: number; department: string | null; active: boolean }[],
): Promise<void> {
  await tx.deleteFrom('complaint_categories').where('tenant_id', '=', tx.tenantId).execute();
  if (rows.length === 0) return;
  await tx
    .insertInto('complaint_categories')
    .values(
      rows.map((r, i) => ({
        tenant_id: tx.tenantId,
        code: r.code,
        names: JSON.stringify(r.names),
        deadline_days: r.deadlineDays,
        department: r.department,
        position: i,
        active: r.active,
      })),
    )
    .execute();
}

export async function findSettingsRow(tx: TenantTx): Promise<SettingsRow | undefined> {
  return tx.selectFrom('complaint_settings').selectAll().where('tenant_id', '=', tx.tenantId).executeTakeFirst();
}

/** Sets (or clears, with `null`) the box the tenant's complaints must fall in; the tracking prefix is left as it is. */
export async function upsertSettingsArea(tx: TenantTx, area: { south: number; west: number; north: number; east: number } | null, at: Date): Promise<void> {
  const values = { area_south: area?.south ?? null, area_west: area?.west ?? null, area_north: area?.north ?? null, area_east: area?.east ?? null, updated_at: at };
  await tx
    .insertInto('complaint_settings')
    .values({ tenant_id: tx.tenantId, prefix: null, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Complaints

export type NewEvent = Omit<Insertable<ComplaintEventsTable>, 'tenant_id' | 'details'> & { details?: Record<string, unknown> | null };

/**
 * What filing a complaint answers of its new row. Listed, not `returning *`: the statement is a prepared one
 * (`PREPARE`), whose result columns are fixed when it is prepared, and a column added by a migration must not
 * change them (db/prepared.ts).
 */
const FILED_COLUMNS = ['id', 'tracking', 'year', 'number', 'category', 'contact_email', 'locale', 'due_date', 'created_at'] as const;
export type FiledComplaint = Pick<ComplaintRow, (typeof FILED_COLUMNS)[number]>;

/** A write that goes with the filing, given its tracking number (the idempotency key's answer): a row when it wrote. */
export type FilingPart = (qc: QueryCreator<DB>, tracking: RawBuilder<string>) => UpdateQueryBuilder<DB, 'idempotency_keys', 'idempotency_keys', { key_hash: string }>;

/**
 * Files a complaint in one round trip: its number taken from the counter (`numberInline`), the row, its
 * first event and, with `part`, a write that needs its tracking number (`also_written`: whether it wrote),
 * as parts of one statement (CTEs). The event's foreign key is checked at the end of the statement, when the
 * row is there.
 *
 * The row is an `INSERT … SELECT` from the counter's CTE, not `INSERT … VALUES` with a subquery on it: Citus
 * plans each data-modifying CTE on its own (in order: the counter, the row, the event, each on the tenant's
 * shard) and refuses a subquery inside `VALUES` ("subqueries are not supported within INSERT queries").
 * Parameters of the SELECT list take their type from the target columns, as in `VALUES`. The part gets
 * the tracking number as a scalar subquery on the counter's CTE. On PostgreSQL the statement is a prepared
 * one (`PREPARE`): parsed and planned once per connection, then only bound and run.
 */
export async function insertNumberedComplaint(
  tx: TenantTx,
  number: Pick<ReturnType<typeof numberInline>, 'name' | 'counter' | 'year' | 'number' | 'tracking'>,
  row: Omit<NewComplaintRow, 'tracking' | 'year' | 'number'> & { id: string },
  event: Omit<NewEvent, 'complaint_id'>,
  part?: FilingPart,
): Promise<{ row: FiledComplaint; alsoWritten: boolean }> {
  const { details, ...rest } = event;
  const given = Object.entries({ ...row, tenant_id: tx.tenantId, year: number.year }).filter(([, value]) => value !== undefined);
  const columns = [...given.map(([column]) => column), 'tracking', 'number'] as (keyof Insertable<ComplaintsTable>)[];
  const numbered = tx.with(number.name, number.counter);
  const tracking = sql<string>`(select ${number.tracking} from ${sql.table(number.name)})`;
  // The part is read by name only (`exists (select from also)`), so the builder keeps the type without it.
  const { also_written: alsoWritten, ...filed } = await (part ? (numbered.with('also', (qc) => part(qc, tracking)) as unknown as typeof numbered) : numbered)
    .with('filed', (qc) =>
      qc
        .insertInto('complaints')
        .columns(columns)
        .expression(
          qc.selectFrom(number.name).select([...given.map(([column, value]) => sql.val(value).as(column)), number.tracking.as('tracking'), number.number.as('number')]),
        )
        .returning([...FILED_COLUMNS]),
    )
    .with('first_event', (qc) =>
      qc
        .insertInto('complaint_events')
        .values({ ...rest, complaint_id: row.id, tenant_id: tx.tenantId, details: details ? JSON.stringify(details) : null })
        .returning('complaint_id'),
    )
    .selectFrom('filed')
    .select([...FILED_COLUMNS])
    .select((part ? sql<boolean>`exists (select from also)` : sql<boolean>`false`).as('also_written'))
    .modifyEnd(PREPARE)
    .executeTakeFirstOrThrow();
  return { row: filed as FiledComplaint, alsoWritten };
}

export async function findComplaintByTokenHash(tx: TenantTx, tokenHash: string): Promise<ComplaintRow | undefined> {
  return tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tx.tenantId).where('access_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findComplaintByTracking(tx: TenantTx, tracking: string): Promise<ComplaintRow | undefined> {
  return tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tx.tenantId).where('tracking', '=', tracking).executeTakeFirst();
}

/** A complaint of one of `tenantIds` (the handle's own, or an arrondissement in its readable scope). */
export async function findComplaintById(tx: TenantTx, tenantIds: readonly string[], id: string): Promise<ComplaintRow | undefined> {
  return tx.selectFrom('complaints').selectAll().where('tenant_id', 'in', [...tenantIds]).where('id', '=', id).executeTakeFirst();
}

export async function findTrackingsByIds(tx: TenantTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('complaints').select(['id', 'tracking']).where('tenant_id', '=', tx.tenantId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.tracking]));
}

/** The complaint, locked until the transaction ends (one change at a time). */
export async function lockComplaint(tx: TenantTx, id: string): Promise<ComplaintRow | undefined> {
  return tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateComplaint(tx: TenantTx, id: string, patch: Partial<Omit<ComplaintRow, 'tenant_id' | 'id' | 'attributes'>>): Promise<ComplaintRow> {
  return tx.updateTable('complaints').set(patch).where('tenant_id', '=', tx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface PublicFilter {
  states?: readonly ComplaintState[];
  category?: string;
  bbox?: { south: number; west: number; north: number; east: number };
  /** Cursor: complaints created before this one (created_at, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Complaints for the public map and list: not merged, newest first. */
export async function listPublicComplaints(tx: TenantTx, filter: PublicFilter): Promise<ComplaintRow[]> {
  let q = tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tx.tenantId).where('merged_into', 'is', null);
  if (filter.states) q = q.where('state', 'in', [...filter.states]);
  if (filter.category) q = q.where('category', '=', filter.category);
  if (filter.bbox) {
    const b = filter.bbox;
    q = q.where('latitude', '>=', b.south).where('latitude', '<=', b.north).where('longitude', '>=', b.west).where('longitude', '<=', b.east);
  }
  if (filter.before) {
    const { createdAt, id } = filter.before;
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export interface QueueFilter {
  tenantIds: readonly string[];
  states?: readonly ComplaintState[];
  category?: string;
  department?: string;
  assigneeId?: string;
  dueBefore?: Date;
  q?: string;
  limit: number;
  offset: number;
  now: Date;
}

/**
 * `state in (…)` with the states as literals, taken from the constant lists: a literal list is what the
 * planner matches against the predicate of `complaints_open_queue` (and states the set once: a second
 * `state in` would halve its row estimate, and under row-level security that was enough for PostgreSQL to
 * sort every open complaint rather than read the index in order).
 */
function stateIn(states: readonly ComplaintState[]) {
  return sql<boolean>`state in (${sql.join(states.map((state) => sql.lit(state)))})`;
}

function queueWhere(tx: TenantTx, f: QueueFilter, states: readonly ComplaintState[] | undefined) {
  let q = tx.selectFrom('complaints').where('tenant_id', 'in', [...f.tenantIds]).where('merged_into', 'is', null);
  if (states) q = q.where(stateIn(states));
  if (f.category) q = q.where('category', '=', f.category);
  if (f.department) q = q.where('department', '=', f.department);
  if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
  if (f.dueBefore) q = q.where('due_at', '<', f.dueBefore);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('tracking', 'ilike', like), eb('description', 'ilike', like), eb('address', 'ilike', like)]));
  }
  return q;
}

/**
 * The staff queue: open overdue items first, then by due date, then the rest newest first. Open complaints
 * in due-date order are exactly "overdue first, then by due date" (an overdue one is due before `now`, the
 * others after), so the page is read as two ordered parts, the open ones (index `complaints_open_queue`)
 * and then the others (`complaints_created`), each with a LIMIT PostgreSQL can stop at, instead of sorting
 * every matching complaint of the tenant for each page.
 */
export async function listQueue(tx: TenantTx, f: QueueFilter): Promise<{ rows: ComplaintRow[]; total: number; overdue: number }> {
  const openStates = OPEN_STATES.filter((s) => !f.states || f.states.includes(s));
  const closedStates = CLOSED_STATES.filter((s) => !f.states || f.states.includes(s));
  // Open states only (the default filter): the counts name no other column than the index's, so that
  // PostgreSQL may count from `complaints_open_queue` alone (an index-only scan, once vacuumed).
  const counts =
    closedStates.length > 0
      ? await queueWhere(tx, f, f.states)
          .select((eb) => [
            eb.fn.countAll<string>().as('total'),
            sql<string>`count(*) filter (where ${IS_OPEN} and due_at < ${f.now})`.as('overdue'),
            sql<string>`count(*) filter (where ${IS_OPEN})`.as('open'),
          ])
          .executeTakeFirstOrThrow()
      : await queueWhere(tx, f, openStates)
          .select((eb) => [eb.fn.countAll<string>().as('total'), sql<string>`count(*) filter (where due_at < ${f.now})`.as('overdue'), eb.fn.countAll<string>().as('open')])
          .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  const open = Number(counts.open);
  const rows: ComplaintRow[] = [];
  if (openStates.length > 0 && f.offset < open) {
    rows.push(...(await queueWhere(tx, f, openStates).selectAll().orderBy('due_at').orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute()));
  }
  if (closedStates.length > 0 && rows.length < f.limit && f.offset + rows.length < total) {
    const offset = Math.max(0, f.offset - open);
    rows.push(...(await queueWhere(tx, f, closedStates).selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit - rows.length).offset(offset).execute()));
  }
  return { rows, total, overdue: Number(counts.overdue) };
}

/** Open complaints past their deadline and not escalated yet, locked (another process skips them). */
export async function lockOverdueToEscalate(tx: TenantTx, now: Date, limit: number): Promise<ComplaintRow[]> {
  return tx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tx.tenantId)
    .where('state', 'in', [...OPEN_STATES])
    .where('merged_into', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Tenants with complaints to escalate, through `app.complaints_due_tenants` would need a function; read per tenant instead. */
export async function countOverdueToEscalate(tx: TenantTx, now: Date): Promise<number> {
  const row = await tx
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tx.tenantId)
    .where('state', 'in', [...OPEN_STATES])
    .where('merged_into', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What statistics need, for complaints filed in [from, to). */
export async function listForStatistics(tx: TenantTx, from: Date, to: Date) {
  return tx
    .selectFrom('complaints')
    .select(['category', 'state', 'created_at', 'closed_at', 'due_at'])
    .where('tenant_id', '=', tx.tenantId)
    .where('merged_into', 'is', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
}

/**
 * Counts for the dashboard's "requests" section, each over what the staff queue would list for the same
 * filter (`tenantIds`, an agent's `department`; not merged): so a count and the queue it links to agree.
 */
export async function countForDashboard(tx: TenantTx, f: { tenantIds: readonly string[]; department?: string; mine?: string; now: Date; weekAhead: Date }) {
  let q = tx.selectFrom('complaints').where('tenant_id', 'in', [...f.tenantIds]).where('merged_into', 'is', null);
  if (f.department) q = q.where('department', '=', f.department);
  const open = IS_OPEN;
  const row = await q
    .select([
      sql<string>`count(*) filter (where state = 'received')`.as('received'),
      sql<string>`count(*) filter (where ${open})`.as('open'),
      sql<string>`count(*) filter (where ${open} and due_at < ${f.now})`.as('overdue'),
      sql<string>`count(*) filter (where ${open} and due_at < ${f.weekAhead})`.as('due_within_week'),
      sql<string>`count(*) filter (where ${open} and assignee_id = ${f.mine ?? null})`.as('mine'),
    ])
    .executeTakeFirstOrThrow();
  return {
    received: Number(row.received),
    open: Number(row.open),
    overdue: Number(row.overdue),
    dueWithinWeek: Number(row.due_within_week),
    mine: f.mine ? Number(row.mine) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Events, photos, supporters

export async function insertEvent(tx: TenantTx, event: NewEvent): Promise<void> {
  const { details, ...rest } = event;
  await tx
    .insertInto('complaint_events')
    .values({ ...rest, tenant_id: tx.tenantId, details: details ? JSON.stringify(details) : null })
    .execute();
}

export async function listEvents(tx: TenantTx, tenantId: string, complaintId: string, publicOnly: boolean): Promise<ComplaintEventRow[]> {
  let q = tx.selectFrom('complaint_events').selectAll().where('tenant_id', '=', tenantId).where('complaint_id', '=', complaintId);
  if (publicOnly) q = q.where('public', '=', true);
  return q.orderBy('seq').execute();
}

export async function insertPhoto(tx: TenantTx, photo: { fileId: string; complaintId: string; at: Date }): Promise<void> {
  await tx
    .insertInto('complaint_photos')
    .values({ tenant_id: tx.tenantId, file_id: photo.fileId, complaint_id: photo.complaintId, status: 'pending', created_at: photo.at })
    .execute();
}

export async function listPhotos(tx: TenantTx, tenantId: string, complaintIds: readonly string[]): Promise<ComplaintPhotoRow[]> {
  if (complaintIds.length === 0) return [];
  return tx
    .selectFrom('complaint_photos')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', 'in', [...complaintIds])
    .orderBy('created_at')
    .orderBy('file_id')
    .execute();
}

export async function findPhoto(tx: TenantTx, tenantId: string, fileId: string): Promise<ComplaintPhotoRow | undefined> {
  return tx.selectFrom('complaint_photos').selectAll().where('tenant_id', '=', tenantId).where('file_id', '=', fileId).executeTakeFirst();
}

export async function updatePhotoStatus(tx: TenantTx, fileId: string, status: 'published' | 'hidden', at: Date): Promise<void> {
  await tx.updateTable('complaint_photos').set({ status, reviewed_at: at }).where('tenant_id', '=', tx.tenantId).where('file_id', '=', fileId).execute();
}

/** Points a complaint's photo at another file (its blurred version), keeping its place and review status. */
export async function replacePhotoFile(tx: TenantTx, fileId: string, newFileId: string): Promise<void> {
  await tx.updateTable('complaint_photos').set({ file_id: newFileId }).where('tenant_id', '=', tx.tenantId).where('file_id', '=', fileId).execute();
}

/** Adds a supporter once; true when added. */
export async function insertSupporter(tx: TenantTx, complaintId: string, supporterHash: string, at: Date): Promise<boolean> {
  const rows = await tx
    .insertInto('complaint_supporters')
    .values({ tenant_id: tx.tenantId, complaint_id: complaintId, supporter_hash: supporterHash, at })
    .onConflict((oc) => oc.columns(['tenant_id', 'complaint_id', 'supporter_hash']).doNothing())
    .returning('supporter_hash')
    .execute();
  if (rows.length === 0) return false;
  await tx
    .updateTable('complaints')
    .set({ supporters: sql<number>`supporters + 1` })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', complaintId)
    .execute();
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Staff to notify

/** E-mail addresses of the tenant's enabled members with `role` (accounts enabled too). */
export async function listMemberEmails(tx: TenantTx, roles: readonly string[]): Promise<{ email: string; userId: string }[]> {
  const rows = await tx
    .selectFrom('memberships')
    .innerJoin('staff_users', 'staff_users.id', 'memberships.user_id')
    .select(['staff_users.email', 'staff_users.id'])
    .where('memberships.tenant_id', '=', tx.tenantId)
    .where('memberships.role', 'in', [...roles] as never[])
    .where('memberships.disabled_at', 'is', null)
    .where('staff_users.disabled_at', 'is', null)
    .orderBy('staff_users.email')
    .execute();
  return rows.map((r) => ({ email: r.email, userId: r.id }));
}

/** The child tenants (arrondissements) of this tenant where `userId` holds an enabled membership. */
export async function listArrondissementsWithRights(tx: TenantTx, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('tenants')
    .select('tenants.id')
    .where('tenants.parent_id', '=', tx.tenantId)
    .where('tenants.kind', '=', 'arrondissement')
    .where('tenants.status', '=', 'active')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships')
          .select('memberships.user_id')
          .whereRef('memberships.tenant_id', '=', 'tenants.id')
          .where('memberships.user_id', '=', userId)
          .where('memberships.role', 'in', ['supervisor', 'administrator'])
          .where('memberships.disabled_at', 'is', null),
      ),
    )
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------------------
// Reply templates, Open311 keys

export async function listReplyTemplateRows(tx: TenantTx): Promise<ReplyTemplateRow[]> {
  return tx.selectFrom('complaint_reply_templates').selectAll().where('tenant_id', '=', tx.tenantId).orderBy('position').execute();
}

export async function replaceReplyTemplateRows(tx: TenantTx, rows: readonly { state: ComplaintState; title: TenantNames; body: TenantNames }[], at: Date): Promise<void> {
  await tx.deleteFrom('complaint_reply_templates').where('tenant_id', '=', tx.tenantId).execute();
  if (rows.length === 0) return;
  await tx
    .insertInto('complaint_reply_templates')
    .values(rows.map((r, i) => ({ tenant_id: tx.tenantId, state: r.state, title: JSON.stringify(r.title), body: JSON.stringify(r.body), position: i, updated_at: at })))
    .execute();
}

export async function listOpen311Keys(tx: TenantTx): Promise<Open311KeyRow[]> {
  return tx.selectFrom('open311_keys').selectAll().where('tenant_id', '=', tx.tenantId).orderBy('created_at').execute();
}

export async function insertOpen311Key(tx: TenantTx, key: { name: string; keyHash: string; at: Date; by: string | null }): Promise<Open311KeyRow> {
  return tx
    .insertInto('open311_keys')
    .values({ tenant_id: tx.tenantId, name: key.name, key_hash: key.keyHash, created_at: key.at, created_by: key.by })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function revokeOpen311Key(tx: TenantTx, id: string, at: Date): Promise<Open311KeyRow | undefined> {
  return tx
    .updateTable('open311_keys')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** An active key by its hash, marked used. */
export async function useOpen311Key(tx: TenantTx, keyHash: string, at: Date): Promise<Open311KeyRow | undefined> {
  return tx
    .updateTable('open311_keys')
    .set({ last_used_at: at })
    .where('tenant_id', '=', tx.tenantId)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------
// Open311 (GeoReport v2) reads

export interface Open311Filter {
  /** Tracking numbers (formatted): when given, every other criterion is ignored (the specification says so). */
  trackings?: readonly string[];
  categories?: readonly string[];
  states?: readonly ComplaintState[];
  /** Filed at or after `from`, at or before `to`. */
  from?: Date;
  to?: Date;
  limit: number;
}

/** Complaints for `GET requests`: by tracking numbers, or not merged and filtered; newest first. */
export async function listOpen311Complaints(tx: TenantTx, f: Open311Filter): Promise<ComplaintRow[]> {
  let q = tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tx.tenantId);
  if (f.trackings) {
    if (f.trackings.length === 0) return [];
    q = q.where('tracking', 'in', [...f.trackings]);
  } else {
    q = q.where('merged_into', 'is', null);
    if (f.categories) q = q.where('category', 'in', [...f.categories]);
    if (f.states) q = q.where('state', 'in', [...f.states]);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<=', f.to);
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** The latest public text written by staff on each complaint (a reply, or the note of a state change or forward). */
export async function latestPublicNotes(tx: TenantTx, complaintIds: readonly string[]): Promise<Map<string, string>> {
  if (complaintIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('complaint_events')
    .select(['complaint_id', 'body'])
    .distinctOn('complaint_id')
    .where('tenant_id', '=', tx.tenantId)
    .where('complaint_id', 'in', [...complaintIds])
    .where('public', '=', true)
    .where('kind', 'in', ['reply', 'state', 'forwarded'])
    .where('body', 'is not', null)
    .orderBy('complaint_id')
    .orderBy('seq', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.complaint_id, r.body as string]));
}
