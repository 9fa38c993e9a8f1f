/**
 * Morocco's public holidays as data: `tenants/calendar/morocco.yaml` (fixed civil holidays, Islamic holidays
 * as configured dates per year, exceptional closures), validated here. The file's header says where each
 * kind of date comes from and how to review it; `api/src/deadlines/` counts working days with it.
 *
 * Islamic dates are never computed for use: Morocco follows the sighting of the moon, announced by the
 * Ministry of Habous. The Umm al-Qura calendar (ICU's `islamic-umalqura`) only guards against typos (a first
 * day more than two days away from it is refused) and tells which years still lack a date.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { displayPath, readYaml, validate, type DataFileErrorFactory } from './data-file.ts';
import { Text } from './text-schemas.ts';

export const CALENDAR_FILE = fileURLToPath(new URL('../calendar/morocco.yaml', import.meta.url));

export const ISLAMIC_HOLIDAYS = ['eid_al_fitr', 'eid_al_adha', 'islamic_new_year', 'mawlid'] as const;
export type IslamicHoliday = (typeof ISLAMIC_HOLIDAYS)[number];

/** A calendar day, `YYYY-MM-DD`, with no time zone: the day as lived in Morocco. */
export type LocalDate = string;

export interface HolidayNames {
  ar: string;
  fr: string;
}

/** One day off. */
export interface Holiday {
  date: LocalDate;
  /** `new_year`, `eid_al_fitr`, … or `closure`. */
  key: string;
  names: HolidayNames;
  /** `fixed` and `closure` are certain; an Islamic day is `confirmed` once the Ministry announced it. */
  status: 'fixed' | 'confirmed' | 'estimated' | 'closure';
}

/** Whether every day off of a year is known: `estimated` when an Islamic date awaits the Ministry, `missing` when one is absent. */
export type YearCertainty = 'confirmed' | 'estimated' | 'missing';

export interface HolidayCalendarData {
  fixed: { key: string; monthDay: string; since: number | null; names: HolidayNames; source: string }[];
  islamic: Record<IslamicHoliday, { hijri: { month: number; day: number }; days: number; names: HolidayNames }>;
  islamicDates: { holiday: IslamicHoliday; firstDay: LocalDate; status: 'confirmed' | 'estimated'; source: string }[];
  closures: { date: LocalDate; names: HolidayNames; source: string }[];
}

/** A calendar file that cannot be used: `<file>: <field>: <reason>`. */
export class CalendarError extends Error {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
  constructor(file: string, field: string, reason: string) {
    const shown = displayPath(file);
    super(`${shown}: ${field}: ${reason}`);
    this.name = 'CalendarError';
    this.file = shown;
    this.field = field;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** `2026-03-20` + 3 → `2026-03-23` (calendar arithmetic on the date alone). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const umalqura = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** The Umm al-Qura Hijri date of a day: `{ year: 1447, month: 10, day: 1 }`. */
export function umalquraDate(date: LocalDate): { year: number; month: number; day: number } {
  const parts = umalqura.formatToParts(new Date(`${date}T12:00:00Z`));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value.replace(/\D/g, ''));
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Days of the Gregorian `year` on which Umm al-Qura puts `hijri` (usually one, sometimes two or none). */
function umalquraOccurrences(year: number, hijri: { month: number; day: number }): LocalDate[] {
  const found: LocalDate[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
    const h = umalquraDate(date);
    if (h.month === hijri.month && h.day === hijri.day) found.push(date);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Schema

const Names = z.strictObject({ ar: Text, fr: Text });
const DateString = z.string().refine(isValidDate, 'must be a date like 2026-03-20');
const MonthDay = z.string().refine((v) => /^\d{2}-\d{2}$/.test(v) && isValidDate(`2024-${v}`), 'must be a month and day like 01-14');
const Source = Text;

const IslamicKind = z.strictObject({
  hijri: MonthDay,
  days: z.number().int().min(1).max(3),
  names: Names,
});

const CalendarFile = z
  .strictObject({
    fixed: z.array(
      z.strictObject({
        key: z.string().regex(/^[a-z][a-z_]*$/, 'must be a snake_case key'),
        date: MonthDay,
        since: z.number().int().min(1956).max(2200).optional(),
        names: Names,
        source: Source,
      }),
    ),
    islamic: z.strictObject({ eid_al_fitr: IslamicKind, eid_al_adha: IslamicKind, islamic_new_year: IslamicKind, mawlid: IslamicKind }),
    islamic_dates: z.array(
      z.strictObject({
        holiday: z.enum(ISLAMIC_HOLIDAYS),
        first_day: DateString,
        status: z.enum(['confirmed', 'estimated']),
        source: Source,
      }),
    ),
    closures: z.array(z.strictObject({ date: DateString, names: Names, source: Source })).default([]),
  })
  .superRefine((file, ctx) => {
    const keys = new Map<string, number>();
    file.fixed.forEach((holiday, i) => {
      const first = keys.get(holiday.key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['fixed', i, 'key'], message: `duplicate key '${holiday.key}' (already fixed[${first}])` });
      keys.set(holiday.key, i);
    });
    file.islamic_dates.forEach((entry, i) => {
      const [month, day] = file.islamic[entry.holiday].hijri.split('-').map(Number) as [number, number];
      const near = [-2, -1, 0, 1, 2].some((shift) => {
        const h = umalquraDate(addDays(entry.first_day, shift));
        return h.month === month && h.day === day;
      });
      if (!near) {
        const h = umalquraDate(entry.first_day);
        ctx.addIssue({
          code: 'custom',
          path: ['islamic_dates', i, 'first_day'],
          message: `${entry.first_day} is ${h.day}/${h.month}/${h.year} by Umm al-Qura, more than two days from ${entry.holiday} (${day}/${month}): check the date`,
        });
      }
      const twin = file.islamic_dates.findIndex(
        (other, j) => j < i && other.holiday === entry.holiday && Math.abs(Date.parse(other.first_day) - Date.parse(entry.first_day)) < 300 * DAY_MS,
      );
      if (twin >= 0) ctx.addIssue({ code: 'custom', path: ['islamic_dates', i], message: `${entry.holiday} is already given in islamic_dates[${twin}]` });
    });
  });

/** Reads and validates the calendar file; throws `CalendarError` naming the field at fault. */
export function loadHolidayCalendar(file: string = CALENDAR_FILE): HolidayCalendarData {
  const error: DataFileErrorFactory = (field, reason) => new CalendarError(file, field, reason);
  const data = validate(CalendarFile, readYaml(path.resolve(file), error), error, 'invalid calendar');
  const islamic = {} as HolidayCalendarData['islamic'];
  for (const key of ISLAMIC_HOLIDAYS) {
    const kind = data.islamic[key];
    const [month, day] = kind.hijri.split('-').map(Number) as [number, number];
    islamic[key] = { hijri: { month, day }, days: kind.days, names: kind.names };
  }
  return {
    fixed: data.fixed.map((h) => ({ key: h.key, monthDay: h.date, since: h.since ?? null, names: h.names, source: h.source })),
    islamic,
    islamicDates: data.islamic_dates.map((d) => ({ holiday: d.holiday, firstDay: d.first_day, status: d.status, source: d.source })),
    closures: data.closures,
  };
}

/**
 * Every day off in the Gregorian `year`, in date order: fixed holidays in force that year, Islamic holidays
 * from their configured first day (with the days that follow), and exceptional closures. Two holidays on one
 * day give two entries.
 */
export function holidaysOf(data: HolidayCalendarData, year: number): Holiday[] {
  const days: Holiday[] = [];
  for (const h of data.fixed) {
    if (h.since === null || year >= h.since) days.push({ date: `${year}-${h.monthDay}`, key: h.key, names: h.names, status: 'fixed' });
  }
  for (const entry of data.islamicDates) {
    const kind = data.islamic[entry.holiday];
    for (let i = 0; i < kind.days; i++) {
      const date = addDays(entry.firstDay, i);
      if (date.startsWith(`${year}-`)) days.push({ date, key: entry.holiday, names: kind.names, status: entry.status });
    }
  }
  for (const c of data.closures) if (c.date.startsWith(`${year}-`)) days.push({ date: c.date, key: 'closure', names: c.names, status: 'closure' });
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Whether the year's days off are all known. Every Islamic holiday that Umm al-Qura places in the year needs
 * a configured first day within two days of it (else `missing`); any of them still estimated gives
 * `estimated`.
 */
export function certaintyOf(data: HolidayCalendarData, year: number): YearCertainty {
  let certainty: YearCertainty = 'confirmed';
  for (const key of ISLAMIC_HOLIDAYS) {
    for (const predicted of umalquraOccurrences(year, data.islamic[key].hijri)) {
      const entry = data.islamicDates.find((d) => d.holiday === key && Math.abs(Date.parse(d.firstDay) - Date.parse(predicted)) <= 2 * DAY_MS);
      if (!entry) return 'missing';
      if (entry.status === 'estimated') certainty = 'estimated';
    }
  }
  return certainty;
}
