import { describe, expect, it } from 'vitest';
import { bars, monthsOf, percent, reportCsv } from './statistics.ts';
import type { ComplaintStatistics } from './types.ts';

const stats: ComplaintStatistics = {
  year: 2026,
  total: { received: 10, resolved: 6, medianDaysToResolve: 12.5, withinDeadlineShare: 0.833 },
  byCategory: [{ category: 'street_lighting', received: 10, resolved: 6, medianDaysToResolve: 12.5, withinDeadlineShare: 0.833 }],
  byMonth: [{ month: '2026-03', received: 10, resolved: 6, medianDaysToResolve: 12.5, withinDeadlineShare: 0.833 }],
};

describe('public statistics', () => {
  it('fills the twelve months of the year', () => {
    const months = monthsOf(stats);
    expect(months).toHaveLength(12);
    expect(months[2]?.received).toBe(10);
    expect(months[0]).toMatchObject({ month: '2026-01', received: 0 });
  });

  it('scales bars to the largest value and rounds shares to whole percents', () => {
    expect(bars([0, 5, 10], 100)).toEqual([0, 50, 100]);
    expect(bars([0, 0], 100)).toEqual([0, 0]);
    expect(percent(0.833)).toBe(83);
    expect(percent(null)).toBeNull();
  });

  it('writes the yearly report as CSV a spreadsheet opens in UTF-8, names quoted when needed', () => {
    const csv = reportCsv(stats, () => 'Éclairage, public');
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('section,key,label,received,resolved,median_days_to_resolve,within_deadline_percent');
    expect(lines[1]).toBe('year,2026,2026,10,6,12.5,83');
    expect(lines[2]).toBe('category,street_lighting,"Éclairage, public",10,6,12.5,83');
    expect(lines).toHaveLength(2 + 1 + 12);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
