import { sql } from 'kysely';
import type { TenantNames } from '../db/schema.ts';
import type { AnyTx, ProvisioningTx, TenantTx } from '../tenancy/unit-of-work.ts';
import { OPEN_STATES } from '../complaints/complaint-states.ts';
import { localDateOf } from '../deadlines/local-time.ts';

export interface DomainRow {
  domain: string;
  tenant_id: string;
  state: 'pending' | 'active';
  activated_at: Date | null;
}

/** Every custom domain of the platform. */
export async function listAllDomains(tx: AnyTx): Promise<DomainRow[]> {
  return tx.selectFrom('tenant_domains').select(['domain', 'tenant_id', 'state', 'activated_at']).orderBy('domain').execute();
}

export async function findDomain(tx: AnyTx, domain: string): Promise<DomainRow | undefined> {
  return tx.selectFrom('tenant_domains').select(['domain', 'tenant_id', 'state', 'activated_at']).where('domain', '=', domain).executeTakeFirst();
}

/** The reverse proxy obtained a certificate: a pending domain becomes active (once). */
export async function activateDomain(tx: ProvisioningTx, domain: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('tenant_domains')
    .set({ state: 'active', activated_at: at })
    .where('domain', '=', domain)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// Per-tenant figures, read in one unit of work whose readable scope holds every tenant (`tx.readable`):
// row-level security lets each query see exactly those tenants, and each query names them.

const ids = (tx: TenantTx) => sql`(${sql.join(tx.readable.map((id) => sql`${id}::uuid`))})`;

/** The last audited change of each tenant. */
export async function lastActivityByTenant(tx: TenantTx): Promise<Map<string, Date>> {
  if (tx.readable.length === 0) return new Map();
  const rows = await tx
    .selectFrom('audit_log')
    .select(['tenant_id', (eb) => eb.fn.max('at').as('last')])
    .where(sql<boolean>`tenant_id in ${ids(tx)}`)
    .groupBy('tenant_id')
    .execute();
  return new Map(rows.map((r) => [r.tenant_id, new Date(r.last as unknown as string | Date)]));
}

/** Bytes of stored files per tenant. */
export async function storageByTenant(tx: TenantTx): Promise<Map<string, number>> {
  if (tx.readable.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenant_files')
    .select(['tenant_id', (eb) => eb.fn.sum<string>('size').as('bytes')])
    .where(sql<boolean>`tenant_id in ${ids(tx)}`)
    .groupBy('tenant_id')
    .execute();
  return new Map(rows.map((r) => [r.tenant_id, Number(r.bytes)]));
}

export interface OfficeFigures {
  tenant_id: string;
  names: TenantNames;
  incomplete: boolean;
}

/** Each office's names and whether it lacks opening hours or a location. */
export async function officeFigures(tx: TenantTx): Promise<OfficeFigures[]> {
  if (tx.readable.length === 0) return [];
  return tx
    .selectFrom('offices')
    .select(['tenant_id', 'names', sql<boolean>`latitude is null or longitude is null or jsonb_array_length(hours) = 0`.as('incomplete')])
    .where(sql<boolean>`tenant_id in ${ids(tx)}`)
    .execute();
}

/** Every tenant's offerings: which services it turned off, and which it changed. */
export async function offeringFigures(tx: TenantTx): Promise<{ tenant_id: string; service_code: string; enabled: boolean | null; overridden: boolean }[]> {
  if (tx.readable.length === 0) return [];
  return tx
    .selectFrom('service_offerings')
    .select(['tenant_id', 'service_code', 'enabled', sql<boolean>`overrides <> '{}'::jsonb`.as('overridden')])
    .where(sql<boolean>`tenant_id in ${ids(tx)}`)
    .execute();
}

/** Every tenant's site texts (the welcome text…), for missing translations. */
export async function siteTextFigures(tx: TenantTx): Promise<{ tenant_id: string; key: string; value: TenantNames }[]> {
  if (tx.readable.length === 0) return [];
  return tx
    .selectFrom('site_texts')
    .select(['tenant_id', 'key', 'value'])
    .where(sql<boolean>`tenant_id in ${ids(tx)}`)
    .execute();
}

// Requests (complaints and problem reports): counts only, never a resident's text or contact. A complaint
// merged into another counts once, as the one it joined.

const OPEN = sql`(${sql.join(OPEN_STATES.map((state) => sql.lit(state)))})`;

/** Per tenant: requests still owed an answer, and those of them past their deadline at `now`. */
export async function requestCountsByTenant(tx: TenantTx, now: Date): Promise<Map<string, { open: number; overdue: number }>> {
  if (tx.readable.length === 0) return new Map();
  const { rows } = await sql<{ tenant_id: string; open: string; overdue: string }>`
    select tenant_id,
           count(*) filter (where state in ${OPEN}) as open,
           count(*) filter (where state in ${OPEN} and due_at < ${now}) as overdue
      from complaints
     where tenant_id in ${ids(tx)} and merged_into is null
     group by tenant_id`.execute(tx);
  return new Map(rows.map((r) => [r.tenant_id, { open: Number(r.open), overdue: Number(r.overdue) }]));
}

/**
 * Requests received per month as lived in Morocco (a complaint at 00:30 on 1 April is April's), across the
 * tenants in scope, oldest first. Morocco's clock is UTC+0 or UTC+1 (tz database), so only the last UTC hour
 * of a month may belong to the next one: those are counted apart and moved when Morocco's clock already
 * read the next month (in JS: the embedded database has no time-zone data to ask).
 */
export async function requestsPerMonth(tx: TenantTx): Promise<{ month: string; requests: number }[]> {
  if (tx.readable.length === 0) return [];
  const { rows } = await sql<{ month: string; edge: boolean; n: string }>`
    select to_char(utc, 'YYYY-MM') as month,
           utc >= date_trunc('month', utc) + interval '1 month' - interval '1 hour' as edge,
           count(*) as n
      from (select created_at at time zone 'UTC' as utc
              from complaints
             where tenant_id in ${ids(tx)} and merged_into is null) c
     group by 1, 2`.execute(tx);
  const months = new Map<string, number>();
  for (const r of rows) {
    let month = r.month;
    if (r.edge) {
      const [year, m] = month.split('-').map(Number) as [number, number];
      // Half an hour before the month ends in UTC: the offset holds for the whole hour (clocks change at night's end, not at midnight).
      const instant = new Date(Date.UTC(year, m, 1) - 30 * 60_000);
      month = localDateOf(instant).slice(0, 7);
    }
    months.set(month, (months.get(month) ?? 0) + Number(r.n));
  }
  return [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, requests]) => ({ month, requests }));
}

/** How many resolved requests took how long (days, to a tenth), across the tenants in scope. */
export async function resolutionHistogram(tx: TenantTx): Promise<{ days: number; n: number }[]> {
  if (tx.readable.length === 0) return [];
  const { rows } = await sql<{ days: string; n: string }>`
    select round((extract(epoch from closed_at - created_at) / 86400)::numeric, 1) as days, count(*) as n
      from complaints
     where tenant_id in ${ids(tx)} and merged_into is null and state = 'resolved' and closed_at is not null
     group by 1
     order by 1`.execute(tx);
  return rows.map((r) => ({ days: Number(r.days), n: Number(r.n) }));
}

/**
 * Per tenant: council sessions held more than `dueDays` ago, public, whose summary of decisions is not
 * posted yet (law 113.14 gives 8 days: DOMAIN.md §1.4).
 */
export async function lateSummariesByTenant(tx: TenantTx, now: Date, dueDays: number): Promise<Map<string, number>> {
  if (tx.readable.length === 0) return new Map();
  const { rows } = await sql<{ tenant_id: string; n: string }>`
    select tenant_id, count(*) as n
      from content_items
     where tenant_id in ${ids(tx)}
       and kind = 'session' and status <> 'draft' and publish_at <= ${now}
       and event_at + make_interval(days => ${dueDays}) < ${now}
       and fields->>'summaryPublishedOn' is null
     group by tenant_id`.execute(tx);
  return new Map(rows.map((r) => [r.tenant_id, Number(r.n)]));
}
