import { loadCatalogue, ServiceSchema, type Catalogue, type Service } from '@jamaa/tenants/catalogue.ts';
import { LRUCache } from 'lru-cache';
import type { ChangeContext } from '../audit/actor.ts';
import { audit, type RequestMeta } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { listOffices, type OfficeRow } from '../offices/offices.repository.ts';
import { TENANT_OFFICES, tenantOfficeViews, toOfficeView } from '../offices/offices.service.ts';
import type { AdminOfferingView, SearchResultView, ServiceDetailView, ServiceListingView, ServiceSummary } from './catalogue.schemas.ts';
import { AppError, validationError } from '../shared/errors.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { buildVocabulary, normaliseForSearch, phraseColumn, planQuery, searchTerms, withoutTerm, type QueryPlan, type SearchVocabulary } from '@jamaa/tenants/text-folding.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { ACTIVE_CHILDREN, readDirectly, type Remember } from '../shared/remember.ts';
import { listChildTenants, listTenantIds } from '../tenancy/tenants.repository.ts';
import { ARRONDISSEMENT_OFFICE_KINDS } from '@jamaa/tenants/catalogue-vocabulary.ts';
import { actAsTenant, lockStartup, withPlatform, withTenant, type PlatformTx, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  findCurrentVersion,
  findVersionByHash,
  insertCategories,
  insertCurrentVersion,
  insertLocalService,
  insertNationalServices,
  listCategories,
  listLocalServices,
  listNationalServices,
  listOfferings,
  listOverridingOfferings,
  searchLocalServices,
  searchNationalServices,
  setOfferingReview,
  suggestNationalServices,
  type SearchHit,
  upsertOffering,
  type VersionRow,
} from './catalogue.repository.ts';
import { conflictingFields, mergeOffering, OVERRIDDEN_CARD_FIELD, type MergedOffering, type OverrideField, type ServiceOverrides } from './offering-merge.ts';

/** Who made a change and from where, for the audit log. */
export type { ChangeContext } from '../audit/actor.ts';

// ---------------------------------------------------------------------------------------------------------
// Publishing (the national operator)

export interface PublishResult {
  version: VersionRow;
  created: boolean;
  /** Offerings whose overrides now need review, across all tenants. */
  flagged: number;
}

/**
 * Normalised search text of a service card. Names and keywords go to `nameSearch`, one phrase each (framed by
 * ` | `, so that a query equal to a name or keyword can be told from one that merely shares words); the
 * summary, documents and the body that handles a pointer card go to `bodySearch`.
 */
export function searchDocument(card: Pick<Service, 'names' | 'summary' | 'keywords' | 'documents'> & Partial<Pick<Service, 'handledBy'>>): {
  nameSearch: string;
  bodySearch: string;
} {
  const names = [card.names.ar, card.names.fr, card.names.zgh, ...(card.keywords.ar ?? []), ...(card.keywords.fr ?? []), ...(card.keywords.zgh ?? [])];
  const handledBy = card.handledBy ? [card.handledBy.names.ar, card.handledBy.names.fr, card.handledBy.names.zgh ?? ''] : [];
  const body = [card.summary.ar, card.summary.fr, card.summary.zgh ?? '', ...handledBy, ...card.documents.flatMap((d) => [d.ar, d.fr, d.zgh ?? ''])];
  return { nameSearch: phraseColumn(names), bodySearch: normaliseForSearch(body.join(' ')) };
}

/**
 * Publishes a catalogue as the new current version; idempotent by content. Every tenant keeps its
 * overrides; an override of a field that the new national text changed is flagged for review.
 * One transaction: tenants see the old version or the new one, never half of it.
 */
export async function publishCatalogue(
  db: Database,
  catalogue: Catalogue,
  label = catalogue.version,
  by?: ChangeContext & { platformTenantId: string },
): Promise<PublishResult> {
  return withPlatform(db, (tx) => publishCatalogueIn(tx, catalogue, label, by));
}

/** `publishCatalogue` inside the caller's platform transaction (publishing a draft also deletes it). */
export async function publishCatalogueIn(
  tx: PlatformTx,
  catalogue: Catalogue,
  label = catalogue.version,
  by?: ChangeContext & { platformTenantId: string },
): Promise<PublishResult> {
  await lockStartup(tx);
  const existing = await findVersionByHash(tx, catalogue.version);
  const previous = await findCurrentVersion(tx);
  if (existing && previous?.id === existing.id) return { version: existing, created: false, flagged: 0 };
  if (existing) throw new AppError('BAD_REQUEST', `catalogue ${catalogue.version} was published before; publish a new version instead`);

  const before = previous ? new Map((await listNationalServices(tx, previous.id)).map((s) => [s.code, s.card])) : new Map();
  const version = await insertCurrentVersion(tx, catalogue.version, label);
  await insertCategories(
    tx,
    version.id,
    catalogue.categories.map((c, position) => ({ code: c.code, names: c.names, icon: c.icon, position })),
  );
  await insertNationalServices(
    tx,
    version.id,
    catalogue.services.map((s) => ({ code: s.code, category: s.category, audiences: s.audiences, card: s, ...searchDocument(s) })),
  );

  let flagged = 0;
  if (previous) {
    const after = new Map(catalogue.services.map((s) => [s.code, s]));
    // Overrides live under each tenant's row-level security: visit tenants one by one in this transaction.
    for (const tenantId of await listTenantIds(tx)) {
      const asTenant = await actAsTenant(tx, { id: tenantId });
      for (const offering of await listOverridingOfferings(asTenant)) {
        const old = before.get(offering.service_code);
        const now = after.get(offering.service_code);
        if (!old || !now) continue;
        const conflicts = conflictingFields(old, now, offering.overrides);
        if (conflicts.length === 0) continue;
        const review = [...new Set([...offering.review_fields, ...conflicts])].sort();
        await setOfferingReview(asTenant, offering.service_code, review);
        flagged++;
      }
    }
  }
  if (by) {
    const asPlatform = await actAsTenant(tx, { id: by.platformTenantId });
    await audit(asPlatform, by, {
      tenantId: by.platformTenantId,
      action: 'catalogue.published',
      target: { type: 'catalogue_version', id: version.id, label },
      after: { version: catalogue.version, services: catalogue.services.length, flagged },
    });
  }
  return { version, created: true, flagged };
}

/** On first start: the catalogue shipped in `tenants/catalogue/` becomes version one. */
export async function ensureCatalogue(db: Database): Promise<void> {
  const current = await withPlatform(db, (tx) => findCurrentVersion(tx));
  if (!current) await publishCatalogue(db, loadCatalogue());
}

// ---------------------------------------------------------------------------------------------------------
// What a tenant offers

export interface OfferedService {
  code: string;
  category: string;
  audiences: string[];
  card: Service;
  local: boolean;
  offering: MergedOffering;
}

interface TenantCatalogue {
  version: VersionRow;
  categories: Awaited<ReturnType<typeof listCategories>>;
  services: OfferedService[];
  offices: OfficeRow[];
}

interface NationalVersion {
  categories: Awaited<ReturnType<typeof listCategories>>;
  national: Awaited<ReturnType<typeof listNationalServices>>;
  /**
   * Each national service as offered by a tenant that made no choice about it (no offering row in its
   * chain: enabled, nothing overridden), in `national`'s order. Shared by every such tenant's catalogue
   * (frozen), so that 1,544 tenants' kept catalogues cost an array of references each, not 60 objects.
   */
  defaults: readonly OfferedService[];
}

/**
 * A published version never changes (a new one gets a new id), so each process keeps the ones it has read:
 * tenant pages then read only their own offerings. Bounded: old versions are dropped.
 */
const nationalVersions = new Map<string, Promise<NationalVersion>>();

async function nationalVersion(tx: TenantTx, versionId: string): Promise<NationalVersion> {
  let cached = nationalVersions.get(versionId);
  if (!cached) {
    if (nationalVersions.size >= 4) nationalVersions.clear();
    // Read inside the caller's transaction; on failure the entry is dropped so the next request retries.
    cached = (async () => {
      const national = await listNationalServices(tx, versionId);
      const defaults = national.map((row) =>
        deepFreeze<OfferedService>({ code: row.code, category: row.category, audiences: row.audiences, card: row.card, local: false, offering: mergeOffering([]) }),
      );
      return { categories: await listCategories(tx, versionId), national, defaults };
    })();
    nationalVersions.set(versionId, cached);
    cached.catch(() => nationalVersions.delete(versionId));
  }
  return cached;
}

/** The tenant's merged catalogue for public pages: kept between requests when `remember` is a cache's. */
function publicCatalogue(db: Database, resolved: ResolvedTenant, remember: Remember): Promise<TenantCatalogue> {
  return remember('catalogue', () => {
    // The version in force is every tenant's: kept once for the process when the cache can (`shared`).
    const { shared } = remember;
    const read = withTenant(db, resolved.scope, (tx) =>
      readTenantCatalogue(tx, resolved, shared ? () => shared(CURRENT_VERSION, () => currentVersionIn(tx)) : undefined),
    );
    // The catalogue reads the tenant's offices (the same rows as `listTenantOffices`): kept under that
    // name too, from the same read, a service page (which asks for both) makes one unit of work instead
    // of two. Asked before the read starts, as any kept read is, so that a write meanwhile drops it; a
    // name already kept is left as it is.
    remember(TENANT_OFFICES, async () => tenantOfficeViews((await read).offices, resolved)).catch(() => {});
    return read;
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The name under which the catalogue's current version is kept for every tenant (`Remember.shared`). */
const CURRENT_VERSION = 'catalogue-version';

/** The catalogue's current version, or NOT_READY (so that a cache keeps no absence: it keeps no failure). */
async function currentVersionIn(tx: TenantTx): Promise<VersionRow> {
  const version = await findCurrentVersion(tx);
  if (!version) throw new AppError('NOT_READY', 'no catalogue has been published');
  return version;
}

/**
 * The tenant's merged catalogue, read in `tx`. `currentVersion`: where the version in force comes from when
 * it is kept (a public read); by default it is read in `tx` as well.
 */
async function readTenantCatalogue(tx: TenantTx, resolved: ResolvedTenant, currentVersion: () => Promise<VersionRow> = () => currentVersionIn(tx)): Promise<TenantCatalogue> {
  const version = await currentVersion();
  // The layers whose choices the tenant inherits, from the top (commune) down: a lower layer overrides.
  const ids = [...resolved.chain].reverse().map((t) => t.id);
  const { categories, national, defaults } = await nationalVersion(tx, version.id);
  const [offerings, locals, offices] = [
    await listOfferings(tx, ids),
    await listLocalServices(tx, ids),
    await listOffices(tx, ids),
  ];
  const layerIndex = new Map(ids.map((id, i) => [id, i]));
  const byCode = new Map<string, typeof offerings>();
  for (const o of offerings) byCode.set(o.service_code, [...(byCode.get(o.service_code) ?? []), o]);

  const services: OfferedService[] = national.map((row, i) => {
    if (!byCode.has(row.code)) return defaults[i] as OfferedService;
    const rows = (byCode.get(row.code) ?? []).sort((a, b) => (layerIndex.get(a.tenant_id) ?? 0) - (layerIndex.get(b.tenant_id) ?? 0));
    const offering = mergeOffering(
      rows.map((o) => ({ tenantId: o.tenant_id, enabled: o.enabled, overrides: o.overrides, reviewFields: o.review_fields })),
    );
    return { code: row.code, category: row.category, audiences: row.audiences, card: row.card, local: false, offering };
  });
  for (const l of locals) {
    services.push({
      code: l.code,
      category: l.category,
      audiences: l.audiences,
      card: l.card,
      local: true,
      offering: { enabled: l.enabled, overrides: {}, overriddenBy: {}, reviewFields: [] },
    });
  }
  return { version, categories, services, offices };
}

export interface ServiceListing {
  version: VersionRow;
  categories: { code: string; names: TenantRow['names']; icon: string; serviceCount: number }[];
  services: OfferedService[];
}

/**
 * The order of a listing: the services residents need most first (`frequencyRank`), then by name in the
 * page's language (Arabic, French or Amazigh collation); a commune's own services without a rank come last.
 */
export function listingOrder(lang: Locale | undefined): (a: OfferedService, b: OfferedService) => number {
  const locale = lang === 'ar' ? 'ar-MA' : lang === 'fr' ? 'fr-MA' : lang === 'zgh' ? 'zgh' : 'fr-MA';
  const collator = collatorOf(locale);
  const name = (s: OfferedService) => (lang ? (s.card.names[lang] ?? s.card.names.fr) : s.code);
  return (a, b) => (a.card.frequencyRank ?? Infinity) - (b.card.frequencyRank ?? Infinity) || collator.compare(name(a), name(b)) || a.code.localeCompare(b.code);
}

/** One collator per locale, made once: making one costs as much as a listing's whole sort. */
const collators = new Map<string, Intl.Collator>();

function collatorOf(locale: string): Intl.Collator {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base' });
    collators.set(locale, collator);
  }
  return collator;
}

/** The services a tenant offers, optionally of one category or audience, ordered by `listingOrder`. */
export async function listOfferedServices(
  db: Database,
  resolved: ResolvedTenant,
  filter: { category?: string | undefined; audience?: string | undefined; lang?: Locale | undefined; popular?: number | undefined } = {},
  remember: Remember = readDirectly,
): Promise<ServiceListing> {
  const catalogue = await publicCatalogue(db, resolved, remember);
  const offered = catalogue.services.filter((s) => s.offering.enabled);
  const counts = new Map<string, number>();
  for (const s of offered) counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
  return {
    version: catalogue.version,
    categories: catalogue.categories
      .filter((c) => counts.has(c.code))
      .map((c) => ({ code: c.code, names: c.names, icon: c.icon, serviceCount: counts.get(c.code) ?? 0 })),
    services: popularOf(
      offered
        .filter((s) => (!filter.category || s.category === filter.category) && (!filter.audience || s.audiences.includes(filter.audience)))
        .sort(listingOrder(filter.lang)),
      filter.popular,
    ),
  };
}

/** With `count`, the first `count` of `sorted` that residents need most (a frequency rank, of kind `service`). */
function popularOf(sorted: OfferedService[], count: number | undefined): OfferedService[] {
  if (count === undefined) return sorted;
  return sorted.filter((s) => s.card.frequencyRank != null && (s.card.kind ?? 'service') === 'service').slice(0, count);
}

export interface ServiceDetail extends OfferedService {
  catalogueVersion: string;
  /** The office that delivers it: the override's, else the nearest office of the card's kind. */
  office: OfficeRow | null;
  /** On a city with arrondissements, for a service their desks deliver: each arrondissement's office of its kind. */
  arrondissementOffices: ArrondissementOffice[];
  categoryNames: TenantRow['names'];
}

export interface ArrondissementOffice {
  office: OfficeRow;
  arrondissement: TenantRow;
}

/** One offered service with its local facts; NOT_FOUND when the tenant does not offer it. */
export async function getOfferedService(db: Database, resolved: ResolvedTenant, code: string, remember: Remember = readDirectly): Promise<ServiceDetail> {
  const catalogue = await publicCatalogue(db, resolved, remember);
  const service = catalogue.services.find((s) => s.code === code && s.offering.enabled);
  if (!service) throw new AppError('NOT_FOUND', `service ${code} is not offered here`);
  const category = catalogue.categories.find((c) => c.code === service.category);
  return {
    ...service,
    office: officeFor(service, catalogue.offices, resolved.tenant.id),
    arrondissementOffices: await arrondissementOfficesFor(db, resolved, service, remember),
    categoryNames: category?.names ?? {},
    catalogueVersion: catalogue.version.label,
  };
}

/**
 * On a city (commune with arrondissements), a service at an arrondissement desk (civil status, légalisation;
 * `ARRONDISSEMENT_OFFICE_KINDS`) is delivered in every active arrondissement: their offices of that kind, by
 * arrondissement code then each one's own order. Empty anywhere else, and for a service done only online.
 */
async function arrondissementOfficesFor(db: Database, resolved: ResolvedTenant, service: OfferedService, remember: Remember): Promise<ArrondissementOffice[]> {
  const { kind: where, officeKind } = service.card.where;
  if (resolved.tenant.kind !== 'commune' || !officeKind || !ARRONDISSEMENT_OFFICE_KINDS.includes(officeKind)) return [];
  if (where !== 'office' && where !== 'both') return [];
  // One list per kind, kept as the list of every kind is: the same array for each service of that kind,
  // whose answer's JSON is then made once (see `toServiceDetailView`).
  return remember(`arrondissement-offices:${officeKind}`, async () => {
    const all = await remember('arrondissement-offices', () => readArrondissementOffices(db, resolved, remember));
    return all.filter(({ office }) => office.kind === officeKind);
  });
}

/** Every office of the city's active arrondissements, by arrondissement code then each one's own order. */
async function readArrondissementOffices(db: Database, resolved: ResolvedTenant, remember: Remember): Promise<ArrondissementOffice[]> {
  // Kept by the commune's home page when it was read first: most communes have none, and need no read.
  const children = await remember(ACTIVE_CHILDREN, () => withPlatform(db, (tx) => listChildTenants(tx, resolved.tenant.id, ['active'])));
  if (children.length === 0) return [];
  const ids = children.map((c) => c.id);
  const rows = await withTenant(db, { id: resolved.tenant.id, readable: ids }, (tx) => listOffices(tx, ids));
  const rank = new Map(ids.map((id, i) => [id, i]));
  const byId = new Map(children.map((c) => [c.id, c]));
  return rows
    .sort((a, b) => (rank.get(a.tenant_id) ?? 0) - (rank.get(b.tenant_id) ?? 0) || a.position - b.position)
    .flatMap((office) => {
      const arrondissement = byId.get(office.tenant_id);
      return arrondissement ? [{ office, arrondissement }] : [];
    });
}

/** The override's office, else an office of the right kind: the tenant's own first, then its commune's. */
function officeFor(service: OfferedService, offices: OfficeRow[], tenantId: string): OfficeRow | null {
  const chosen = service.offering.overrides.officeId;
  if (chosen) return offices.find((o) => o.id === chosen) ?? null;
  const kind = service.card.where.officeKind;
  if (!kind) return null;
  const ofKind = offices.filter((o) => o.kind === kind);
  return ofKind.find((o) => o.tenant_id === tenantId) ?? ofKind[0] ?? null;
}

export interface SearchResult {
  query: string;
  services: (OfferedService & { rank: number })[];
  /**
   * When nothing matched a query that said something: the services whose names come closest (`similar`),
   * completed with the ones residents need most (`popular`), so the page never ends on nothing.
   */
  suggestions: (OfferedService & { reason: 'similar' | 'popular' })[];
}

/** A query word this common (on about a fifth of the cards or more) may be dropped when no card has every word. */
const DROPPABLE_WEIGHT = 0.9;

/** Suggestions need this much trigram word similarity between the query and a card's names to count as close. */
const SUGGESTION_SIMILARITY = 0.3;
const SUGGESTION_COUNT = 5;
const MIN_SUGGESTIONS = 3;

/** The words of a published version's cards, to correct typed words against; a version never changes. */
const nationalVocabularies = new Map<string, SearchVocabulary>();

function vocabularyOf(versionId: string, national: readonly OfferedService[], local: readonly OfferedService[]): SearchVocabulary {
  const texts = (services: readonly OfferedService[]) => services.map((s) => Object.values(searchDocument(s.card)).join(' '));
  if (local.length > 0) return buildVocabulary([...texts(national), ...texts(local)]);
  let vocabulary = nationalVocabularies.get(versionId);
  if (!vocabulary) {
    if (nationalVocabularies.size >= 4) nationalVocabularies.clear();
    vocabulary = buildVocabulary(texts(national));
    nationalVocabularies.set(versionId, vocabulary);
  }
  return vocabulary;
}

/**
 * Query plans against a published version's national words, by version and query as typed: a version never
 * changes, so the same query always makes the same plan, whichever tenant without services of its own is
 * searched (matching each typed word against every indexed word is most of a search's own work). Bounded as
 * the national hits are (least recently asked dropped). A plan is never changed in place.
 */
const nationalPlans = new LRUCache<string, QueryPlan>({ max: 2_000 });

function keptNationalPlan(versionId: string, query: string, make: () => QueryPlan): QueryPlan {
  const key = `${versionId}|${query}`;
  let plan = nationalPlans.get(key);
  if (!plan) {
    plan = make();
    nationalPlans.set(key, plan);
  }
  return plan;
}

/** A plan's text, the key of its kept national hits: written once per plan object. */
const planKeys = new WeakMap<QueryPlan, string>();

function planKey(plan: QueryPlan): string {
  let key = planKeys.get(plan);
  if (key === undefined) {
    key = JSON.stringify(plan);
    planKeys.set(plan, key);
  }
  return key;
}

const byRank = (a: SearchHit, b: SearchHit) => b.rank - a.rank || (a.frequency ?? Infinity) - (b.frequency ?? Infinity) || a.code.localeCompare(b.code);

/**
 * National search hits by published version and query plan: a version never changes, so the same plan
 * always finds the same services; residents ask the same few things, and a search page then needs no
 * statement for the national catalogue. Bounded (least recently asked dropped); failures are not kept.
 */
const nationalHits = new LRUCache<string, Promise<SearchHit[]>>({ max: 2_000 });

function keptNationalHits(key: string, load: () => Promise<SearchHit[]>): Promise<SearchHit[]> {
  let hits = nationalHits.get(key);
  if (!hits) {
    const loading = load();
    nationalHits.set(key, loading);
    loading.catch(() => {
      if (nationalHits.peek(key) === loading) nationalHits.delete(key);
    });
    hits = loading;
  }
  return hits;
}

/**
 * Search in any of the three languages and in Darija, tolerant of spelling variants, one-letter typos and the
 * Amazigh annexed state; only offered services. A query that matches nothing gets suggestions. The tenant's
 * catalogue comes through `remember` (kept by the public routes), national hits from those kept by version
 * and plan; the tenant's own services are searched only when it has some.
 */
export async function searchOfferedServices(db: Database, resolved: ResolvedTenant, query: string, limit = 20, remember: Remember = readDirectly): Promise<SearchResult> {
  if (normaliseForSearch(query) === '') return { query, services: [], suggestions: [] };
  const catalogue = await publicCatalogue(db, resolved, remember);
  const versionId = catalogue.version.id;
  const hasLocal = catalogue.services.some((s) => s.local);
  const ids = resolved.scope.readable;
  const plan = hasLocal
    ? planQuery(
        query,
        vocabularyOf(
          versionId,
          catalogue.services.filter((s) => !s.local),
          catalogue.services.filter((s) => s.local),
        ),
      )
    : keptNationalPlan(versionId, query, () => planQuery(query, vocabularyOf(versionId, catalogue.services, [])));
  const offered = new Map(catalogue.services.filter((s) => s.offering.enabled).map((s) => [s.code, s]));
  // Each read the database must answer is a short unit of work of its own, opened only when needed.
  const inUnit = <T>(read: (tx: TenantTx) => Promise<T>): Promise<T> => withTenant(db, resolved.scope, read);
  const national = (searched: QueryPlan) =>
    // Ask for more than needed: disabled services are dropped after ranking.
    keptNationalHits(`${versionId}|${limit * 3}|${planKey(searched)}`, () => inUnit((tx) => searchNationalServices(tx, versionId, searched, limit * 3)));
  // A word nothing indexed is close to cannot match: every term group must.
  const search = async (searched: QueryPlan) =>
    [...(await national(searched)), ...(hasLocal ? await inUnit((tx) => searchLocalServices(tx, ids, searched, limit)) : [])]
      .sort(byRank)
      .flatMap((h) => {
        const s = offered.get(h.code);
        return s ? [{ ...s, rank: h.rank }] : [];
      });
  let services: SearchResult['services'] = [];
  if (plan.unknown.length === 0 && plan.terms.length > 0) {
    services = await search(plan);
    // Known words never together on one card («ⵜⴰⵛⵜⴽⵉⵜ ⵖⵔ ⵜⵎⵙⵏⴰⴹⵜ», complaint to the commune): without the
    // most common one, if it is common enough to say little («commune»); a rare word is never dropped.
    const common = [...plan.terms].sort((a, b) => (a.alternatives[0]?.weight ?? 0) - (b.alternatives[0]?.weight ?? 0))[0];
    if (services.length === 0 && plan.terms.length >= 2 && common && (common.alternatives[0]?.weight ?? Infinity) <= DROPPABLE_WEIGHT) {
      services = await search(withoutTerm(plan, common.term));
    }
  }
  if (services.length > 0) return { query, services: services.slice(0, limit), suggestions: [] };

  const close = await keptNationalHits(`${versionId}|similar|${SUGGESTION_COUNT * 3}|${plan.correctedPhrase}`, () =>
    inUnit((tx) => suggestNationalServices(tx, versionId, plan.correctedPhrase, SUGGESTION_SIMILARITY, SUGGESTION_COUNT * 3)),
  );
  const similar = close.flatMap((h) => {
    const s = offered.get(h.code);
    return s ? [{ ...s, reason: 'similar' as const }] : [];
  });
  const suggestions: SearchResult['suggestions'] = similar.slice(0, SUGGESTION_COUNT);
  const wanted = suggestions.length === 0 ? SUGGESTION_COUNT : MIN_SUGGESTIONS;
  for (const s of [...offered.values()].sort(byFrequencyThenCode)) {
    if (suggestions.length >= wanted) break;
    if (!suggestions.some((x) => x.code === s.code)) suggestions.push({ ...s, reason: 'popular' });
  }
  return { query, services: [], suggestions };
}

function byFrequencyThenCode(a: OfferedService, b: OfferedService): number {
  return (a.card.frequencyRank ?? Infinity) - (b.card.frequencyRank ?? Infinity) || a.code.localeCompare(b.code);
}

// ---------------------------------------------------------------------------------------------------------
// A tenant administrator's choices (HTTP routes come with staff accounts)

export interface OfferingChange {
  enabled?: boolean | null;
  /** Fields to set; `null` removes an override and returns to the inherited/national value. */
  overrides?: { [K in OverrideField]?: ServiceOverrides[K] | null };
}

/**
 * Enables/disables a national service for a tenant or overrides local facts. Saving an override marks
 * it reviewed against the current national version.
 */
export async function changeOffering(
  db: Database,
  resolved: ResolvedTenant,
  code: string,
  change: OfferingChange,
  by?: ChangeContext,
): Promise<MergedOffering> {
  return withTenant(db, resolved.scope, async (tx) => {
    const catalogue = await readTenantCatalogue(tx, resolved);
    const service = catalogue.services.find((s) => s.code === code && !s.local);
    if (!service) throw new AppError('NOT_FOUND', `no national service ${code}`);
    const officeId = change.overrides?.officeId;
    if (officeId && !catalogue.offices.some((o) => o.id === officeId)) {
      throw new AppError('VALIDATION_FAILED', 'the office is not one of this tenant or its commune', [{ path: 'overrides.officeId', code: 'unknown_office' }]);
    }
    const tenantId = resolved.tenant.id;
    const [own] = await listOfferings(tx, [tenantId], code);
    const overrides: Record<string, unknown> = { ...(own?.overrides ?? {}) };
    const touched = new Set<string>();
    for (const [key, value] of Object.entries(change.overrides ?? {})) {
      if (value === null) delete overrides[key];
      else overrides[key] = value;
      const field = OVERRIDDEN_CARD_FIELD[key as OverrideField];
      if (field) touched.add(field);
    }
    const enabled = change.enabled === undefined ? (own?.enabled ?? null) : change.enabled;
    await upsertOffering(tx, code, {
      enabled,
      overrides,
      baseVersionId: catalogue.version.id,
      reviewFields: (own?.review_fields ?? []).filter((f) => !touched.has(f)),
    });
    if (by) {
      await audit(tx, by, {
        tenantId,
        action: 'catalogue.offering_changed',
        target: { type: 'service', id: code, label: service.card.names.fr },
        before: { enabled: own?.enabled ?? null, overrides: own?.overrides ?? {} },
        after: { enabled, overrides },
      });
    }
    const after = await readTenantCatalogue(tx, resolved);
    return after.services.find((s) => s.code === code)?.offering ?? service.offering;
  });
}

// ---------------------------------------------------------------------------------------------------------
// API shapes

export function toServiceSummary(s: OfferedService): ServiceSummary {
  const online = s.card.where.onlinePlatform;
  return {
    code: s.code,
    category: s.category,
    audiences: s.audiences,
    local: s.local,
    names: s.card.names,
    summary: s.card.summary,
    cost: s.offering.overrides.cost ?? s.card.cost,
    online: online ? { code: online.code, url: online.url } : null,
    kind: s.card.kind ?? 'service',
    handledBy: s.card.handledBy ? { names: s.card.handledBy.names, url: s.card.handledBy.url ?? null } : null,
    frequencyRank: s.card.frequencyRank ?? null,
  };
}

export function toServiceListingView(listing: ServiceListing): ServiceListingView {
  return {
    catalogueVersion: listing.version.label,
    cataloguePublishedAt: new Date(listing.version.published_at).toISOString(),
    categories: listing.categories,
    services: listing.services.map(keptSummary),
  };
}

/**
 * The summary of a service, made once per offered service: the same object in every listing of a kept
 * catalogue (and of every tenant that shares the service's default offering), never changed in place.
 */
const summaries = new WeakMap<OfferedService, ServiceSummary>();

function keptSummary(s: OfferedService): ServiceSummary {
  let summary = summaries.get(s);
  if (!summary) {
    summary = toServiceSummary(s);
    summaries.set(s, summary);
  }
  return summary;
}

export function toServiceDetailView(detail: ServiceDetail, tenantId: string): ServiceDetailView {
  const { cost, hours, extraDocuments, note, contact } = detail.offering.overrides;
  return {
    ...toServiceSummary(detail),
    card: detail.card,
    categoryNames: detail.categoryNames,
    localFacts: {
      ...(cost ? { cost } : {}),
      ...(hours ? { hours } : {}),
      ...(extraDocuments ? { extraDocuments } : {}),
      ...(note ? { note } : {}),
      ...(contact ? { contact } : {}),
    },
    office: detail.office ? toOfficeView(detail.office, tenantId) : null,
    arrondissementOffices: arrondissementOfficeViews(detail.arrondissementOffices, tenantId),
    catalogueVersion: detail.catalogueVersion,
  };
}

/** Views of a kept list of arrondissement offices, made once per list and tenant (the list is one tenant's). */
const officeViews = new WeakMap<readonly ArrondissementOffice[], { tenantId: string; views: ServiceDetailView['arrondissementOffices'] }>();

function arrondissementOfficeViews(list: readonly ArrondissementOffice[], tenantId: string): ServiceDetailView['arrondissementOffices'] {
  const known = officeViews.get(list);
  if (known?.tenantId === tenantId) return known.views;
  const views = list.map(({ office, arrondissement }) => ({
    ...toOfficeView(office, tenantId),
    arrondissement: { slug: arrondissement.slug, names: arrondissement.names },
  }));
  if (list.length > 0) officeViews.set(list, { tenantId, views });
  return views;
}

export function toSearchResultView(result: SearchResult): SearchResultView {
  return {
    query: result.query,
    services: result.services.map((s) => ({ ...toServiceSummary(s), rank: s.rank })),
    suggestions: result.suggestions.map((s) => ({ ...toServiceSummary(s), reason: s.reason })),
  };
}

/** Every national service with this tenant's choices about it, for the administrator's screen. */
export async function listOfferingsForAdmin(db: Database, resolved: ResolvedTenant): Promise<(ReturnType<typeof toServiceSummary> & { offering: MergedOffering })[]> {
  const catalogue = await withTenant(db, resolved.scope, (tx) => readTenantCatalogue(tx, resolved));
  return catalogue.services.map((s) => ({ ...toServiceSummary(s), offering: s.offering }));
}

/**
 * One service for the console's service screen, offered here or not: the merged choices, this tenant's own
 * overrides apart from those it inherits, the national card and the offices it may point to.
 */
export async function getOfferingForAdmin(db: Database, resolved: ResolvedTenant, code: string): Promise<AdminOfferingView> {
  const catalogue = await withTenant(db, resolved.scope, (tx) => readTenantCatalogue(tx, resolved));
  const service = catalogue.services.find((s) => s.code === code);
  if (!service) throw new AppError('NOT_FOUND', `no service ${code}`);
  const tenantId = resolved.tenant.id;
  const own: ServiceOverrides = {};
  const inherited: ServiceOverrides = {};
  const { overrides, overriddenBy } = service.offering;
  for (const field of Object.keys(overrides) as OverrideField[]) {
    const into = overriddenBy[field] === tenantId ? own : inherited;
    (into as Record<OverrideField, unknown>)[field] = overrides[field];
  }
  return {
    ...toServiceSummary(service),
    offering: service.offering,
    own,
    inherited,
    card: service.card,
    offices: catalogue.offices.map((o) => toOfficeView(o, tenantId)),
  };
}

/**
 * Adds a service of the commune's own, validated like a national card (law 55.19 rules included); its code
 * must start with `local-`. An arrondissement's residents see its commune's local services too.
 */
export async function addLocalService(db: Database, resolved: ResolvedTenant, input: unknown, by: ChangeContext): Promise<OfferedService> {
  const parsed = ServiceSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const card = parsed.data;
  if (!card.code.startsWith('local-')) {
    throw new AppError('VALIDATION_FAILED', "a commune's own service has a code starting with local-", [{ path: 'code', code: 'local_prefix' }]);
  }
  return withTenant(db, resolved.scope, async (tx) => {
    const catalogue = await readTenantCatalogue(tx, resolved);
    if (!catalogue.categories.some((c) => c.code === card.category)) {
      throw new AppError('VALIDATION_FAILED', `unknown category ${card.category}`, [{ path: 'category', code: 'unknown_category' }]);
    }
    if (catalogue.services.some((s) => s.code === card.code)) {
      throw new AppError('SERVICE_EXISTS', `a service ${card.code} already exists here`);
    }
    const tenantId = resolved.tenant.id;
    await insertLocalService(tx, { code: card.code, category: card.category, audiences: card.audiences, card, ...searchDocument(card) });
    await audit(tx, by, {
      tenantId,
      action: 'catalogue.local_service_added',
      target: { type: 'service', id: card.code, label: card.names.fr },
      after: card,
    });
    return { code: card.code, category: card.category, audiences: card.audiences, card, local: true, offering: { enabled: true, overrides: {}, overriddenBy: {}, reviewFields: [] } };
  });
}
