/**
 * Human-facing numbers (tracking numbers of complaints, registry numbers of mail): per tenant, per series,
 * per year, gap-free and never repeated, even under concurrent submissions and rollbacks (STACK.md,
 * "Staying ready for distribution"). Take the number inside the transaction that writes the record it
 * numbers, as late as possible in it: the counter row stays locked until that transaction ends.
 *
 * @example
 *   await withTenant(db, { id: tenant.id }, async (tx) => {
 *     const n = numberInline({ tenantId: tenant.id, series: 'complaints', prefix: 'CASA', at: now });
 *     await tx.with(n.name, n.counter).insertInto('complaints').columns([…, 'tracking'])
 *       .expression((eb) => eb.selectFrom(n.name).select([…, n.tracking.as('tracking')]))…;   // CASA-2026-000123
 *   });
 */
import { localYearOf } from '../deadlines/local-time.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { sql, type QueryCreator, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findLastNumber, takeNextNumber, takeNextNumberStatement } from './counters.repository.ts';

export { findLastNumber };

const SERIES = /^[a-z][a-z0-9_]{0,39}$/;
const PREFIX = /^[A-Z][A-Z0-9]{1,11}$/;

export interface CounterKey {
  tenantId: string;
  /** What is numbered: `complaints`, `mail`, … (lowercase, digits, underscores). */
  series: string;
  year: number;
}

/** Takes the next number of `series` for `year` in the caller's transaction (1 for the first of a year). */
export async function nextNumber(tx: TenantTx, key: CounterKey): Promise<number> {
  if (!SERIES.test(key.series)) throw new RangeError(`counter series must match ${SERIES}, got '${key.series}'`);
  if (!Number.isInteger(key.year) || key.year < 2000 || key.year > 2999) throw new RangeError(`counter year out of range: ${key.year}`);
  return takeNextNumber(tx, key.tenantId, key.series, key.year);
}

export interface TrackingNumber {
  prefix: string;
  year: number;
  number: number;
}

/** A tracking prefix as `formatTrackingNumber` writes it, or a RangeError. */
function checkPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) throw new RangeError(`a tracking prefix is 2–12 capital letters or digits, starting with a letter; got '${prefix}'`);
}

/** `{ prefix: 'CASA', year: 2026, number: 123 }` → `CASA-2026-000123` (six digits at least, more when needed). */
export function formatTrackingNumber({ prefix, year, number }: TrackingNumber): string {
  checkPrefix(prefix);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`a tracking number starts at 1, got ${number}`);
  return `${prefix}-${year}-${String(number).padStart(6, '0')}`;
}

/**
 * Reads a tracking number as a resident types it: any case, surrounding spaces, a space or dash between the
 * parts, Arabic-Indic digits. Null when it is not one.
 *
 * @example parseTrackingNumber(' casa-٢٠٢٦-١٢٣ ') // → { prefix: 'CASA', year: 2026, number: 123 }
 */
export function parseTrackingNumber(text: string): TrackingNumber | null {
  const latin = text
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .trim()
    .toUpperCase();
  const m = /^([A-Z][A-Z0-9]{1,11})[\s\-\u2010-\u2015](\d{4})[\s\-\u2010-\u2015](\d{1,9})$/.exec(latin);
  if (!m) return null;
  const number = Number(m[3]);
  return number >= 1 ? { prefix: m[1] as string, year: Number(m[2]), number } : null;
}

/** The name of the CTE that `numberInline` takes the number in. */
const NUMBER_CTE = 'taken_number';

/**
 * The next tracking number of `series`, in the year `at` falls in in Morocco (a submission at 00:30 on
 * 1 January is numbered in the new year), taken in the one statement that writes the numbered record: add
 * `counter` as a CTE named `name` (`tx.with(name, counter)`), and write the record with `INSERT … SELECT …
 * FROM name`, selecting `number` and `tracking`, SQL expressions on that CTE's row. (Not `INSERT … VALUES`
 * with them as subqueries: Citus refuses a subquery inside `VALUES`.) The counter row stays locked until the
 * transaction ends; the text is `formatTrackingNumber`'s (checked by the caller on the row it gets back). A
 * bad prefix throws before any statement.
 *
 * @example
 *   const n = numberInline({ tenantId, series: 'complaints', prefix: 'CASA', at: now });
 *   await tx.with(n.name, n.counter).insertInto('complaints').columns([…, 'year', 'number', 'tracking'])
 *     .expression((eb) => eb.selectFrom(n.name).select([…, sql.val(n.year).as('year'), n.number.as('number'), n.tracking.as('tracking')]))…
 */
export function numberInline(options: { tenantId: string; series: string; prefix: string; at: Date }): {
  name: typeof NUMBER_CTE;
  counter: (qc: QueryCreator<DB>) => ReturnType<typeof takeNextNumberStatement>;
  year: number;
  prefix: string;
  number: RawBuilder<number>;
  tracking: RawBuilder<string>;
} {
  if (!SERIES.test(options.series)) throw new RangeError(`counter series must match ${SERIES}, got '${options.series}'`);
  checkPrefix(options.prefix);
  const year = localYearOf(options.at);
  const last = sql.ref(`${NUMBER_CTE}.last`);
  return {
    name: NUMBER_CTE,
    counter: (qc) => takeNextNumberStatement(qc, options.tenantId, options.series, year),
    year,
    prefix: options.prefix,
    number: sql<number>`${last}`,
    // As `formatTrackingNumber`: six digits at least, more when needed (lpad alone would cut them).
    tracking: sql<string>`${`${options.prefix}-${year}-`}::text || lpad(${last}::text, greatest(6, length(${last}::text)), '0')`,
  };
}
