import type { Locale } from '@jamaa/api/shared/locale.ts';

/** Moroccan time: UTC+1, except during Ramadan (UTC+0). Store UTC, display in this zone. */
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
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: options.dateStyle ?? 'long',
    ...(options.timeStyle ? { timeStyle: options.timeStyle } : {}),
    timeZone: TIME_ZONE,
  }).format(date);
}
