// The public statistics as tables, charts and the yearly report's CSV.
import type { ComplaintStatistics } from './types.ts';

/** A share (0–1) as a whole percentage, or null. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 100);
}

/** The twelve months of `year`, each with its row (zeros when nothing was filed). */
export function monthsOf(stats: ComplaintStatistics): { month: string; received: number; resolved: number; medianDaysToResolve: number | null; withinDeadlineShare: number | null }[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${stats.year}-${String(i + 1).padStart(2, '0')}`;
    return stats.byMonth.find((row) => row.month === month) ?? { month, received: 0, resolved: 0, medianDaysToResolve: null, withinDeadlineShare: null };
  });
}

/** Bar heights for a chart of `height` units: the largest value fills it. */
export function bars(values: readonly number[], height: number): number[] {
  const max = Math.max(1, ...values);
  return values.map((v) => Math.round((v / max) * height * 10) / 10);
}

const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",;\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The yearly report (décret 2.17.265) as CSV: one line per category, per month, and the total, with
 * received, resolved, median days to resolve and the share answered within the deadline (%).
 */
export function reportCsv(stats: ComplaintStatistics, categoryName: (code: string) => string): string {
  const header = ['section', 'key', 'label', 'received', 'resolved', 'median_days_to_resolve', 'within_deadline_percent'];
  const rows: (string | number | null)[][] = [header];
  const line = (section: string, key: string, label: string, r: ComplaintStatistics['total']) => [section, key, label, r.received, r.resolved, r.medianDaysToResolve, percent(r.withinDeadlineShare)];
  rows.push(line('year', String(stats.year), String(stats.year), stats.total));
  for (const row of stats.byCategory) rows.push(line('category', row.category, categoryName(row.category), row));
  for (const row of monthsOf(stats)) rows.push(line('month', row.month, row.month, row));
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The year asked for (`?year=`), else the current one. */
export function yearOf(url: URL): number {
  const year = Number(url.searchParams.get('year'));
  return Number.isInteger(year) && year >= 2000 && year <= 2999 ? year : new Date().getUTCFullYear();
}
