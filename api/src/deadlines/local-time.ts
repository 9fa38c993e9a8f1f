/**
 * Days as lived in Morocco. Instants are stored in UTC; deadlines count days in Africa/Casablanca as the
 * tz database of this Node has it — UTC+1 with UTC+0 during Ramadan until mid-2026, UTC+0 since by tzdata
 * 2026c — so a filing at 23:30 UTC is on the next local day whenever the clock reads UTC+1. Nothing here
 * assumes an offset: a day ends at local midnight, whatever the offset that day. Keep Node's tz data current.
 */
import { addDays, type LocalDate } from '@jamaa/tenants/calendar.ts';

export { addDays, type LocalDate };

export const MOROCCO_TIME_ZONE = 'Africa/Casablanca';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: MOROCCO_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: Date): { date: LocalDate; utcOfWallClock: number } {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, utcOfWallClock: Date.parse(`${date}T${p.hour}:${p.minute}:${p.second}Z`) };
}

/** The offset of Morocco's clock from UTC at `instant`, in milliseconds (3 600 000 or 0). */
export function moroccoOffsetMs(instant: Date): number {
  return wallClock(instant).utcOfWallClock - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The day in Morocco at `instant`: `2026-03-05T23:30Z` → `2026-03-05` (Ramadan), `2026-03-25T23:30Z` → `2026-03-26`. */
export function localDateOf(instant: Date): LocalDate {
  return wallClock(instant).date;
}

/** The year in Morocco at `instant` (a number filed at 00:30 on 1 January belongs to the new year). */
export function localYearOf(instant: Date): number {
  return Number(localDateOf(instant).slice(0, 4));
}

/** The instant a Moroccan day begins (local midnight), as a UTC `Date`. */
export function startOfLocalDay(date: LocalDate): Date {
  const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
  // Guess with the offset at UTC midnight, then correct with the offset at the guess: exact unless a clock
  // change happened within an hour of midnight, which Morocco's (at 02:00 or 03:00) never do.
  const guess = midnightAsUtc - moroccoOffsetMs(new Date(midnightAsUtc));
  return new Date(midnightAsUtc - moroccoOffsetMs(new Date(guess)));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}
