import { catalogueVersion, ServiceSchema, type Catalogue, type Category, type Service } from '@jamaa/tenants/catalogue.ts';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import type { ChangeContext } from '../audit/actor.ts';
import { audit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { CatalogueDraftChange, TenantNames } from '../db/schema.ts';
import { AppError, validationError } from '../shared/errors.ts';
import { actAsTenant, withPlatform, withTenant, type AnyTx } from '../tenancy/unit-of-work.ts';
import { findCurrentVersion, listCategories, listNationalServices, type CategoryRow, type VersionRow } from './catalogue.repository.ts';
import { publishCatalogueIn } from './catalogue.service.ts';
import type { CatalogueOverviewView, DraftReviewView, FieldChangeView, NationalServiceView } from './governance.schemas.ts';
import { deleteDraft, findDraft, listOverridesOfScope, saveDraft, type DraftRow } from './governance.repository.ts';
import { conflictingFields, OVERRIDDEN_CARD_FIELD, type OverrideField, type ServiceOverrides } from './offering-merge.ts';

/**
 * Governance of the shared national catalogue by the operator: a draft of the next version (services
 * changed or withdrawn on top of the current version), its review (what changed, per service and language,
 * and which tenants' overrides it conflicts with), and its publication. The draft belongs to the platform
 * tenant (`catalogue_drafts`, under row-level security); every change is audited in the platform's log.
 */

interface Current {
  version: VersionRow;
  categories: CategoryRow[];
  services: Map<string, Service>;
}

async function readCurrent(tx: AnyTx): Promise<Current> {
  const version = await findCurrentVersion(tx);
  if (!version) throw new AppError('NOT_READY', 'no catalogue has been published');
  const categories = await listCategories(tx, version.id);
  const services = new Map((await listNationalServices(tx, version.id)).map((s) => [s.code, s.card as Service]));
  return { version, categories, services };
}

const namesOf = (card: Service): TenantNames => ({ ar: card.names.ar, fr: card.names.fr, zgh: card.names.zgh });

/**
 * The draft's services whose card a newer version changed after the draft's change was made (another
 * publication, or `npm run catalogue`): publishing would put the older card back over that change.
 */
async function outdatedChanges(tx: AnyTx, current: Current, changes: readonly [string, CatalogueDraftChange][]): Promise<string[]> {
  // A draft's changes mostly start from one or two versions: each one's cards are read once.
  const versions = new Map<string, Map<string, Service>>();
  const cardsOf = async (versionId: string) => {
    let cards = versions.get(versionId);
    if (!cards) {
      cards = new Map((await listNationalServices(tx, versionId)).map((s) => [s.code, s.card as Service]));
      versions.set(versionId, cards);
    }
    return cards;
  };
  const outdated: string[] = [];
  for (const [code, change] of changes) {
    if (!change.basedOn || change.basedOn === current.version.id) continue;
    const then = (await cardsOf(change.basedOn)).get(code);
    if (diffCards(then ?? null, current.services.get(code) ?? null).length > 0) outdated.push(code);
  }
  return outdated;
}

/** Changes that still differ from the current version (an edit put back as it was is no change). */
function effectiveChanges(current: Current, changes: Record<string, CatalogueDraftChange>): [string, CatalogueDraftChange][] {
  return Object.entries(changes)
    .filter(([code, change]) => {
      const now = current.services.get(code);
      if ('withdrawn' in change) return now !== undefined;
      return !now || diffCards(now, change.card as unknown as Service).length > 0;
    })
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The current version, every national service and what the draft does to it. */
export async function catalogueOverview(db: Database, platformId: string): Promise<CatalogueOverviewView> {
  return withTenant(db, { id: platformId }, async (tx) => {
    const current = await readCurrent(tx);
    const draft = await findDraft(tx);
    const changes = draft?.changes ?? {};
    const order = new Map(current.categories.map((c) => [c.code, c.position]));
    const added = Object.entries(changes).flatMap(([code, c]) => ('card' in c && !current.services.has(code) ? [c.card as Service] : []));
    return {
      version: { label: current.version.label, publishedAt: current.version.published_at.toISOString() },
      draft: draft ? { label: draft.label, updatedAt: draft.updated_at.toISOString(), changes: effectiveChanges(current, changes).length } : null,
      services: [...current.services.values(), ...added]
        .sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0) || a.code.localeCompare(b.code))
        .map((card) => {
          const change = changes[card.code];
          const state = !change ? null : 'withdrawn' in change ? 'withdrawn' : current.services.has(card.code) ? 'changed' : 'added';
          return { code: card.code, category: card.category, names: namesOf(card), draft: state };
        }),
    };
  });
}

/** One national service as published and as the draft has it. */
export async function getNationalService(db: Database, platformId: string, code: string): Promise<NationalServiceView> {
  return withTenant(db, { id: platformId }, async (tx) => {
    const current = await readCurrent(tx);
    const change = (await findDraft(tx))?.changes[code];
    const published = current.services.get(code) ?? null;
    if (!published && !(change && 'card' in change)) throw new AppError('NOT_FOUND', `no national service ${code}`);
    return {
      code,
      published,
      draft: change && 'card' in change ? (change.card as Service) : null,
      withdrawn: change !== undefined && 'withdrawn' in change,
      categories: current.categories.map((c) => ({ code: c.code, names: c.names })),
    };
  });
}

export interface DraftServiceChange {
  /** The whole new card (validated as a national card: languages, law 55.19, …). */
  card?: unknown;
  /** Withdraw the service from the next version. */
  withdrawn?: boolean;
  /** The next version's label (kept when omitted). */
  label?: string;
}

/**
 * Puts one service's change in the draft (creating the draft on the first change): a new card, validated
 * like a catalogue file (its `lastReviewed` becomes today), or its withdrawal.
 */
export async function changeDraftService(db: Database, platformId: string, code: string, input: DraftServiceChange, by: ChangeContext): Promise<void> {
  let change: CatalogueDraftChange;
  if (input.withdrawn) {
    change = { withdrawn: true };
  } else {
    if (typeof input.card !== 'object' || input.card === null) {
      throw new AppError('VALIDATION_FAILED', 'a card or a withdrawal is needed', [{ path: 'card', code: 'required', message: 'required' }]);
    }
    const parsed = ServiceSchema.safeParse({ ...(input.card as Record<string, unknown>), lastReviewed: by.at.toISOString().slice(0, 10) });
    if (!parsed.success) {
      const error = validationError(parsed.error);
      throw new AppError('VALIDATION_FAILED', error.message, (error.details as { path: string }[]).map((d) => ({ ...d, path: `card.${d.path}` })));
    }
    if (parsed.data.code !== code) throw new AppError('VALIDATION_FAILED', 'the card is for another service', [{ path: 'card.code', code: 'code_mismatch', message: `must be ${code}` }]);
    change = { card: parsed.data as unknown as Record<string, unknown> };
  }
  await withTenant(db, { id: platformId }, async (tx) => {
    const current = await readCurrent(tx);
    if ('card' in change) {
      const card = change.card as unknown as Service;
      if (!current.categories.some((c) => c.code === card.category)) {
        throw new AppError('VALIDATION_FAILED', `unknown category ${card.category}`, [{ path: 'card.category', code: 'unknown_category', message: 'unknown category' }]);
      }
    } else if (!current.services.has(code)) {
      throw new AppError('NOT_FOUND', `no national service ${code}`);
    }
    const draft = await findDraft(tx);
    // A service changed again keeps the version its first change started from: the form showed the draft's card.
    change.basedOn = draft?.changes[code]?.basedOn ?? current.version.id;
    const changes = { ...(draft?.changes ?? {}), [code]: change };
    if ('card' in change) {
      // Two services sharing a name in one language cannot be told apart in a list or a search result.
      const card = change.card as unknown as Service;
      const others = [...current.services.values()].filter((s) => s.code !== code && !(changes[s.code] && 'withdrawn' in changes[s.code]!));
      for (const locale of LOCALES) {
        const clash = others.find((s) => {
          const other = changes[s.code];
          const names = other && 'card' in other ? (other.card as unknown as Service).names : s.names;
          return names[locale]?.toLocaleLowerCase('fr') === card.names[locale]?.toLocaleLowerCase('fr');
        });
        if (clash) throw new AppError('VALIDATION_FAILED', `same name as ${clash.code}`, [{ path: `card.names.${locale}`, code: 'name_taken', message: `same name as ${clash.code}` }]);
      }
    }
    await saveDraft(tx, { label: input.label ?? draft?.label ?? defaultLabel(by.at), changes, at: by.at });
    await audit(tx, by, {
      tenantId: platformId,
      action: 'catalogue.draft_changed',
      target: { type: 'service', id: code, label: 'card' in change ? String((change.card as { names?: { fr?: string } }).names?.fr ?? code) : (current.services.get(code)?.names.fr ?? code) },
      before: draft?.changes[code] ? { change: 'withdrawn' in draft.changes[code]! ? 'withdrawn' : 'changed' } : null,
      after: { change: 'withdrawn' in change ? 'withdrawn' : 'changed' },
    });
  });
}

const defaultLabel = (at: Date) => `Catalogue ${at.toISOString().slice(0, 10)}`;

/** Drops one service's change from the draft (back to the current version's card). */
export async function revertDraftService(db: Database, platformId: string, code: string, by: ChangeContext): Promise<void> {
  await withTenant(db, { id: platformId }, async (tx) => {
    const draft = await findDraft(tx);
    if (!draft?.changes[code]) throw new AppError('NOT_FOUND', `the draft does not change ${code}`);
    const { [code]: _dropped, ...changes } = draft.changes;
    await saveDraft(tx, { label: draft.label, changes, at: by.at });
    await audit(tx, by, { tenantId: platformId, action: 'catalogue.draft_changed', target: { type: 'service', id: code, label: code }, before: { change: 'withdrawn' in _dropped! ? 'withdrawn' : 'changed' }, after: null });
  });
}

/** Throws the draft away. */
export async function discardDraft(db: Database, platformId: string, by: ChangeContext): Promise<void> {
  await withTenant(db, { id: platformId }, async (tx) => {
    const draft = await findDraft(tx);
    if (!draft || !(await deleteDraft(tx))) throw new AppError('NOT_FOUND', 'no draft');
    await audit(tx, by, { tenantId: platformId, action: 'catalogue.draft_discarded', target: { type: 'catalogue_draft', id: draft.id, label: draft.label }, before: { services: Object.keys(draft.changes) } });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Review

/** Every leaf of a card as `path → text` (`documents.0.fr → "…"`), for the diff. */
export function flatten(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), into));
  else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) flatten(v, prefix ? `${prefix}.${key}` : key, into);
    }
  } else if (value !== undefined && value !== null) into.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  return into;
}

/** What changed between two cards, leaf by leaf, each with the language it is written in (null: all). */
export function diffCards(before: Service | null, after: Service | null): FieldChangeView[] {
  const a = before ? flatten(before) : new Map<string, string>();
  const b = after ? flatten(after) : new Map<string, string>();
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p) && p !== 'lastReviewed');
  return paths.sort(byCardOrder).map((path) => {
    const locale = [...path.split('.')].reverse().find((s): s is (typeof LOCALES)[number] => (LOCALES as readonly string[]).includes(s)) ?? null;
    return { path, field: path.split('.')[0] ?? path, locale, before: a.get(path) ?? null, after: b.get(path) ?? null };
  });
}

const FIELD_ORDER = ['names', 'summary', 'eligibility', 'documents', 'steps', 'cost', 'delay', 'where', 'contact', 'legalBasis', 'keywords'];
function byCardOrder(a: string, b: string): number {
  const rank = (p: string) => {
    const i = FIELD_ORDER.indexOf(p.split('.')[0] ?? '');
    return i < 0 ? FIELD_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The draft under review: per service, what changed (leaf by leaf, per language), and the tenants whose
 * overrides conflict with it — an override of a card field the draft changes, or of a service it withdraws.
 * Reads only the tenants' local facts (overrides), never a resident's data.
 */
export async function reviewDraft(db: Database, platformId: string): Promise<DraftReviewView> {
  const tenants = await withPlatform(db, (tx) =>
    tx.selectFrom('tenants').select(['id', 'slug', 'names', 'parent_id', 'status']).where('kind', '<>', 'platform').execute(),
  );
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  return withTenant(db, { id: platformId, readable: tenants.map((t) => t.id) }, async (tx) => {
    const current = await readCurrent(tx);
    const draft = await findDraft(tx);
    if (!draft) throw new AppError('NOT_FOUND', 'no draft');
    const changes = effectiveChanges(current, draft.changes);
    const services = changes.map(([code, change]) => {
      const before = current.services.get(code) ?? null;
      const after = 'card' in change ? (change.card as unknown as Service) : null;
      const fields = diffCards(before, after);
      const languages = Object.fromEntries([...LOCALES, 'all'].map((l) => [l, fields.filter((f) => (f.locale ?? 'all') === l).length])) as Record<'ar' | 'fr' | 'zgh' | 'all', number>;
      return {
        code,
        names: namesOf((after ?? before) as Service),
        action: 'withdrawn' in change ? ('withdrawn' as const) : before ? ('changed' as const) : ('added' as const),
        languages,
        fields: 'withdrawn' in change ? [] : fields,
      };
    });
    const byCode = new Map(changes);
    const conflicts = (await listOverridesOfScope(tx, changes.map(([code]) => code))).flatMap((o) => {
      const change = byCode.get(o.service_code);
      const before = current.services.get(o.service_code);
      if (!change || !before) return [];
      const overrides = o.overrides as ServiceOverrides;
      const overridden = Object.keys(overrides) as OverrideField[];
      const fields =
        'withdrawn' in change
          ? [...new Set(overridden.map((f) => OVERRIDDEN_CARD_FIELD[f] ?? f))].sort()
          : conflictingFields(before as unknown as Record<string, unknown>, change.card, overrides);
      if (fields.length === 0) return [];
      const tenant = tenants.find((t) => t.id === o.tenant_id);
      if (!tenant) return [];
      return [
        {
          tenant: { id: tenant.id, slug: tenant.slug, parentSlug: tenant.parent_id ? (slugOf.get(tenant.parent_id) ?? null) : null, names: tenant.names, status: tenant.status },
          service: { code: o.service_code, names: namesOf(before) },
          reason: 'withdrawn' in change ? ('withdrawn' as const) : ('changed' as const),
          fields,
          overrides: overridden.sort(),
        },
      ];
    });
    const outdated = await outdatedChanges(tx, current, changes);
    return { label: draft.label, baseVersion: current.version.label, updatedAt: draft.updated_at.toISOString(), services, conflicts, outdated };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Publication

/** The current version with the draft's changes applied, as a catalogue ready to publish. */
function applyDraft(current: Current, draft: DraftRow): Catalogue {
  const cards = new Map(current.services);
  for (const [code, change] of Object.entries(draft.changes)) {
    if ('withdrawn' in change) cards.delete(code);
    else cards.set(code, change.card as unknown as Service);
  }
  const order = new Map(current.categories.map((c) => [c.code, c.position]));
  const services = [...cards.values()].sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0) || a.code.localeCompare(b.code));
  const categories = current.categories.map((c) => ({ code: c.code, order: c.position + 1, icon: c.icon, names: c.names }) as Category);
  return { version: catalogueVersion({ categories, services }), categories, services };
}

/**
 * Publishes the draft as the new current version and deletes it, in one transaction: tenants see the old
 * version or the new one. Overrides the new version conflicts with are flagged for review in each tenant's
 * console (as for any publication). NOTHING_TO_PUBLISH when the draft changes nothing; DRAFT_OUTDATED when a
 * newer version changed a service the draft changes too, unless `replaceNewer` says to put the draft's card back.
 */
export async function publishDraft(
  db: Database,
  platformId: string,
  options: { label?: string | undefined; replaceNewer?: boolean | undefined },
  by: ChangeContext,
): Promise<{ version: string; label: string; flagged: number }> {
  const { label } = options;
  return withPlatform(db, async (tx) => {
    const asPlatform = await actAsTenant(tx, { id: platformId });
    const draft = await findDraft(asPlatform);
    if (!draft) throw new AppError('NOT_FOUND', 'no draft');
    const current = await readCurrent(asPlatform);
    const changes = effectiveChanges(current, draft.changes);
    if (changes.length === 0) throw new AppError('NOTHING_TO_PUBLISH', 'the draft changes nothing');
    const outdated = await outdatedChanges(asPlatform, current, changes);
    if (outdated.length > 0 && !options.replaceNewer) {
      throw new AppError('DRAFT_OUTDATED', `a newer version changed ${outdated.join(', ')} after the draft did`, { services: outdated, version: current.version.label });
    }
    const catalogue = applyDraft(current, draft);
    const result = await publishCatalogueIn(tx, catalogue, label ?? draft.label, { ...by, platformTenantId: platformId });
    // Publishing visited every tenant: act as the platform again before deleting its draft.
    await deleteDraft(await actAsTenant(tx, { id: platformId }));
    return { version: result.version.content_hash, label: result.version.label, flagged: result.flagged };
  });
}
