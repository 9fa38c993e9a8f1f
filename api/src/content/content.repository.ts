import { sql, type Selectable } from 'kysely';
import type { ContentAttachment, ContentItemsTable, TenantNames, TenantRow } from '../db/schema.ts';
import type { AnyTx, TenantTx } from '../tenancy/unit-of-work.ts';

export type ContentRow = Selectable<ContentItemsTable>;

export interface ContentValues {
  kind: string;
  slug: string;
  title: TenantNames;
  summary: TenantNames;
  body: TenantNames;
  fields: Record<string, unknown>;
  attachments: ContentAttachment[];
  event_at: Date | null;
  expires_at: Date | null;
  shared_with_arrondissements: boolean;
}

function jsonValues(v: ContentValues) {
  return {
    ...v,
    title: JSON.stringify(v.title),
    summary: JSON.stringify(v.summary),
    body: JSON.stringify(v.body),
    fields: JSON.stringify(v.fields),
    attachments: JSON.stringify(v.attachments),
  };
}

export async function insertItem(tx: TenantTx, v: ContentValues, at: Date, by: string | null): Promise<ContentRow> {
  return tx
    .insertInto('content_items')
    .values({ tenant_id: tx.tenantId, ...jsonValues(v), status: 'draft', publish_at: null, created_at: at, updated_at: at, updated_by: by })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateItem(tx: TenantTx, id: string, v: ContentValues, at: Date, by: string | null): Promise<ContentRow | undefined> {
  return tx
    .updateTable('content_items')
    .set({ ...jsonValues(v), updated_at: at, updated_by: by, revision: sql`revision + 1` })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function setItemState(
  tx: TenantTx,
  id: string,
  state: { status: ContentRow['status']; publish_at: Date | null },
  at: Date,
  by: string | null,
): Promise<ContentRow | undefined> {
  return tx
    .updateTable('content_items')
    .set({ ...state, updated_at: at, updated_by: by, revision: sql`revision + 1` })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteItem(tx: TenantTx, id: string): Promise<void> {
  await tx.deleteFrom('content_items').where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

export async function findItem(tx: TenantTx, id: string): Promise<ContentRow | undefined> {
  return tx.selectFrom('content_items').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).executeTakeFirst();
}

export async function slugTaken(tx: TenantTx, slug: string, exceptId: string | null): Promise<boolean> {
  let q = tx.selectFrom('content_items').select('id').where('tenant_id', '=', tx.tenantId).where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function slugsLike(tx: TenantTx, base: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('content_items')
    .select('slug')
    .where('tenant_id', '=', tx.tenantId)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return rows.map((r) => r.slug);
}

/** This tenant's items (all states), newest first; one kind when given. */
export async function listOwnItems(tx: TenantTx, kind: string | null): Promise<ContentRow[]> {
  let q = tx.selectFrom('content_items').selectAll().where('tenant_id', '=', tx.tenantId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('updated_at', 'desc').limit(500).execute();
}

/**
 * Public items of these kinds: this tenant's, and those its commune (`parentId`) shares with its
 * arrondissements. Public: not a draft, and `publish_at` has come.
 */
export async function listVisible(tx: TenantTx, kinds: readonly string[], parentId: string | null, now: Date, limit = 200): Promise<ContentRow[]> {
  if (kinds.length === 0) return [];
  return tx
    .selectFrom('content_items')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('tenant_id', '=', tx.tenantId),
        ...(parentId ? [eb.and([eb('tenant_id', '=', parentId), eb('shared_with_arrondissements', '=', true)])] : []),
      ]),
    )
    .where('kind', 'in', kinds)
    .where('status', '<>', 'draft')
    .where('publish_at', '<=', now)
    .orderBy('publish_at', 'desc')
    .limit(limit)
    .execute();
}

/** The kinds of which this site has at least one public item (its own, or its commune's shared ones). */
export async function visibleKinds(tx: TenantTx, parentId: string | null, now: Date): Promise<string[]> {
  const rows = await tx
    .selectFrom('content_items')
    .select('kind')
    .distinct()
    .where((eb) =>
      eb.or([
        eb('tenant_id', '=', tx.tenantId),
        ...(parentId ? [eb.and([eb('tenant_id', '=', parentId), eb('shared_with_arrondissements', '=', true)])] : []),
      ]),
    )
    .where('status', '<>', 'draft')
    .where('publish_at', '<=', now)
    .execute();
  return rows.map((r) => r.kind);
}

export async function findVisibleBySlug(tx: TenantTx, slug: string, parentId: string | null, now: Date): Promise<ContentRow | undefined> {
  const rows = await tx
    .selectFrom('content_items')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('tenant_id', '=', tx.tenantId),
        ...(parentId ? [eb.and([eb('tenant_id', '=', parentId), eb('shared_with_arrondissements', '=', true)])] : []),
      ]),
    )
    .where('slug', '=', slug)
    .where('status', '<>', 'draft')
    .where('publish_at', '<=', now)
    .execute();
  return rows.find((r) => r.tenant_id === tx.tenantId) ?? rows[0];
}

/** Whether a visible item (of this tenant or shared by `parentId`) has the file attached. */
export async function fileIsPublished(tx: TenantTx, ownerId: string, fileId: string, now: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('content_items')
    .select('id')
    .where('tenant_id', '=', ownerId)
    .where('status', '<>', 'draft')
    .where('publish_at', '<=', now)
    .where(sql<boolean>`attachments @> ${JSON.stringify([{ fileId }])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Items of many tenants (in the handle's scope) of these kinds, public now: the national open data. */
export async function listVisibleOf(tx: TenantTx, tenantIds: readonly string[], kinds: readonly string[], now: Date): Promise<ContentRow[]> {
  if (tenantIds.length === 0) return [];
  return tx
    .selectFrom('content_items')
    .selectAll()
    .where('tenant_id', 'in', tenantIds)
    .where('kind', 'in', kinds)
    .where('status', '<>', 'draft')
    .where('publish_at', '<=', now)
    .orderBy('tenant_id')
    .orderBy('publish_at', 'desc')
    .execute();
}

export async function insertRevision(tx: TenantTx, itemId: string, revision: number, snapshot: Record<string, unknown>, at: Date, by: string | null): Promise<void> {
  await tx
    .insertInto('content_revisions')
    .values({ tenant_id: tx.tenantId, item_id: itemId, revision, snapshot: JSON.stringify(snapshot), created_at: at, created_by: by })
    .execute();
}

export async function listRevisions(tx: TenantTx, itemId: string) {
  return tx
    .selectFrom('content_revisions')
    .selectAll()
    .where('tenant_id', '=', tx.tenantId)
    .where('item_id', '=', itemId)
    .orderBy('revision', 'desc')
    .limit(200)
    .execute();
}

export async function findRevision(tx: TenantTx, itemId: string, revision: number) {
  return tx
    .selectFrom('content_revisions')
    .selectAll()
    .where('tenant_id', '=', tx.tenantId)
    .where('item_id', '=', itemId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

/** The staff member's role in a tenant (to write to an arrondissement's site from the city's console). */
export async function roleIn(tx: TenantTx, userId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tx.tenantId)
    .where('user_id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Which of `tenantIds` (arrondissements readable through `tx`) the staff member may edit content on. */
export async function tenantsEditableBy(tx: TenantTx, tenantIds: readonly string[], userId: string): Promise<string[]> {
  if (tenantIds.length === 0) return [];
  const rows = await tx
    .selectFrom('memberships')
    .select('tenant_id')
    .where('tenant_id', 'in', tenantIds)
    .where('user_id', '=', userId)
    .where('role', 'in', ['administrator', 'editor'])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.tenant_id);
}

/** Every active tenant, the platform included (the national open data visits them all). */
export async function listActiveTenants(tx: AnyTx): Promise<TenantRow[]> {
  return tx.selectFrom('tenants').selectAll().where('status', '=', 'active').orderBy('code').execute();
}

/**
 * The next instant after `now` at which this tenant's public pages change by themselves, without a write:
 * a scheduled item's publication, a notice's expiry, a session that stops being upcoming, a session whose
 * summary of decisions falls late (8 days after it sat). Null when none is due. Reads the same rows as
 * `listVisible` (the tenant's own, and those its commune shares with it).
 */
export async function nextChangeAfter(tx: TenantTx, parentId: string | null, now: Date, summaryDueDays: number): Promise<Date | null> {
  const row = await tx
    .selectFrom('content_items')
    .select(
      sql<Date | null>`min(least(
        case when publish_at > ${now} then publish_at end,
        case when expires_at > ${now} then expires_at end,
        case when event_at > ${now} then event_at end,
        case when kind = 'session' and event_at + make_interval(days => ${summaryDueDays}) > ${now} then event_at + make_interval(days => ${summaryDueDays}) end
      ))`.as('next'),
    )
    .where((eb) =>
      eb.or([
        eb('tenant_id', '=', tx.tenantId),
        ...(parentId ? [eb.and([eb('tenant_id', '=', parentId), eb('shared_with_arrondissements', '=', true)])] : []),
      ]),
    )
    .where('status', '<>', 'draft')
    .executeTakeFirst();
  const next = row?.next ?? null;
  return next === null ? null : new Date(next);
}
