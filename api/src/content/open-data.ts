import { toCsv } from '../audit/csv.ts';
import type { Database } from '../db/database.ts';
import type { TenantNames, TenantRow } from '../db/schema.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { listActiveTenants, listVisibleOf } from './content.repository.ts';
import type { ContentRow } from './content.repository.ts';

/**
 * The documents of the `budgets` set: the public finances, as the "budgets" means them to a
 * resident: the budget voted, its execution (the administrative account) and the financial reports. One set
 * with a `type` column rather than three, named "budgets and accounts" wherever a reader sees it; its file
 * keeps the name `budgets` (links already given). Technical reports and other documents are in no set.
 */
export const FINANCE_DOCUMENT_TYPES = ['budget', 'accounts', 'financial_report'] as const;

/** The open data sets, each from public content. */
export const DATASETS = {
  projects: ['project'],
  tenders: ['tender'],
  budgets: ['document'],
  decisions: ['session', 'legal_text'],
} as const;
export type Dataset = keyof typeof DATASETS;
export const DATASET_FILE = /^(projects|tenders|budgets|decisions)\.(csv|json)$/;

type Cell = string | number | boolean | null;
type Record_ = Record<string, Cell>;

const txt = (t: unknown, l: 'ar' | 'fr') => (t && typeof t === 'object' ? ((t as TenantNames)[l] ?? null) : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** The records of a data set from rows (each tagged with its tenant's code). */
export function recordsOf(dataset: Dataset, rows: readonly ContentRow[], codeOf: (tenantId: string) => string): Record_[] {
  const base = (r: ContentRow) => ({ commune: codeOf(r.tenant_id), slug: r.slug, title_ar: txt(r.title, 'ar'), title_fr: txt(r.title, 'fr') });
  switch (dataset) {
    case 'projects':
      return rows.map((r) => ({
        ...base(r),
        status: str(r.fields.status),
        budget_mad: num(r.fields.budgetMad),
        start_on: str(r.fields.startOn),
        end_on: str(r.fields.endOn),
        progress_percent: num(r.fields.progress),
        latitude: num((r.fields.location as { lat?: unknown } | undefined)?.lat),
        longitude: num((r.fields.location as { lng?: unknown } | undefined)?.lng),
      }));
    case 'tenders':
      return rows.map((r) => ({
        ...base(r),
        reference: str(r.fields.reference),
        deadline: str(r.fields.deadline),
        status: str(r.fields.status),
        estimate_mad: num(r.fields.estimateMad),
        awardee: str(r.fields.awardee),
        amount_mad: num(r.fields.amountMad),
        portal_url: str(r.fields.portalUrl),
      }));
    case 'budgets':
      return rows
        .filter((r) => (FINANCE_DOCUMENT_TYPES as readonly unknown[]).includes(r.fields.type))
        .map((r) => ({ ...base(r), type: str(r.fields.type), year: num(r.fields.year), amount_mad: num(r.fields.amountMad), files: r.attachments.length }));
    case 'decisions':
      return rows.flatMap((r): Record_[] => {
        if (r.kind === 'legal_text') {
          return [{ ...base(r), source: str(r.fields.type), date: str(r.fields.signedOn), decision_ar: null, decision_fr: null, votes_for: null, votes_against: null, abstentions: null, adopted: null, bulletin_url: str(r.fields.bulletinUrl) }];
        }
        const decisions = Array.isArray(r.fields.decisions) ? (r.fields.decisions as Record<string, unknown>[]) : [];
        return decisions.map((d) => ({
          ...base(r),
          source: 'session',
          date: day(r.event_at),
          decision_ar: txt(d.title, 'ar'),
          decision_fr: txt(d.title, 'fr'),
          votes_for: num(d.votesFor),
          votes_against: num(d.votesAgainst),
          abstentions: num(d.abstentions),
          adopted: typeof d.adopted === 'boolean' ? d.adopted : null,
          bulletin_url: null,
        }));
      });
  }
}

/** Each data set's columns, in order: the CSV's header, the same whether or not there are records. */
export const COLUMNS: Record<Dataset, readonly string[]> = {
  projects: ['commune', 'slug', 'title_ar', 'title_fr', 'status', 'budget_mad', 'start_on', 'end_on', 'progress_percent', 'latitude', 'longitude'],
  tenders: ['commune', 'slug', 'title_ar', 'title_fr', 'reference', 'deadline', 'status', 'estimate_mad', 'awardee', 'amount_mad', 'portal_url'],
  budgets: ['commune', 'slug', 'title_ar', 'title_fr', 'type', 'year', 'amount_mad', 'files'],
  decisions: ['commune', 'slug', 'title_ar', 'title_fr', 'source', 'date', 'decision_ar', 'decision_fr', 'votes_for', 'votes_against', 'abstentions', 'adopted', 'bulletin_url'],
};

/**
 * A data set as a file: JSON as it is, or CSV for spreadsheets (`toCsv`: UTF-8 with a BOM, RFC 4180
 * quoting, texts that would run as formulas neutralised).
 */
export function serialise(records: Record_[], format: 'csv' | 'json', dataset: Dataset): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify({ dataset, records }), contentType: 'application/json; charset=utf-8' };
  const header = COLUMNS[dataset];
  return {
    body: toCsv(
      header,
      records.map((r) => header.map((h) => (typeof r[h] === 'boolean' ? String(r[h]) : (r[h] as string | number | null)))),
    ),
    contentType: 'text/csv; charset=utf-8; header=present',
  };
}

/** One tenant's data set: its own public content (and what its commune shares with it). */
export async function tenantDataset(db: Database, resolved: ResolvedTenant, dataset: Dataset, now: Date): Promise<Record_[]> {
  const ids = [resolved.tenant.id];
  const rows = await withTenant(db, { id: resolved.tenant.id }, (tx) => listVisibleOf(tx, ids, DATASETS[dataset], now));
  return recordsOf(dataset, rows, () => resolved.tenant.code);
}

/** The national aggregate: every active tenant's public content of the data set. */
export async function nationalDataset(db: Database, dataset: Dataset, now: Date): Promise<Record_[]> {
  const tenants: TenantRow[] = await withPlatform(db, (tx) => listActiveTenants(tx));
  const platform = tenants.find((t) => t.kind === 'platform');
  // An arrondissement is served only while its commune is: a suspended commune's arrondissements are left out too.
  const active = new Set(tenants.map((t) => t.id));
  const served = tenants.filter((t) => t.kind !== 'platform' && (t.parent_id === null || active.has(t.parent_id)));
  if (!platform || served.length === 0) return [];
  const ids = served.map((t) => t.id);
  const codes = new Map(served.map((t) => [t.id, t.code]));
  const rows = await withTenant(db, { id: platform.id, readable: ids }, (tx) => listVisibleOf(tx, ids, DATASETS[dataset], now));
  return recordsOf(dataset, rows, (id) => codes.get(id) ?? id);
}
