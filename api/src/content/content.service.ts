import type { Logger } from 'pino';
import { isLocale, LOCALES, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import { audit, type ChangeContext } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { ContentAttachment, TenantNames, TenantRow } from '../db/schema.ts';
import { findFile, recordFile, storeUpload, usingStoredFile, type FileRow } from '../files/files.service.ts';
import type { Storage, StorageBody } from '../files/storage.ts';
import { AppError } from '../shared/errors.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { readDirectly, type Remember } from '../shared/remember.ts';
import { findChildTenantBySlug, listChildTenants } from '../tenancy/tenants.repository.ts';
import { actAsTenant, announceTenantChanged, withPlatform, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { originOf, type RequestOrigin } from '../site/site.service.ts';
import {
  CONTENT_KINDS,
  CONTENT_WINDOWS,
  parseKindFields,
  petitionThreshold,
  PETITION_THRESHOLDS,
  SUMMARY_DUE_DAYS,
  WINDOWS,
  windowOf,
  type ContentKind,
  type ContentWindow,
} from './content.kinds.ts';
import {
  deleteItem,
  fileIsPublished,
  findItem,
  findRevision,
  findVisibleBySlug,
  insertItem,
  insertRevision,
  listOwnItems,
  listRevisions,
  listVisible,
  nextChangeAfter,
  visibleKinds,
  roleIn,
  tenantsEditableBy,
  setItemState,
  slugsLike,
  slugTaken,
  updateItem,
  type ContentRow,
  type ContentValues,
} from './content.repository.ts';
import type { AdminItem, Banner, ContentFields, EditableSites, PublicItem, PublicList } from './content.schemas.ts';
import { renderMarkdown } from './markdown.ts';

// ---------------------------------------------------------------------------------------------------------
// Reading (public)

function isKind(kind: string): kind is ContentKind {
  return (CONTENT_KINDS as string[]).includes(kind);
}

function fallbacksOf(tenant: TenantRow): Locale[] {
  return tenant.fallback_locales.filter(isLocale);
}

/** Whether an item is public at `now`: not a draft, and its publication time has come. */
export function isVisible(row: Pick<ContentRow, 'status' | 'publish_at'>, now: Date): boolean {
  return row.status !== 'draft' && row.publish_at !== null && row.publish_at.getTime() <= now.getTime();
}

/** A session whose summary of decisions is past due (8 days) and not posted. */
export function summaryLate(row: Pick<ContentRow, 'kind' | 'event_at' | 'fields'>, now: Date): boolean {
  if (row.kind !== 'session' || !row.event_at) return false;
  if (typeof row.fields.summaryPublishedOn === 'string') return false;
  return row.event_at.getTime() + SUMMARY_DUE_DAYS * 86_400_000 < now.getTime();
}

/** The version a content-addressed file URL carries: the first 16 hex digits of the bytes' SHA-256. */
export function fileVersion(sha256: string): string {
  return sha256.slice(0, 16);
}

/**
 * A public file's URL: content-addressed (`?v=` its bytes' hash) when the attachment recorded the hash,
 * so that the answer may be cached as immutable under it; the bare id for an older attachment.
 */
export function fileUrl(fileId: string, sha256?: string): string {
  return `/api/v1/content-files/${fileId}${sha256 ? `?v=${fileVersion(sha256)}` : ''}`;
}

function attachmentsOf(row: ContentRow) {
  return row.attachments.map((a) => ({ fileId: a.fileId, purpose: a.purpose, contentType: a.contentType, size: a.size, name: a.name, url: fileUrl(a.fileId, a.sha256) }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of an item in one language, each text falling back through the tenant's languages. */
export function toPublicItem(row: ContentRow, tenant: TenantRow, locale: Locale, now: Date): PublicItem {
  const fallbacks = fallbacksOf(tenant);
  const body = resolveText(row.body, locale, fallbacks);
  const kind = row.kind as ContentKind;
  return {
    id: row.id,
    kind,
    window: windowOf(kind),
    slug: row.slug,
    title: resolveText(row.title, locale, fallbacks) ?? { text: row.slug, locale, fallback: true },
    summary: resolveText(row.summary, locale, fallbacks),
    bodyHtml: body ? renderMarkdown(body.text) : '',
    bodyLocale: body?.locale ?? null,
    fields: row.fields,
    attachments: attachmentsOf(row),
    eventAt: iso(row.event_at),
    expiresAt: iso(row.expires_at),
    publishedAt: (row.publish_at ?? row.updated_at).toISOString(),
    updatedAt: row.updated_at.toISOString(),
    inherited: row.tenant_id !== tenant.id,
    ...(kind === 'session' ? { summaryLate: summaryLate(row, now) } : {}),
  };
}

/** The commune whose shared content an arrondissement shows (null for others). */
function parentOf(resolved: ResolvedTenant): string | null {
  return resolved.tenant.kind === 'arrondissement' ? (resolved.chain[1]?.id ?? null) : null;
}

/** The order of a window's items: sessions next-first, members by rank, dated items by date. */
export function orderItems(window: ContentWindow, rows: ContentRow[], now: Date): ContentRow[] {
  const t = (d: Date | null) => (d ? d.getTime() : 0);
  if (window === 'sessions') {
    const upcoming = rows.filter((r) => t(r.event_at) >= now.getTime()).sort((a, b) => t(a.event_at) - t(b.event_at));
    const past = rows.filter((r) => t(r.event_at) < now.getTime()).sort((a, b) => t(b.event_at) - t(a.event_at));
    return [...upcoming, ...past];
  }
  if (window === 'council') {
    const kindRank = (k: string) => (WINDOWS.council.kinds as readonly string[]).indexOf(k);
    const order = (r: ContentRow) => (typeof r.fields.order === 'number' ? r.fields.order : 100);
    return [...rows].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || order(a) - order(b) || a.slug.localeCompare(b.slug));
  }
  if (window === 'city') {
    const kindRank = (k: string) => (WINDOWS.city.kinds as readonly string[]).indexOf(k);
    return [...rows].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || t(a.publish_at) - t(b.publish_at));
  }
  if (window === 'notices') {
    const live = (r: ContentRow) => (r.expires_at === null || t(r.expires_at) > now.getTime() ? 0 : 1);
    return [...rows].sort((a, b) => live(a) - live(b) || t(b.publish_at) - t(a.publish_at));
  }
  return [...rows].sort((a, b) => t(b.event_at ?? b.publish_at) - t(a.event_at ?? a.publish_at));
}

async function hasArrondissements(db: Database, tenant: TenantRow): Promise<boolean> {
  if (tenant.kind !== 'commune') return false;
  const children = await withPlatform(db, (tx) => listChildTenants(tx, tenant.id, ['active']));
  return children.length > 0;
}

/** A window's public items in one language. */
export async function listWindow(db: Database, resolved: ResolvedTenant, window: ContentWindow, locale: Locale, now: Date, remember: Remember = readDirectly): Promise<PublicList> {
  const kinds: readonly string[] = WINDOWS[window].kinds;
  // Kept until the next scheduled change (a publication, an expiry): in between, the same rows are visible.
  const rows = await remember(
    `window:${window}`,
    async () => {
      // With a cache of public reads, what every page shows (kept by the tenant's first page: the kinds of
      // which something is public, read by the same rule) tells a window that has nothing, with no read.
      if (remember !== readDirectly && !(await pageFurniture(db, resolved, now, remember)).kinds.some((k) => kinds.includes(k))) return [];
      return withTenant(db, resolved.scope, (tx) => listVisible(tx, kinds, parentOf(resolved), now));
    },
    { untilNextChange: true },
  );
  const items = orderItems(window, rows, now).map((r) => toPublicItem(r, resolved.tenant, locale, now));
  const list: PublicList = { window, locale, items };
  if (window === 'petitions') list.petitionThreshold = await thresholdOf(db, resolved);
  return list;
}

/** The supporters a petition to this site's council needs (organic law 113.14; see `PETITION_THRESHOLDS`). */
async function thresholdOf(db: Database, resolved: ResolvedTenant): Promise<{ signatures: number; verified: boolean }> {
  // Petitions go to the commune's council: an arrondissement counts against its commune.
  const commune = resolved.tenant.kind === 'arrondissement' ? (resolved.chain[1] ?? resolved.tenant) : resolved.tenant;
  const signatures = petitionThreshold({ kind: commune.kind, population: commune.population, hasArrondissements: await hasArrondissements(db, commune) });
  return { signatures, verified: PETITION_THRESHOLDS.verified };
}

/** One public item of a window, or NOT_FOUND (a draft, a scheduled item not yet due, another tenant's). */
export async function getWindowItem(db: Database, resolved: ResolvedTenant, window: ContentWindow, slug: string, locale: Locale, now: Date): Promise<PublicItem> {
  const row = await withTenant(db, resolved.scope, (tx) => findVisibleBySlug(tx, slug, parentOf(resolved), now));
  if (!row || !(WINDOWS[window].kinds as readonly string[]).includes(row.kind)) throw new AppError('NOT_FOUND', 'no such content here');
  const item = toPublicItem(row, resolved.tenant, locale, now);
  if (row.kind !== 'petition') return item;
  const threshold = await thresholdOf(db, resolved);
  const collected = typeof row.fields.signatures === 'number' ? row.fields.signatures : 0;
  return { ...item, petitionThreshold: { ...threshold, reached: collected >= threshold.signatures } };
}

/**
 * What every public page of a tenant shows besides its own content, read in one unit of work and kept
 * together until the next scheduled change (a publication, a notice's expiry): the notices that may be in
 * force, and the kinds of which something is public (the navigation links only windows that have one).
 */
interface PageFurniture {
  readonly notices: ContentRow[];
  readonly kinds: string[];
  /**
   * The tenant's next scheduled change after `now` (`nextPublicChange`), read in the same unit when the
   * cache asked for it (a first visit): until then these rows stay what a read would give, and the page
   * cache keeps the tenant's pages no longer. Undefined when not asked.
   */
  readonly nextChange?: Date | null;
}

function pageFurniture(db: Database, resolved: ResolvedTenant, now: Date, remember: Remember): Promise<PageFurniture> {
  return remember(
    'banner',
    (wanted) =>
      withTenant(db, resolved.scope, async (tx): Promise<PageFurniture> => {
        const parent = parentOf(resolved);
        const notices = await listVisible(tx, ['notice'], parent, now, 20);
        const kinds = await visibleKinds(tx, parent, now);
        if (!wanted.nextChange) return { notices, kinds };
        return { notices, kinds, nextChange: await nextChangeAfter(tx, parent, now, SUMMARY_DUE_DAYS) };
      }),
    { untilNextChange: true, nextChangeIn: (furniture) => furniture.nextChange },
  );
}

function windowsOf(kinds: readonly string[]): ContentWindow[] {
  return CONTENT_WINDOWS.filter((w) => (WINDOWS[w].kinds as readonly string[]).some((k) => kinds.includes(k)));
}

/** The windows with at least one public item, in `CONTENT_WINDOWS` order: the navigation links only these. */
export async function publishedWindows(db: Database, resolved: ResolvedTenant, now: Date, remember: Remember = readDirectly): Promise<{ windows: ContentWindow[] }> {
  return { windows: windowsOf((await pageFurniture(db, resolved, now, remember)).kinds) };
}

/**
 * Notices in force, shown as a banner on every page of the tenant until they expire, and the windows the
 * navigation links (as `publishedWindows`): one read for what every public page shows.
 */
export async function getBanner(db: Database, resolved: ResolvedTenant, locale: Locale, now: Date, remember: Remember = readDirectly): Promise<Banner> {
  const { notices: rows, kinds } = await pageFurniture(db, resolved, now, remember);
  const fallbacks = fallbacksOf(resolved.tenant);
  return {
    notices: rows
      .filter((r) => r.expires_at === null || r.expires_at.getTime() > now.getTime())
      .map((r) => ({
        slug: r.slug,
        title: resolveText(r.title, locale, fallbacks) ?? { text: r.slug, locale, fallback: true },
        severity: typeof r.fields.severity === 'string' ? r.fields.severity : 'info',
        expiresAt: iso(r.expires_at),
      })),
    windows: windowsOf(kinds),
  };
}

/**
 * When this tenant's public pages next change with no write (a scheduled item appears, a notice expires,
 * a session passes or its summary falls late): the page cache keeps no page past it. Null: no such time.
 */
export async function nextPublicChange(db: Database, resolved: ResolvedTenant, now: Date): Promise<Date | null> {
  return withTenant(db, resolved.scope, (tx) => nextChangeAfter(tx, parentOf(resolved), now, SUMMARY_DUE_DAYS));
}

/** A file attached to a public item of this tenant (or shared by its commune); NOT_FOUND otherwise. */
export async function getPublicFile(db: Database, resolved: ResolvedTenant, fileId: string, now: Date): Promise<FileRow> {
  const parent = parentOf(resolved);
  return withTenant(db, resolved.scope, async (tx) => {
    for (const owner of [resolved.tenant.id, ...(parent ? [parent] : [])]) {
      const file = await findFile(tx, owner, fileId);
      if (file && (file.purpose === 'image' || file.purpose === 'document') && (await fileIsPublished(tx, owner, fileId, now))) return file;
    }
    throw new AppError('NOT_FOUND', 'no such published file');
  });
}

// ---------------------------------------------------------------------------------------------------------
// Editing (console)

/**
 * The tenant an editor writes to: the host's own, or — on a commune's host, with `?tenant=<slug>` — one
 * of its arrondissements where the editor holds an editor or administrator role.
 */
export async function targetTenant(db: Database, resolved: ResolvedTenant, userId: string, slug: string | undefined): Promise<TenantRow> {
  if (!slug || slug === resolved.tenant.slug) return resolved.tenant;
  if (resolved.tenant.kind !== 'commune') throw new AppError('NOT_FOUND', 'no such arrondissement');
  const child = await withPlatform(db, (tx) => findChildTenantBySlug(tx, resolved.tenant.id, slug));
  if (!child) throw new AppError('NOT_FOUND', 'no such arrondissement');
  const role = await withTenant(db, { id: child.id }, (tx) => roleIn(tx, userId));
  if (role !== 'administrator' && role !== 'editor') throw new AppError('SITE_NOT_EDITABLE', 'you have no editing role on this arrondissement');
  return child;
}

/**
 * The arrondissements of the request's commune (not archived, registry order) where the staff member
 * holds an editing role, i.e. those `targetTenant` lets them write to; empty on any other tenant.
 */
export async function editableArrondissements(db: Database, resolved: ResolvedTenant, userId: string, at: RequestOrigin): Promise<EditableSites> {
  const { tenant, ancestors } = resolved;
  if (tenant.kind !== 'commune') return { arrondissements: [] };
  return withTenant(db, { id: tenant.id }, async (tx) => {
    const children = await listChildTenants(tx, tenant.id, ['provisioning', 'active', 'suspended']);
    if (children.length === 0) return { arrondissements: [] };
    const scoped = await actAsTenant(tx, { id: tenant.id, readable: children.map((c) => c.id) });
    const editable = new Set(await tenantsEditableBy(scoped, children.map((c) => c.id), userId));
    return {
      arrondissements: children
        .filter((c) => editable.has(c.id))
        .map((c) => ({ slug: c.slug, names: c.names, origin: originOf(c, [tenant, ...ancestors], at) })),
    };
  });
}

/** Languages the tenant publishes in whose title is missing. */
function missingTranslations(row: ContentRow, tenant: TenantRow): Locale[] {
  return tenant.locales.filter(isLocale).filter((l) => !row.title[l]?.trim());
}

export function toAdminItem(row: ContentRow, tenant: TenantRow, now: Date): AdminItem {
  const kind = row.kind as ContentKind;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind,
    window: windowOf(kind),
    slug: row.slug,
    status: row.status,
    publishAt: iso(row.publish_at),
    title: row.title,
    summary: row.summary,
    body: row.body,
    fields: row.fields,
    attachments: attachmentsOf(row),
    eventAt: iso(row.event_at),
    expiresAt: iso(row.expires_at),
    sharedWithArrondissements: row.shared_with_arrondissements,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
    missingTranslations: missingTranslations(row, tenant),
    visible: isVisible(row, now),
  };
}

/** A slug from a title: accents dropped, lower case, words joined by hyphens (Arabic titles give `item`). */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length <= 60 ? slug : slug.slice(0, 60).replace(/-[^-]*$/, '') || slug.slice(0, 60);
}

function texts(value: TenantNames): TenantNames {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as TenantNames;
}

/** The row's values from an editor's input, checked: a title in some language, the kind's fields. */
function valuesOf(input: ContentFields, slug: string, attachments: ContentAttachment[]): ContentValues {
  if (!isKind(input.kind)) throw new AppError('VALIDATION_FAILED', 'unknown kind', [{ path: 'kind', code: 'invalid_value' }]);
  const problems: { path: string; code: string }[] = [];
  const title = texts(input.title);
  if (Object.keys(title).length === 0) problems.push({ path: 'title', code: 'required' });
  const fields = parseKindFields(input.kind, input.fields);
  if (!fields.ok) problems.push(...fields.issues);
  let eventAt = input.eventAt ? new Date(input.eventAt) : null;
  if (input.kind === 'session' && !eventAt) problems.push({ path: 'eventAt', code: 'required' });
  if (input.kind === 'notice' && !input.expiresAt) problems.push({ path: 'expiresAt', code: 'required' });
  if (problems.length > 0 || !fields.ok) throw new AppError('VALIDATION_FAILED', 'the content is not valid', problems);
  // A tender is ordered by its deadline.
  if (input.kind === 'tender' && typeof fields.value.deadline === 'string') eventAt = new Date(fields.value.deadline);
  return {
    kind: input.kind,
    slug,
    title,
    summary: texts(input.summary),
    body: texts(input.body),
    fields: fields.value,
    attachments,
    event_at: eventAt,
    expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
    shared_with_arrondissements: input.sharedWithArrondissements,
  };
}

/** What a revision keeps: everything an editor changes, and the state. */
function snapshotOf(row: ContentRow): Record<string, unknown> {
  return {
    kind: row.kind,
    slug: row.slug,
    status: row.status,
    publishAt: iso(row.publish_at),
    title: row.title,
    summary: row.summary,
    body: row.body,
    fields: row.fields,
    attachments: row.attachments,
    eventAt: iso(row.event_at),
    expiresAt: iso(row.expires_at),
    sharedWithArrondissements: row.shared_with_arrondissements,
  };
}

const labelOf = (row: { title: TenantNames; slug: string }) => row.title.fr ?? row.title.ar ?? row.slug;

async function freeSlug(tx: TenantTx, input: ContentFields): Promise<string> {
  if (input.slug) {
    if (await slugTaken(tx, input.slug, null)) throw new AppError('CONTENT_SLUG_TAKEN', `the address ${input.slug} is taken here`, { slug: input.slug });
    return input.slug;
  }
  const base = slugify(input.title.fr ?? '') || slugify(input.title.zgh ?? '') || input.kind.replaceAll('_', '-');
  const taken = new Set(await slugsLike(tx, base));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

async function slugConflicts<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONTENT_SLUG_TAKEN', 'the address is taken here');
    throw err;
  }
}

/** Whether a change to this row may show on the public site: the pages cached for the tenant are dropped then. */
async function announceIfPublic(tx: TenantTx, before: ContentRow | null, after: ContentRow | null): Promise<void> {
  if ((before && before.status !== 'draft') || (after && after.status !== 'draft')) await announceTenantChanged(tx, tx.tenantId);
}

export async function listForAdmin(db: Database, tenant: TenantRow, kind: string | undefined, now: Date): Promise<AdminItem[]> {
  const rows = await withTenant(db, { id: tenant.id }, (tx) => listOwnItems(tx, kind ?? null));
  return rows.map((r) => toAdminItem(r, tenant, now));
}

async function requireOwn(tx: TenantTx, id: string): Promise<ContentRow> {
  const row = await findItem(tx, id);
  if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
  return row;
}

export async function getForAdmin(db: Database, tenant: TenantRow, id: string, now: Date): Promise<AdminItem> {
  return toAdminItem(await withTenant(db, { id: tenant.id }, (tx) => requireOwn(tx, id)), tenant, now);
}

/** A new draft. */
export async function createItem(db: Database, tenant: TenantRow, input: ContentFields, by: ChangeContext): Promise<AdminItem> {
  return slugConflicts(() =>
    withTenant(db, { id: tenant.id }, async (tx) => {
      const values = valuesOf(input, await freeSlug(tx, input), []);
      const row = await insertItem(tx, values, by.at, by.actor.id);
      await insertRevision(tx, row.id, row.revision, snapshotOf(row), by.at, by.actor.id);
      await audit(tx, by, { tenantId: tenant.id, action: 'content.created', target: { type: 'content', id: row.id, label: labelOf(row) }, after: snapshotOf(row) });
      return toAdminItem(row, tenant, by.at);
    }),
  );
}

/**
 * Demo content (api/src/seed/seed.ts): items checked exactly as an editor's are, each saved with its
 * revisions and, unless `publish` is false, published at `at`. No actor and no audit entry: the seed is
 * not a person. A refused item throws, naming its position.
 */
export async function seedItems(tx: TenantTx, items: readonly { input: ContentFields; publish: boolean }[], at: Date): Promise<number> {
  for (const [index, { input, publish }] of items.entries()) {
    let values: ContentValues;
    try {
      values = valuesOf(input, await freeSlug(tx, input), []);
    } catch (err) {
      const details = err instanceof AppError ? ` ${JSON.stringify(err.details)}` : '';
      throw new Error(`demo content item ${index} (${input.kind} ${input.title.fr ?? input.slug ?? ''}) refused: ${(err as Error).message}${details}`, { cause: err });
    }
    const row = await insertItem(tx, values, at, null);
    await insertRevision(tx, row.id, row.revision, snapshotOf(row), at, null);
    if (!publish) continue;
    const published = await setItemState(tx, row.id, { status: 'published', publish_at: at }, at, null);
    if (published) await insertRevision(tx, row.id, published.revision, snapshotOf(published), at, null);
  }
  return items.length;
}

/** Replaces an item's texts and fields (its state is kept: a published item's change shows at once). */
export async function updateItemOf(db: Database, tenant: TenantRow, id: string, input: ContentFields, by: ChangeContext): Promise<AdminItem> {
  return slugConflicts(() =>
    withTenant(db, { id: tenant.id }, async (tx) => {
      const before = await requireOwn(tx, id);
      if (input.kind !== before.kind) throw new AppError('VALIDATION_FAILED', 'the kind of an item does not change', [{ path: 'kind', code: 'immutable' }]);
      const slug = input.slug ?? before.slug;
      if (slug !== before.slug && (await slugTaken(tx, slug, id))) throw new AppError('CONTENT_SLUG_TAKEN', `the address ${slug} is taken here`, { slug });
      const kept = input.attachments
        ? input.attachments.flatMap((a) => {
            const found = before.attachments.find((b) => b.fileId === a.fileId);
            return found ? [{ ...found, name: Object.keys(a.name).length > 0 ? texts(a.name) : found.name }] : [];
          })
        : before.attachments;
      const row = await updateItem(tx, id, valuesOf(input, slug, kept), by.at, by.actor.id);
      if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
      await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
      await audit(tx, by, { tenantId: tenant.id, action: 'content.changed', target: { type: 'content', id, label: labelOf(row) }, before: snapshotOf(before), after: snapshotOf(row) });
      await announceIfPublic(tx, before, row);
      return toAdminItem(row, tenant, by.at);
    }),
  );
}

/** Publishes now, or schedules for `publishAt` (in the future). */
export async function publishItem(db: Database, tenant: TenantRow, id: string, publishAt: string | null, by: ChangeContext): Promise<AdminItem> {
  return withTenant(db, { id: tenant.id }, async (tx) => {
    const before = await requireOwn(tx, id);
    const at = publishAt ? new Date(publishAt) : by.at;
    const scheduled = at.getTime() > by.at.getTime();
    const row = await setItemState(tx, id, { status: scheduled ? 'scheduled' : 'published', publish_at: scheduled ? at : by.at }, by.at, by.actor.id);
    if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
    await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
    await audit(tx, by, {
      tenantId: tenant.id,
      action: scheduled ? 'content.scheduled' : 'content.published',
      target: { type: 'content', id, label: labelOf(row) },
      before: { status: before.status, publishAt: iso(before.publish_at) },
      after: { status: row.status, publishAt: iso(row.publish_at) },
    });
    await announceTenantChanged(tx, tenant.id);
    return toAdminItem(row, tenant, by.at);
  });
}

/** Back to draft: off the public site. */
export async function unpublishItem(db: Database, tenant: TenantRow, id: string, by: ChangeContext): Promise<AdminItem> {
  return withTenant(db, { id: tenant.id }, async (tx) => {
    const before = await requireOwn(tx, id);
    const row = await setItemState(tx, id, { status: 'draft', publish_at: null }, by.at, by.actor.id);
    if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
    await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
    await audit(tx, by, {
      tenantId: tenant.id,
      action: 'content.unpublished',
      target: { type: 'content', id, label: labelOf(row) },
      before: { status: before.status, publishAt: iso(before.publish_at) },
      after: { status: 'draft', publishAt: null },
    });
    await announceIfPublic(tx, before, row);
    return toAdminItem(row, tenant, by.at);
  });
}

export async function deleteItemOf(db: Database, tenant: TenantRow, id: string, by: ChangeContext): Promise<void> {
  await withTenant(db, { id: tenant.id }, async (tx) => {
    const before = await requireOwn(tx, id);
    await deleteItem(tx, id);
    await audit(tx, by, { tenantId: tenant.id, action: 'content.deleted', target: { type: 'content', id, label: labelOf(before) }, before: snapshotOf(before), after: null });
    await announceIfPublic(tx, before, null);
  });
}

export async function revisionsOf(db: Database, tenant: TenantRow, id: string) {
  return withTenant(db, { id: tenant.id }, async (tx) => {
    await requireOwn(tx, id);
    const rows = await listRevisions(tx, id);
    return rows.map((r) => ({
      revision: r.revision,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      title: (r.snapshot.title ?? {}) as TenantNames,
      status: String(r.snapshot.status ?? 'draft'),
    }));
  });
}

/** Brings back an earlier revision's texts, fields and files (the state stays as it is now), as a new revision. */
export async function restoreRevision(db: Database, tenant: TenantRow, id: string, revision: number, by: ChangeContext): Promise<AdminItem> {
  return slugConflicts(() =>
    withTenant(db, { id: tenant.id }, async (tx) => {
      const before = await requireOwn(tx, id);
      const old = await findRevision(tx, id, revision);
      if (!old) throw new AppError('NOT_FOUND', 'no such revision');
      const s = old.snapshot as Record<string, unknown>;
      const values: ContentValues = {
        kind: before.kind,
        slug: typeof s.slug === 'string' ? s.slug : before.slug,
        title: (s.title ?? {}) as TenantNames,
        summary: (s.summary ?? {}) as TenantNames,
        body: (s.body ?? {}) as TenantNames,
        fields: (s.fields ?? {}) as Record<string, unknown>,
        attachments: (s.attachments ?? []) as ContentAttachment[],
        event_at: typeof s.eventAt === 'string' ? new Date(s.eventAt) : null,
        expires_at: typeof s.expiresAt === 'string' ? new Date(s.expiresAt) : null,
        shared_with_arrondissements: s.sharedWithArrondissements === true,
      };
      if (values.slug !== before.slug && (await slugTaken(tx, values.slug, id))) values.slug = before.slug;
      const row = await updateItem(tx, id, values, by.at, by.actor.id);
      if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
      await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
      await audit(tx, by, {
        tenantId: tenant.id,
        action: 'content.restored',
        target: { type: 'content', id, label: labelOf(row) },
        before: snapshotOf(before),
        after: { ...snapshotOf(row), restoredFrom: revision },
      });
      await announceIfPublic(tx, before, row);
      return toAdminItem(row, tenant, by.at);
    }),
  );
}

/**
 * Joins a file to an item: stored first through the files service (type from the bytes; an image
 * re-encoded to WebP, resized, its metadata gone; a PDF kept as sent), then recorded and attached in
 * one transaction (the bytes are removed if it fails).
 */
export async function attachFile(
  deps: { db: Database; storage: Storage; logger?: Logger },
  tenant: TenantRow,
  id: string,
  purpose: 'image' | 'document',
  name: TenantNames,
  upload: { body: StorageBody; declaredSize: number | null },
  by: ChangeContext,
): Promise<AdminItem> {
  await withTenant(deps.db, { id: tenant.id }, (tx) => requireOwn(tx, id));
  const stored = await storeUpload(deps.storage, tenant.id, purpose, upload.body, { declaredSize: upload.declaredSize });
  return usingStoredFile(
    deps.storage,
    stored,
    (file) =>
      withTenant(deps.db, { id: tenant.id }, async (tx) => {
        const before = await requireOwn(tx, id);
        await recordFile(tx, file);
        const attachment: ContentAttachment = { fileId: file.id, purpose, contentType: file.contentType, size: file.size, name: texts(name), sha256: file.sha256 };
        const row = await updateItem(tx, id, { ...valuesOfRow(before), attachments: [...before.attachments, attachment] }, by.at, by.actor.id);
        if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
        await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
        await audit(tx, by, { tenantId: tenant.id, action: 'content.file_attached', target: { type: 'content', id, label: labelOf(row) }, after: attachment });
        await announceIfPublic(tx, before, row);
        return toAdminItem(row, tenant, by.at);
      }),
    deps.logger,
  );
}

/**
 * Takes one file off an item, as a new revision. The file itself stays stored: earlier revisions still
 * name it and restoring one brings it back. Public once the item is, like every other change.
 */
export async function detachFile(db: Database, tenant: TenantRow, id: string, fileId: string, by: ChangeContext): Promise<AdminItem> {
  return withTenant(db, { id: tenant.id }, async (tx) => {
    const before = await requireOwn(tx, id);
    const attachment = before.attachments.find((a) => a.fileId === fileId);
    if (!attachment) throw new AppError('NOT_FOUND', 'no such file on this item');
    const row = await updateItem(tx, id, { ...valuesOfRow(before), attachments: before.attachments.filter((a) => a.fileId !== fileId) }, by.at, by.actor.id);
    if (!row) throw new AppError('NOT_FOUND', 'no such content of this tenant');
    await insertRevision(tx, id, row.revision, snapshotOf(row), by.at, by.actor.id);
    await audit(tx, by, { tenantId: tenant.id, action: 'content.file_detached', target: { type: 'content', id, label: labelOf(row) }, before: attachment });
    await announceIfPublic(tx, before, row);
    return toAdminItem(row, tenant, by.at);
  });
}

/** An item's stored values as they are, to change one of them. */
function valuesOfRow(row: ContentRow): ContentValues {
  return {
    kind: row.kind,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body,
    fields: row.fields,
    attachments: row.attachments,
    event_at: row.event_at,
    expires_at: row.expires_at,
    shared_with_arrondissements: row.shared_with_arrondissements,
  };
}

/** Every language the platform knows (for the console's language tabs). */
export const CONTENT_LOCALES: readonly Locale[] = LOCALES;
