import { certaintyOf, holidaysOf, loadHolidayCalendar, type HolidayCalendarData, type LocalDate, type YearCertainty } from '@jamaa/tenants/calendar.ts';

export type { YearCertainty };

/** The days off that working-day deadlines skip, besides Saturdays and Sundays. */
export interface HolidayCalendar {
  /** Whether State administrations and communes are closed that day (public holiday or exceptional closure). */
  isHoliday(date: LocalDate): boolean;
  /** Whether the year's days off are all known (Islamic dates confirmed by the Ministry of Habous). */
  certainty(year: number): YearCertainty;
}

/** A calendar from the data of `tenants/calendar/` (years are expanded on first use). */
export function holidayCalendarFrom(data: HolidayCalendarData): HolidayCalendar {
  const years = new Map<number, { dates: Set<LocalDate>; certainty: YearCertainty }>();
  const year = (y: number) => {
    let entry = years.get(y);
    if (!entry) {
      entry = { dates: new Set(holidaysOf(data, y).map((h) => h.date)), certainty: certaintyOf(data, y) };
      years.set(y, entry);
    }
    return entry;
  };
  return {
    isHoliday: (date) => year(Number(date.slice(0, 4))).dates.has(date),
    certainty: (y) => year(y).certainty,
  };
}

let shipped: HolidayCalendar | undefined;

/** Morocco's holidays as shipped in `tenants/calendar/morocco.yaml`, loaded once per process. */
export function moroccanHolidays(): HolidayCalendar {
  shipped ??= holidayCalendarFrom(loadHolidayCalendar());
  return shipped;
}

/** A fixed list of days off, every year certain (tests, or a calendar built elsewhere). */
export function holidayList(dates: Iterable<LocalDate>): HolidayCalendar {
  const set = new Set(dates);
  return { isHoliday: (date) => set.has(date), certainty: () => 'confirmed' };
}
