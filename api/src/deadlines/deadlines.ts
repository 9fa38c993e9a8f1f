/**
 * Legal deadlines, computed from data and an injected clock (`now` is always a parameter): calendar days or
 * Moroccan working days, with public holidays, extensions and suspensions. Pure: no database, no
 * `new Date()`. The rules that give the number of days, with their legal sources, are in `rules.ts`.
 *
 * How days are counted (the common rule of Moroccan procedure, DOMAIN.md §1.2: "the day of filing is not
 * counted"):
 * - The day of receipt, in Morocco's time zone, is day 0; counting starts the next day.
 * - `calendar`: every day counts. `working`: Monday to Friday (décret n° 2.05.916), minus public holidays and
 *   exceptional closures (the `HolidayCalendar`).
 * - The last counted day is the due date: an answer that day is in time; the deadline passes at the local
 *   midnight that ends it (`dueAt`).
 * - Extensions add days of the same kind at the end.
 * - A suspension (waiting for the resident, for instance) from `from` to `to` neutralises the days after the
 *   day it began, up to and including the day it ended: the day the clock stopped was available to the
 *   administration, and the day it restarts is, like the day of receipt, not counted. An open suspension
 *   (`to: null`) runs until `now`, so the due date moves each day until it is closed.
 * - Days after the due date are never neutralised: a suspension that begins too late does not revive a
 *   deadline that has passed.
 */
import { AppError } from '../shared/errors.ts';
import type { HolidayCalendar } from './holidays.ts';
import { addDays, localDateOf, startOfLocalDay, weekdayOf, type LocalDate } from './local-time.ts';

export type DayKind = 'calendar' | 'working';

/** The clock stopped from `from` until `to` (null: not restarted yet). */
export interface Suspension {
  from: Date;
  to: Date | null;
}

export interface DeadlineInput {
  /** When the request was received (an instant; its day in Morocco is day 0). */
  start: Date;
  /** Days allowed, of `kind`. */
  days: number;
  kind: DayKind;
  holidays: HolidayCalendar;
  suspensions?: readonly Suspension[];
  /** Extra days of the same kind, each granted once (e.g. law 31.13's single extension of 20 working days). */
  extensions?: readonly number[];
  /**
   * Calendar days only: a due date on a Saturday, Sunday or holiday moves to the next working day. Off by
   * default: the rule of civil procedure (code de procédure civile, art. 512 [M]) is not established for
   * the answer deadlines of administrations.
   */
  endOnWorkingDay?: boolean;
}

export interface Deadline {
  /** The last day on which an answer is in time, in Morocco (`YYYY-MM-DD`). */
  dueDate: LocalDate;
  /** The instant the deadline passes: the local midnight that ends `dueDate`, in UTC. */
  dueAt: Date;
  /** Days counted: `days` plus every extension. */
  totalDays: number;
  /** An open suspension: the due date is at least this, and moves each day until the suspension ends. */
  suspended: boolean;
  /**
   * Working days were counted across a year whose Islamic holidays are estimated or not configured yet:
   * show the date as provisional (it may move by a day or two once the Ministry of Habous announces them).
   */
  provisional: boolean;
}

/** More than any legal deadline needs; guards against runaway loops on bad input. */
const MAX_DAYS = 3660;

interface Counter {
  counts(date: LocalDate): boolean;
  /** Every day counts (calendar days, nothing neutralised): the due date is the start's day plus the days. */
  everyDay: boolean;
  /** Where open suspensions began. */
  open: Date[];
}

function isWorkingDay(date: LocalDate, holidays: HolidayCalendar): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && !holidays.isHoliday(date);
}

function validate(input: DeadlineInput): number {
  const parts = [input.days, ...(input.extensions ?? [])];
  for (const n of parts) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`deadline days must be whole and not negative, got ${n}`);
  }
  const total = parts.reduce((a, b) => a + b, 0);
  if (total > MAX_DAYS) throw new RangeError(`a deadline of ${total} days is beyond what this module computes`);
  if (Number.isNaN(input.start.getTime())) throw new RangeError('the start is not a valid instant');
  for (const s of input.suspensions ?? []) {
    if (s.to && s.to.getTime() < s.from.getTime()) throw new RangeError('a suspension cannot end before it begins');
  }
  return total;
}

function counterFor(input: DeadlineInput, now: Date | undefined): Counter {
  const neutralised: [LocalDate, LocalDate][] = [];
  const open: Date[] = [];
  for (const s of input.suspensions ?? []) {
    let to = s.to;
    if (!to) {
      if (!now) throw new RangeError('an open suspension needs `now` to compute the deadline');
      open.push(s.from);
      to = now.getTime() > s.from.getTime() ? now : s.from;
    }
    neutralised.push([localDateOf(s.from), localDateOf(to)]);
  }
  return {
    open,
    everyDay: input.kind === 'calendar' && neutralised.length === 0,
    counts: (date) =>
      !neutralised.some(([after, upTo]) => date > after && date <= upTo) && (input.kind === 'calendar' || isWorkingDay(date, input.holidays)),
  };
}

/**
 * When the answer is due.
 *
 * @example
 *   dueDate({ start: new Date('2026-01-05T09:00:00Z'), days: 60, kind: 'calendar', holidays: moroccanHolidays() })
 *   // → { dueDate: '2026-03-06', dueAt: 2026-03-07T00:00:00.000Z (Ramadan: UTC+0), … }
 */
export function dueDate(input: DeadlineInput, now?: Date): Deadline {
  const totalDays = validate(input);
  const counter = counterFor(input, now);
  const first = localDateOf(input.start);
  let date = counter.everyDay ? addDays(first, totalDays) : first;
  for (let counted = counter.everyDay ? totalDays : 0; counted < totalDays; ) {
    date = addDays(date, 1);
    if (counter.counts(date)) counted++;
  }
  const checksDaysOff = input.kind === 'working' || input.endOnWorkingDay === true;
  if (input.kind === 'calendar' && input.endOnWorkingDay) {
    while (!isWorkingDay(date, input.holidays)) date = addDays(date, 1);
  }
  let provisional = false;
  if (checksDaysOff) {
    for (let year = Number(first.slice(0, 4)); year <= Number(date.slice(0, 4)); year++) {
      if (input.holidays.certainty(year) !== 'confirmed') provisional = true;
    }
  }
  // Only a suspension that stopped the clock before the due date holds it.
  const suspended = counter.open.some((from) => localDateOf(from) < date);
  return { dueDate: date, dueAt: startOfLocalDay(addDays(date, 1)), totalDays, suspended, provisional };
}

/** Whether the deadline has passed at `now` (never while an open suspension holds it). */
export function isOverdue(input: DeadlineInput, now: Date): boolean {
  return now.getTime() >= dueDate(input, now).dueAt.getTime();
}

/**
 * Days left at `now`, of the deadline's kind: the counted days after today up to the due date (0: due
 * today). Once overdue, minus the days of that kind elapsed since the due date, at least -1 (-1: due
 * yesterday; or due on Friday, seen on Saturday, Sunday or Monday, for working days).
 */
export function remaining(input: DeadlineInput, now: Date): number {
  const { dueDate: due } = dueDate(input, now);
  const today = localDateOf(now);
  const counter = counterFor(input, now);
  let days = 0;
  if (today <= due) {
    for (let date = addDays(today, 1); date <= due; date = addDays(date, 1)) if (counter.counts(date)) days++;
    return days;
  }
  for (let date = addDays(due, 1); date <= today; date = addDays(date, 1)) {
    if (input.kind === 'calendar' || isWorkingDay(date, input.holidays)) days--;
  }
  // A working-day deadline that passed on Friday is already late on Saturday.
  return Math.min(-1, days);
}

/**
 * Grants an extension of `days` at instant `at`: only while the deadline still runs (law 31.13 requires the
 * requester to be told before the original deadline), else `409 DEADLINE_PASSED`. Returns the new input;
 * how many extensions a procedure allows is the caller's rule (`rules.ts`).
 */
export function extend(input: DeadlineInput, days: number, at: Date): DeadlineInput {
  if (isOverdue(input, at)) throw new AppError('DEADLINE_PASSED', 'the deadline has passed: it can no longer be extended');
  return { ...input, extensions: [...(input.extensions ?? []), days] };
}
