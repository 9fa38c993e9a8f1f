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

function wallClockOfIntl(instant: Date): { date: LocalDate; utcOfWallClock: number } {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, utcOfWallClock: Date.parse(`${date}T${p.hour}:${p.minute}:${p.second}Z`) };
}

const HOUR_MS = 3_600_000;
/** Hours since 1970 (UTC) → Morocco's offset then; cleared when full. */
const offsetOfHour = new Map<number, number>();
const OFFSETS_KEPT = 20_000;
/** 10000-01-01: where `toISOString` stops writing four-digit years. */
const YEAR_10000 = 253_402_300_800_000;

/**
 * The tz database's answer, asked once per UTC hour: `formatToParts` costs ≈10 µs, and a submission asks
 * four times (its year, its day, the due date's midnight). Since 1970 Morocco's offsets are whole hours
 * (0 or +1), changed on the hour, so one hour has one offset; an offset that is not a whole hour (LMT,
 * before 1913) is not kept, and such instants (or any before 1970) are always asked.
 */
function wallClock(instant: Date): { date: LocalDate; utcOfWallClock: number } {
  const ms = instant.getTime();
  const seconds = Math.floor(ms / 1000) * 1000;
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetOfHour.get(hour);
  if (offset === undefined) {
    const exact = wallClockOfIntl(instant);
    if (ms < 0 || ms >= YEAR_10000 || (exact.utcOfWallClock - seconds) % HOUR_MS !== 0) return exact;
    if (offsetOfHour.size >= OFFSETS_KEPT) offsetOfHour.clear();
    offset = exact.utcOfWallClock - seconds;
    offsetOfHour.set(hour, offset);
  }
  const utcOfWallClock = seconds + offset;
  return { date: new Date(utcOfWallClock).toISOString().slice(0, 10), utcOfWallClock };
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
