import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CALENDAR_FILE, CalendarError, certaintyOf, holidaysOf, loadHolidayCalendar, umalquraDate } from './calendar.ts';

const data = loadHolidayCalendar();
const dir = mkdtempSync(path.join(tmpdir(), 'jamaa-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped file with one text replaced, loaded from a temporary copy. */
function loadEdited(from: string, to: string) {
  const source = readFileSync(CALENDAR_FILE, 'utf8');
  expect(source).toContain(from);
  const file = path.join(dir, `edited-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, source.replace(from, to));
  return () => loadHolidayCalendar(file);
}

describe('the holiday calendar', () => {
  it('lists the fixed civil holidays of 2026, Yennayer and Aïd al-Wahda included', () => {
    const fixed = holidaysOf(data, 2026).filter((h) => h.status === 'fixed').map((h) => h.date);
    expect(fixed).toEqual([
      '2026-01-01', '2026-01-11', '2026-01-14', '2026-05-01', '2026-07-30', '2026-08-14',
      '2026-08-20', '2026-08-21', '2026-10-31', '2026-11-06', '2026-11-18',
    ]);
  });

  it('starts Yennayer in 2024 and Aïd al-Wahda in 2026 (proclaimed on 4 November 2025)', () => {
    const keys = (year: number) => holidaysOf(data, year).map((h) => h.key);
    expect(keys(2023)).not.toContain('amazigh_new_year');
    expect(keys(2024)).toContain('amazigh_new_year');
    expect(keys(2025)).not.toContain('unity_day');
    expect(keys(2026)).toContain('unity_day');
  });

  it('gives Eid al-Fitr 2026 its two days and the exceptional Monday after', () => {
    const around = holidaysOf(data, 2026).filter((h) => h.date >= '2026-03-19' && h.date <= '2026-03-24');
    expect(around.map((h) => [h.date, h.key, h.status])).toEqual([
      ['2026-03-20', 'eid_al_fitr', 'confirmed'],
      ['2026-03-21', 'eid_al_fitr', 'confirmed'],
      ['2026-03-23', 'closure', 'closure'],
    ]);
  });

  it('knows which years are confirmed, estimated or missing', () => {
    expect(certaintyOf(data, 2025)).toBe('confirmed');
    expect(certaintyOf(data, 2026)).toBe('estimated');
    expect(certaintyOf(data, 2024)).toBe('missing');
    expect(certaintyOf(data, 2030)).toBe('missing');
  });

  it('keeps every configured Islamic date within two days of its Hijri day', () => {
    for (const entry of data.islamicDates) {
      const { hijri } = data.islamic[entry.holiday];
      const near = [-2, -1, 0, 1, 2].map((shift) => umalquraDate(new Date(Date.parse(entry.firstDay) + shift * 86_400_000).toISOString().slice(0, 10)));
      expect(near.some((h) => h.month === hijri.month && h.day === hijri.day), `${entry.holiday} ${entry.firstDay}`).toBe(true);
    }
  });

  it('refuses a mistyped Islamic date, naming the field', () => {
    const load = loadEdited('first_day: "2026-03-20"', 'first_day: "2026-03-02"');
    expect(load).toThrow(CalendarError);
    expect(load).toThrow(/islamic_dates\[4\]\.first_day: 2026-03-02 is .* more than two days from eid_al_fitr/);
  });

  it('refuses an impossible date and an unknown holiday', () => {
    expect(loadEdited('date: "2026-03-23"', 'date: "2026-02-30"')).toThrow(/closures\[0\]\.date: must be a date/);
    expect(loadEdited('holiday: mawlid, first_day: "2025-09-05"', 'holiday: ashura, first_day: "2025-09-05"')).toThrow(/islamic_dates\[3\]\.holiday: must be one of/);
  });

  it('refuses the same Islamic holiday twice in one season', () => {
    const load = loadEdited(
      '  - { holiday: eid_al_adha, first_day: "2025-06-07"',
      '  - { holiday: eid_al_fitr, first_day: "2025-04-01", status: confirmed, source: "x" }\n  - { holiday: eid_al_adha, first_day: "2025-06-07"',
    );
    expect(load).toThrow(/eid_al_fitr is already given in islamic_dates\[0\]/);
  });
});
