import { describe, expect, it } from 'vitest';
import { formatCalendarDate } from '#lib/i18n/format.ts';
import { addDays, announcedClosures, closureDays, moroccanDate, type OfficeClosure } from './closures.ts';

const works: OfficeClosure = { from: '2027-01-11', to: '2027-01-13', reason: { fr: 'Travaux', ar: 'أشغال' } };

describe('office closures', () => {
  it('announce a closure under way as closed today, on its first and last day', () => {
    for (const today of ['2027-01-11', '2027-01-12', '2027-01-13']) {
      expect(announcedClosures([works], today)).toEqual([{ closure: works, when: 'today' }]);
    }
  });

  it('announce a closure two weeks ahead, not before, and no longer once it is over', () => {
    expect(announcedClosures([works], '2026-12-28')).toEqual([{ closure: works, when: 'upcoming' }]);
    expect(announcedClosures([works], '2027-01-10')).toEqual([{ closure: works, when: 'upcoming' }]);
    expect(announcedClosures([works], '2026-12-27')).toEqual([]);
    expect(announcedClosures([works], '2027-01-14')).toEqual([]);
  });

  it('list the closure under way first, then the next ones by first day', () => {
    const inventory: OfficeClosure = { from: '2027-01-20', to: '2027-01-20', reason: { fr: 'Inventaire' } };
    const past: OfficeClosure = { from: '2027-01-02', to: '2027-01-03', reason: { fr: 'Passé' } };
    expect(announcedClosures([inventory, past, works], '2027-01-12').map((c) => [c.closure.from, c.when])).toEqual([
      ['2027-01-11', 'today'],
      ['2027-01-20', 'upcoming'],
    ]);
  });

  it('count days in Morocco, not in UTC: 23:30 UTC was already the next day while Morocco kept UTC+1', () => {
    // March 2026, after Ramadan: UTC+1 by every tzdata version (since 2026c Morocco stays on UTC+0).
    expect(moroccanDate(new Date('2026-03-25T23:30:00Z'))).toBe('2026-03-26');
    const closure: OfficeClosure = { from: '2026-03-26', to: '2026-03-26', reason: { fr: 'Inventaire' } };
    expect(announcedClosures([closure], moroccanDate(new Date('2026-03-25T23:30:00Z')))).toEqual([{ closure, when: 'today' }]);
    // During Ramadan (UTC+0) the same hour is still the same day.
    expect(moroccanDate(new Date('2026-03-05T23:30:00Z'))).toBe('2026-03-05');
  });

  it('gives the new day from the first minute of it, asked for minute after minute', () => {
    // 23:00 UTC is midnight in Morocco (UTC+1): one second apart, two days.
    expect(moroccanDate(new Date('2026-03-25T22:59:00Z'))).toBe('2026-03-25');
    expect(moroccanDate(new Date('2026-03-25T22:59:59Z'))).toBe('2026-03-25');
    expect(moroccanDate(new Date('2026-03-25T23:00:00Z'))).toBe('2026-03-26');
    expect(moroccanDate(new Date('2026-03-25T22:59:59Z'))).toBe('2026-03-25');
  });

  it('add days across months and years', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('say the first day briefly when it shares the last one’s month (« du 11 au 13 janvier 2027 »)', () => {
    expect(closureDays(works, 'fr')).toEqual({ from: '11', to: formatCalendarDate('2027-01-13', 'fr') });
    expect(closureDays(works, 'fr')).toEqual({ from: '11', to: '13 janvier 2027' });
    expect(closureDays({ ...works, to: '2027-02-02' }, 'ar')).toEqual({ from: formatCalendarDate('2027-01-11', 'ar'), to: formatCalendarDate('2027-02-02', 'ar') });
    expect(closureDays({ ...works, to: works.from }, 'fr')).toEqual({ date: '11 janvier 2027' });
    expect(closureDays({ ...works, from: '2027-02-01', to: '2027-02-03' }, 'fr')).toEqual({ from: '1er', to: '3 février 2027' });
  });
});
