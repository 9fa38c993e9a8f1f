import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { dueDate, extend, isOverdue, remaining, type DeadlineInput } from './deadlines.ts';
import { holidayList, moroccanHolidays } from './holidays.ts';
import { localDateOf, localYearOf, moroccoOffsetMs, startOfLocalDay } from './local-time.ts';
import { LEGAL_DEADLINES } from './rules.ts';

const holidays = moroccanHolidays();
const none = holidayList([]);

/** An instant given as Moroccan wall-clock time on a day (the offset that day is looked up). */
function moroccoTime(date: string, time = '10:00'): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(startOfLocalDay(date).getTime() + (h * 60 + m) * 60_000);
}

const complaint = (start: Date, extra: Partial<DeadlineInput> = {}): DeadlineInput => ({
  start,
  days: LEGAL_DEADLINES.complaintAnswer.days,
  kind: LEGAL_DEADLINES.complaintAnswer.kind,
  holidays,
  ...extra,
});
const information = (start: Date, extra: Partial<DeadlineInput> = {}): DeadlineInput => ({
  start,
  days: LEGAL_DEADLINES.informationAnswer.days,
  kind: LEGAL_DEADLINES.informationAnswer.kind,
  holidays,
  ...extra,
});

describe("Morocco's clock", () => {
  it('puts 23:30 UTC on the next local day most of the year, and on the same day during Ramadan (UTC+0)', () => {
    expect(localDateOf(new Date('2026-03-25T23:30:00Z'))).toBe('2026-03-26');
    expect(localDateOf(new Date('2026-03-05T23:30:00Z'))).toBe('2026-03-05');
    expect(localYearOf(new Date('2025-12-31T23:30:00Z'))).toBe(2026);
  });

  it('starts each local day at its own midnight, whatever the offset that day', () => {
    expect(startOfLocalDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-10').toISOString()).toBe('2026-03-10T00:00:00.000Z');
    // The clock goes back to UTC+1 on 22 March 2026 at 02:00: that day still starts at local midnight (UTC+0).
    expect(startOfLocalDay('2026-03-22').toISOString()).toBe('2026-03-22T00:00:00.000Z');
    expect(startOfLocalDay('2026-03-23').toISOString()).toBe('2026-03-22T23:00:00.000Z');
  });

  it("gives the tz database's day and offset for every minute, though it asks the database once an hour", () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const local = (at: Date) => Object.fromEntries(tz.formatToParts(at).map((p) => [p.type, p.value]));
    // Every hour from 2018 (Morocco's last summer time; Ramadan's UTC+0 since) to 2027, at a minute that
    // straddles a clock change or not, visited out of order so that no instant finds its hour asked just before.
    const hours = Array.from({ length: 10 * 8766 }, (_, i) => Date.UTC(2018, 0, 1) + i * 3_600_000);
    for (let k = 0; k < hours.length; k += 1) {
      const minute = [59, 0, 30][k % 3] as number;
      const at = new Date((hours[(k * 7919) % hours.length] as number) + minute * 60_000 + 999);
      const p = local(at);
      const date = `${p.year}-${p.month}-${p.day}`;
      if (localDateOf(at) !== date) expect(localDateOf(at), at.toISOString()).toBe(date);
      const offset = Date.parse(`${date}T${p.hour}:${p.minute}:00Z`) - (at.getTime() - (at.getTime() % 60_000));
      if (moroccoOffsetMs(at) !== offset) expect(moroccoOffsetMs(at), at.toISOString()).toBe(offset);
    }
  });
});

describe('calendar-day deadlines (complaints: 60 days, decree 2.17.265)', () => {
  it('does not count the day of filing, and ends at the local midnight after the 60th day', () => {
    const d = dueDate(complaint(moroccoTime('2026-01-05', '09:00')));
    expect(d).toMatchObject({ dueDate: '2026-03-06', totalDays: 60, suspended: false, provisional: false });
    // 7 March 2026 is in Ramadan: Morocco is on UTC+0, so the deadline passes at midnight UTC.
    expect(d.dueAt.toISOString()).toBe('2026-03-07T00:00:00.000Z');
  });

  it('counts from the local day, so a filing at 00:30 on 1 January belongs to the new year', () => {
    // Morocco was on UTC+1 at the end of 2025.
    expect(dueDate(complaint(new Date('2025-12-31T23:30:00Z'))).dueDate).toBe('2026-03-02');
    expect(dueDate(complaint(new Date('2025-12-31T22:30:00Z'))).dueDate).toBe('2026-03-01');
  });

  it('crosses the year end and keeps weekends and holidays as ordinary days', () => {
    const d = dueDate(complaint(moroccoTime('2025-11-15')));
    expect(d.dueDate).toBe('2026-01-14');
    expect(d.dueAt.toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(d.provisional).toBe(false);
  });

  it('moves a due date off a weekend or holiday only when asked', () => {
    // 60 days after 2026-03-02 is Friday 1 May (Labour Day); the next working day is Monday 4 May.
    const start = moroccoTime('2026-03-02');
    expect(dueDate(complaint(start)).dueDate).toBe('2026-05-01');
    expect(dueDate(complaint(start, { endOnWorkingDay: true })).dueDate).toBe('2026-05-04');
  });

  it('is in time until the last minute of the due date, and overdue from the next local midnight', () => {
    const input = complaint(moroccoTime('2026-01-05', '09:00'));
    expect(isOverdue(input, moroccoTime('2026-03-06', '23:59'))).toBe(false);
    expect(isOverdue(input, moroccoTime('2026-03-07', '00:00'))).toBe(true);
  });

  it('tells the days left: 60 on the day of filing, 0 on the due date, negative afterwards', () => {
    const input = complaint(moroccoTime('2026-01-05', '09:00'));
    expect(remaining(input, moroccoTime('2026-01-05', '18:00'))).toBe(60);
    expect(remaining(input, moroccoTime('2026-03-05'))).toBe(1);
    expect(remaining(input, moroccoTime('2026-03-06'))).toBe(0);
    expect(remaining(input, moroccoTime('2026-03-09'))).toBe(-3);
  });
});

describe('working-day deadlines (access to information: 20 working days, law 31.13)', () => {
  it('skips weekends: a request received on Saturday starts counting on Monday', () => {
    expect(dueDate({ start: moroccoTime('2026-01-03'), days: 1, kind: 'working', holidays }).dueDate).toBe('2026-01-05');
    expect(dueDate({ start: moroccoTime('2026-02-06'), days: 1, kind: 'working', holidays }).dueDate).toBe('2026-02-09');
  });

  it('skips fixed holidays on working days, Yennayer included, and not those on a weekend', () => {
    // Tuesday 13 January 2026: Wednesday 14 is Yennayer, so the next working day is Thursday 15.
    expect(dueDate({ start: moroccoTime('2026-01-13'), days: 1, kind: 'working', holidays }).dueDate).toBe('2026-01-15');
    // 11 January 2026 is a Sunday: nothing moves to Monday.
    expect(dueDate({ start: moroccoTime('2026-01-09'), days: 1, kind: 'working', holidays }).dueDate).toBe('2026-01-12');
  });

  it('skips the configured Eid al-Fitr days and the exceptional closure after them (March 2026, during Ramadan time)', () => {
    const start = moroccoTime('2026-03-12', '11:00');
    // Friday 20 March (Eid), Saturday 21 (Eid), Monday 23 (closure) do not count.
    expect(dueDate(information(start)).dueDate).toBe('2026-04-13');
    expect(dueDate(information(start, { holidays: none })).dueDate).toBe('2026-04-09');
  });

  it('crosses the year end over the first of January, and flags a date counted across unconfirmed Islamic holidays', () => {
    const start = moroccoTime('2026-12-24');
    const five = dueDate({ start, days: 5, kind: 'working', holidays });
    expect(five.dueDate).toBe('2026-12-31');
    const six = dueDate({ start, days: 6, kind: 'working', holidays });
    expect(six.dueDate).toBe('2027-01-04');
    expect(six.provisional).toBe(true);
    expect(dueDate(information(moroccoTime('2025-03-03'))).provisional).toBe(false);
  });

  it('counts days left and days late in working days', () => {
    const input: DeadlineInput = { start: moroccoTime('2026-01-26'), days: 4, kind: 'working', holidays };
    expect(dueDate(input).dueDate).toBe('2026-01-30');
    expect(remaining(input, moroccoTime('2026-01-27'))).toBe(3);
    expect(remaining(input, moroccoTime('2026-01-30'))).toBe(0);
    // Due on Friday: late by one working day on Saturday, Sunday and Monday, by two on Tuesday.
    expect(remaining(input, moroccoTime('2026-01-31'))).toBe(-1);
    expect(remaining(input, moroccoTime('2026-02-02'))).toBe(-1);
    expect(remaining(input, moroccoTime('2026-02-03'))).toBe(-2);
  });

  it('adds the single extension of 20 working days while the deadline runs, and refuses it afterwards', () => {
    const input = information(moroccoTime('2025-03-03'));
    const first = dueDate(input);
    // Eid al-Fitr 2025 fell on Monday 31 March and Tuesday 1 April.
    expect(first.dueDate).toBe('2025-04-02');
    const extended = extend(input, LEGAL_DEADLINES.informationAnswer.extension.days, moroccoTime(first.dueDate, '16:00'));
    expect(dueDate(extended)).toMatchObject({ dueDate: '2025-04-30', totalDays: 40 });
    try {
      extend(input, 20, first.dueAt);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('DEADLINE_PASSED');
    }
  });
});

describe('suspensions', () => {
  it('neutralises the days after the suspension began, up to the day it ended', () => {
    const base = complaint(moroccoTime('2026-01-05', '09:00'));
    const suspended = { ...base, suspensions: [{ from: moroccoTime('2026-01-20', '10:00'), to: moroccoTime('2026-01-30', '16:00') }] };
    expect(dueDate(base).dueDate).toBe('2026-03-06');
    expect(dueDate(suspended).dueDate).toBe('2026-03-16');
  });

  it('holds the deadline while a suspension is open, and never makes it overdue then', () => {
    const input = complaint(moroccoTime('2026-01-05'), { suspensions: [{ from: moroccoTime('2026-01-20'), to: null }] });
    expect(dueDate(input, moroccoTime('2026-01-25'))).toMatchObject({ dueDate: '2026-03-11', suspended: true });
    expect(dueDate(input, moroccoTime('2026-06-01'))).toMatchObject({ suspended: true });
    expect(isOverdue(input, moroccoTime('2026-06-01'))).toBe(false);
    expect(() => dueDate(input)).toThrow(/open suspension needs `now`/);
  });

  it('only pushes a working-day deadline by the working days it covered', () => {
    const base: DeadlineInput = { start: moroccoTime('2026-02-02'), days: 10, kind: 'working', holidays };
    // From Friday 6 to Monday 9 February: Saturday, Sunday and Monday are neutralised, one of them a working day.
    const withWeekend = { ...base, suspensions: [{ from: moroccoTime('2026-02-06'), to: moroccoTime('2026-02-09') }] };
    expect(dueDate(base).dueDate).toBe('2026-02-16');
    expect(dueDate(withWeekend).dueDate).toBe('2026-02-17');
  });

  it('does not revive a deadline that had already passed', () => {
    const base = complaint(moroccoTime('2026-01-05'));
    const late = { ...base, suspensions: [{ from: moroccoTime('2026-03-10'), to: null }] };
    expect(dueDate(late, moroccoTime('2026-03-20'))).toMatchObject({ dueDate: '2026-03-06', suspended: false });
    expect(isOverdue(late, moroccoTime('2026-03-20'))).toBe(true);
  });
});

describe('bad input', () => {
  it('refuses negative or fractional days and a suspension that ends before it begins', () => {
    const start = moroccoTime('2026-01-05');
    expect(() => dueDate({ start, days: -1, kind: 'calendar', holidays })).toThrow(RangeError);
    expect(() => dueDate({ start, days: 1.5, kind: 'calendar', holidays })).toThrow(RangeError);
    expect(() => dueDate({ start, days: 5, kind: 'calendar', holidays, suspensions: [{ from: moroccoTime('2026-01-07'), to: moroccoTime('2026-01-06') }] })).toThrow(
      /cannot end before it begins/,
    );
  });
});
