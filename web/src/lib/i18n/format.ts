import type { Locale } from '@jamaa/tenants/locale.ts';
import { WEEKDAYS, type Weekday } from '@jamaa/tenants/weekdays.ts';

/** Moroccan time, as the tz database says (UTC+1 with UTC+0 in Ramadan until 2026, UTC+0 since by tzdata 2026c). Store UTC, display in this zone. */
export const TIME_ZONE = 'Africa/Casablanca';

/**
 * The Intl locale of each UI locale. Moroccan variants, with Western digits asked for explicitly
 * (`-u-nu-latn`): ar-MA uses them by default today, but that is ICU data that may change, and IRCAM
 * Tifinagh is written with Western digits too.
 */
const INTL_LOCALES: Readonly<Record<Locale, string>> = {
  ar: 'ar-MA-u-nu-latn',
  fr: 'fr-MA-u-nu-latn',
  zgh: 'zgh-MA-u-nu-latn',
};

export function intlLocale(locale: Locale): string {
  return INTL_LOCALES[locale];
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per locale and options, made once. Making one costs ≈0.2 ms of CPU and ≈30 KB
 * of native memory that only a garbage collection gives back (the small JS object never prompts one): a
 * console page formatting 50 dates made this way cost 30 ms and grew the server by megabytes per request.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * Formats a number the Moroccan way in `locale` (fr-MA and ar-MA group with ".", zgh with a no-break space).
 *
 * @example formatNumber(3215935, 'fr') // → '3.215.935'
 */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale));
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * Joins names as a list in `locale` (« A, B et C », «A وB وC»).
 *
 * @example formatList(['A', 'B', 'C'], 'fr') // → 'A, B et C'
 */
const listFormats = new Map<Locale, Intl.ListFormat>();

export function formatList(items: readonly string[], locale: Locale): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format.format(items);
}

/**
 * Formats a date (and optionally a time) in Moroccan time. Output may contain bidi marks (U+200F in
 * ar-MA short dates): compare with `Intl` output in tests, never with typed literals.
 *
 * @example formatDate(new Date('2025-03-14T09:05Z'), 'fr') // → '14 mars 2025'
 */
export function formatDate(
  date: Date,
  locale: Locale,
  options: { dateStyle?: 'full' | 'long' | 'medium' | 'short'; timeStyle?: 'short' } = {},
): string {
  const format = dateTimeFormat(intlLocale(locale), {
    dateStyle: options.dateStyle ?? 'long',
    ...(options.timeStyle ? { timeStyle: options.timeStyle } : {}),
    timeZone: TIME_ZONE,
  });
  return locale === 'fr' && options.dateStyle !== 'short' ? withFrenchFirst(format, date) : format.format(date);
}

/**
 * French writes the first day of a month as an ordinal, « 1er janvier 2027 », which `Intl` does not
 * (« 1 janvier 2027 »); other days stay cardinal. For formats that write the month in words.
 */
export function withFrenchFirst(format: Intl.DateTimeFormat, date: Date): string {
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const arabicPlurals = new Intl.PluralRules('ar');

/**
 * The word for dirham after an amount written in Western digits, by Arabic plural category: 1 درهم واحد,
 * 2 درهمان, 3–10 دراهم, 11–99 درهمًا, 100 and more (and fractions) درهم.
 */
const ARABIC_DIRHAM: Readonly<Record<Intl.LDMLPluralRule, (n: string) => string>> = {
  zero: (n) => `${n} درهم`,
  one: () => 'درهم واحد',
  two: () => 'درهمان',
  few: (n) => `${n} دراهم`,
  many: (n) => `${n} درهمًا`,
  other: (n) => `${n} درهم`,
};

/**
 * An amount in dirhams as Moroccan fiches and residents write it: «20 DH» in French (and Amazigh, for
 * want of an agreed Tifinagh abbreviation), «20 درهمًا» in Arabic with the plural the number asks for; whole
 * amounts without decimals, others with two. Not the CLDR forms (MAD, د.م.), which nobody writes.
 *
 * @example formatMoney(20, 'fr') // → '20 DH' (no-break space)
 * @example formatMoney(2.5, 'fr') // → '2,50 DH'
 * @example formatMoney(5, 'ar') // → '5 دراهم'
 */
export function formatMoney(amountMad: number, locale: Locale): string {
  const whole = Number.isInteger(amountMad);
  const key = `${locale}:${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), {
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    });
    moneyFormats.set(key, format);
  }
  const number = format.format(amountMad);
  if (locale === 'ar') return ARABIC_DIRHAM[whole ? arabicPlurals.select(amountMad) : 'other'](number);
  return `${number}\u00a0DH`;
}


/**
 * The name of a weekday in `locale`, as Intl (CLDR) writes it: never a hand-typed list.
 *
 * @example weekdayName('mon', 'fr') // → 'lundi'
 * @example weekdayName('sat', 'ar') // → 'السبت'
 */
export function weekdayName(day: Weekday, locale: Locale): string {
  return formattedOnce(weekdayNames, `${locale}|${day}`, () => {
    // 1 January 2024 was a Monday; noon UTC is the same calendar day everywhere.
    const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day), 12));
    return dateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(date);
  });
}

/**
 * Weekday names and times of day, formatted once per locale: an office's opening hours show a dozen of
 * each, and a page with a city's arrondissement offices several hundred.
 */
const weekdayNames = new Map<string, string>();
const times = new Map<string, string>();
/** Calendar dates (`formatCalendarDate`): an office's closures, the national holidays among them, are on every service page. */
const calendarDates = new Map<string, string>();

/**
 * `kept`'s text for `key`, made by `make` the first time. Bounded: the functions take any string, so past
 * 10,000 texts the map starts afresh. (A plain map, not the api's LRUCache: this module also runs in the
 * browser.)
 */
function formattedOnce(kept: Map<string, string>, key: string, make: () => string): string {
  let text = kept.get(key);
  if (text === undefined) {
    text = make();
    if (kept.size >= 10_000) kept.clear();
    kept.set(key, text);
  }
  return text;
}

/**
 * A wall-clock time of day (`HH:MM`, as opening hours are stored) in `locale`, on a 24-hour clock.
 *
 * @example formatTime('08:30', 'fr') // → '08:30'
 */
export function formatTime(time: string, locale: Locale): string {
  return formattedOnce(times, `${locale}|${time}`, () => {
    const [hours = 0, minutes = 0] = time.split(':').map(Number);
    return dateTimeFormat(intlLocale(locale), {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(2024, 0, 1, hours, minutes)));
  });
}

/**
 * A calendar date stored as `YYYY-MM-DD` (no time, no zone), shown as that same day in Moroccan time.
 *
 * @example formatCalendarDate('2026-11-23', 'fr') // → '23 novembre 2026'
 */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  // Noon UTC falls on the same calendar day in Casablanca (UTC+0 or UTC+1).
  return formattedOnce(calendarDates, `${locale}|${isoDate}`, () => formatDate(new Date(`${isoDate}T12:00:00Z`), locale));
}

/**
 * Text set apart from the direction of what surrounds it (Unicode FSI … PDI): a tracking number such as
 * `CASA-2026-000123` inside an Arabic sentence keeps its dashes where they are, even across a line break.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
