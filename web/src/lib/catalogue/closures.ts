// Dated closures of an office (works, an exceptional closure): which ones a public office card announces,
// and their days as a sentence says them. Days are Moroccan calendar days (`YYYY-MM-DD`), never UTC ones.
import type { Locale } from '@jamaa/tenants/locale.ts';
import { dateTimeFormat, formatCalendarDate, intlLocale, TIME_ZONE, withFrenchFirst } from '#lib/i18n/format.ts';
import type { OfficeView } from './types.ts';

export type OfficeClosure = OfficeView['closures'][number];

/** A closure is announced from this many days before its first day. */
export const CLOSURE_NOTICE_DAYS = 14;

/** The Moroccan day of the last UTC minute asked for. */
let lastDay = { minute: Number.NaN, date: '' };

/**
 * The Moroccan calendar day at `now` (a visit at 23:30 UTC is already the next day when Morocco is on UTC+1).
 *
 * @example moroccanDate(new Date('2027-01-10T23:30:00Z')) // → '2027-01-11'
 */
export function moroccanDate(now: Date): string {
  // Morocco's offsets are whole hours: every instant of one UTC minute falls on the same Moroccan day, so the
  // last minute's answer is reused (each office card on a page asks for today).
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute === lastDay.minute) return lastDay.date;
  const parts = dateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastDay = { minute, date };
  return date;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const noon = new Date(`${date}T12:00:00Z`);
  noon.setUTCDate(noon.getUTCDate() + days);
  return noon.toISOString().slice(0, 10);
}

export interface AnnouncedClosure {
  closure: OfficeClosure;
  /** `today`: the office is closed today; `upcoming`: it closes within CLOSURE_NOTICE_DAYS. */
  when: 'today' | 'upcoming';
}

/**
 * The closures a card announces on `today`: the one under way, and those starting within the next
 * CLOSURE_NOTICE_DAYS days, by first day. Past ones, and later ones, are not said.
 */
export function announcedClosures(closures: readonly OfficeClosure[], today: string): AnnouncedClosure[] {
  const horizon = addDays(today, CLOSURE_NOTICE_DAYS);
  return closures
    .filter((c) => c.to >= today && c.from <= horizon)
    .toSorted((a, b) => a.from.localeCompare(b.from))
    .map((closure) => ({ closure, when: closure.from <= today ? ('today' as const) : ('upcoming' as const) }));
}

/**
 * The days of a closure, for the `contact:closure_day` (`date`) or `contact:closure_range` (`from`, `to`)
 * sentence: the first day says no more than the last does not (« du 11 au 13 janvier 2027 »).
 */
/** The day of the month alone, as the first day of a span in the same month (« du 1er au 3 janvier »). */
function dayOfMonth(isoDate: string, locale: Locale): string {
  const format = dateTimeFormat(intlLocale(locale), { day: 'numeric', timeZone: 'UTC' });
  const date = new Date(`${isoDate}T12:00:00Z`);
  return locale === 'fr' ? withFrenchFirst(format, date) : format.format(date);
}

export function closureDays(closure: OfficeClosure, locale: Locale): { date: string } | { from: string; to: string } {
  if (closure.from === closure.to) return { date: formatCalendarDate(closure.from, locale) };
  const to = formatCalendarDate(closure.to, locale);
  const sameMonth = closure.from.slice(0, 7) === closure.to.slice(0, 7);
  const from = sameMonth
    ? dayOfMonth(closure.from, locale)
    : formatCalendarDate(closure.from, locale);
  return { from, to };
}
