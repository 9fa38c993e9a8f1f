import { describe, expect, it } from 'vitest';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { dateTimeFormat, formatCalendarDate, formatDate, formatList, formatMoney, formatNumber, formatTime, intlLocale, TIME_ZONE, weekdayName } from './format.ts';
import { WEEKDAYS } from '@jamaa/tenants/weekdays.ts';

const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/;

describe('intlLocale', () => {
  it('asks for Moroccan variants with Western digits', () => {
    expect(intlLocale('ar')).toBe('ar-MA-u-nu-latn');
    expect(intlLocale('fr')).toBe('fr-MA-u-nu-latn');
    expect(intlLocale('zgh')).toBe('zgh-MA-u-nu-latn');
    for (const locale of LOCALES) {
      expect(new Intl.NumberFormat(intlLocale(locale)).resolvedOptions().numberingSystem).toBe('latn');
    }
  });
});

describe('formatNumber', () => {
  it.each(LOCALES)('formats like Intl in %s, with Western digits', (locale) => {
    for (const value of [0, 16, 114_872, 3_215_935, 1234.5]) {
      const text = formatNumber(value, locale);
      expect(text).toBe(new Intl.NumberFormat(intlLocale(locale)).format(value));
      expect(text).not.toMatch(ARABIC_INDIC_DIGITS);
    }
  });

  it('groups thousands (ar-MA and fr-MA differ from plain fr)', () => {
    const grouped = formatNumber(3_215_935, 'fr');
    expect(grouped.replace(/\D/g, '')).toBe('3215935');
    expect(grouped).not.toBe('3215935');
    expect(formatNumber(3_215_935, 'ar').replace(/\D/g, '')).toBe('3215935');
  });
});

describe('formatDate', () => {
  it.each(LOCALES)('formats like Intl in Moroccan time in %s', (locale) => {
    const date = new Date('2025-03-14T09:05:00Z');
    // (The 14th: French writes only the first of a month differently from Intl.)
    expect(formatDate(date, locale)).toBe(
      new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: TIME_ZONE }).format(date),
    );
    expect(formatDate(date, locale, { dateStyle: 'short', timeStyle: 'short' })).toBe(
      new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE }).format(date),
    );
    expect(formatDate(date, locale, { dateStyle: 'full' })).not.toMatch(ARABIC_INDIC_DIGITS);
  });

  it('writes the first of the month « 1er » in French, and only in French and only the first', () => {
    const first = new Date('2027-01-01T10:00:00Z');
    expect(formatDate(first, 'fr')).toBe('1er janvier 2027');
    expect(formatDate(first, 'fr', { dateStyle: 'full' })).toBe('vendredi 1er janvier 2027');
    expect(formatDate(first, 'fr', { dateStyle: 'short' })).toBe('01/01/2027');
    expect(formatDate(new Date('2027-01-11T10:00:00Z'), 'fr')).toBe('11 janvier 2027');
    expect(formatDate(new Date('2027-01-21T10:00:00Z'), 'fr')).toBe('21 janvier 2027');
    expect(formatDate(first, 'ar')).not.toContain('er');
  });

  it('shows the Moroccan calendar day, not the UTC one', () => {
    // 23:30 UTC in June is 00:30 the next day in Casablanca (UTC+1 outside Ramadan).
    const lateJune = new Date('2025-06-14T23:30:00Z');
    const day = (locale: 'fr') =>
      new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', timeZone: TIME_ZONE }).format(lateJune);
    expect(day('fr')).toBe('15');
    expect(formatDate(lateJune, 'fr')).toBe(
      new Intl.DateTimeFormat('fr-MA-u-nu-latn', { dateStyle: 'long', timeZone: 'Africa/Casablanca' }).format(lateJune),
    );
    expect(formatDate(lateJune, 'fr')).not.toBe(
      new Intl.DateTimeFormat('fr-MA-u-nu-latn', { dateStyle: 'long', timeZone: 'UTC' }).format(lateJune),
    );
  });
});

describe('formatMoney', () => {
  it('writes dirhams as «DH» in French, with a no-break space and French decimals, never MAD', () => {
    expect(formatMoney(20, 'fr')).toBe('20\u00a0DH');
    expect(formatMoney(2.5, 'fr')).toBe('2,50\u00a0DH');
    expect(formatMoney(1500, 'fr')).toBe(`${formatNumber(1500, 'fr')}\u00a0DH`);
    expect(formatMoney(20, 'zgh')).toMatch(/^20\s?DH$/u);
    for (const locale of LOCALES) expect(formatMoney(20, locale)).not.toMatch(/MAD|د\.م/);
  });

  it('writes «درهم» in Arabic with the plural the number asks for', () => {
    expect(formatMoney(1, 'ar')).toBe('درهم واحد');
    expect(formatMoney(2, 'ar')).toBe('درهمان');
    expect(formatMoney(5, 'ar')).toBe('5 دراهم');
    expect(formatMoney(10, 'ar')).toBe('10 دراهم');
    expect(formatMoney(20, 'ar')).toBe('20 درهمًا');
    expect(formatMoney(100, 'ar')).toBe('100 درهم');
    expect(formatMoney(0, 'ar')).toBe('0 درهم');
    expect(formatMoney(2.5, 'ar')).toBe(`${new Intl.NumberFormat('ar-MA-u-nu-latn', { minimumFractionDigits: 2 }).format(2.5)} درهم`);
    expect(formatMoney(1500, 'ar')).not.toMatch(ARABIC_INDIC_DIGITS);
  });
});

describe('weekdayName', () => {
  it.each(LOCALES)('names the days from Intl in %s, Monday first', (locale) => {
    const names = WEEKDAYS.map((day) => weekdayName(day, locale));
    const intl = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' });
    // 5 January 2026 is a Monday.
    expect(names).toEqual([5, 6, 7, 8, 9, 10, 11].map((d) => intl.format(new Date(Date.UTC(2026, 0, d, 12)))));
    expect(new Set(names).size).toBe(7);
  });

  it('has the day names of each language, zgh in Tifinagh', () => {
    expect(weekdayName('mon', 'fr')).toBe('lundi');
    expect(weekdayName('fri', 'ar')).toBe('الجمعة');
    expect(weekdayName('sun', 'zgh')).toMatch(/^[\u2D30-\u2D7F]+$/);
  });
});

describe('formatTime and weekdayName, asked again', () => {
  it('give each locale its own answer, the same each time', () => {
    const first = (['ar', 'fr', 'zgh'] as const).map((locale) => [formatTime('08:30', locale), weekdayName('mon', locale)]);
    const again = (['zgh', 'fr', 'ar'] as const).map((locale) => [formatTime('08:30', locale), weekdayName('mon', locale)]).reverse();
    expect(again).toEqual(first);
    expect(first[1]).toEqual(['08:30', 'lundi']);
    expect(first[0]?.[1]).toBe('الاثنين');
    expect(formatTime('08:31', 'fr')).toBe('08:31');
  });
});

describe('formatTime and formatCalendarDate', () => {
  it.each(LOCALES)('shows 24-hour times and calendar dates in %s with Western digits', (locale) => {
    expect(formatTime('08:30', locale)).toMatch(/08:30/);
    expect(formatTime('16:05', locale)).toMatch(/16:05/);
    const date = formatCalendarDate('2026-11-23', locale);
    expect(date).toBe(formatDate(new Date('2026-11-23T12:00:00Z'), locale));
    expect(date).toContain('23');
    expect(date).not.toMatch(ARABIC_INDIC_DIGITS);
  });
});

describe('formatList', () => {
  it('joins names as each language writes a list', () => {
    expect(formatList(['Anfa', 'Maârif', 'Sidi Belyout'], 'fr')).toBe('Anfa, Maârif et Sidi Belyout');
    expect(formatList(['أنفا', 'المعاريف'], 'ar')).toBe(new Intl.ListFormat('ar-MA-u-nu-latn', { type: 'conjunction' }).format(['أنفا', 'المعاريف']));
    expect(formatList(['Anfa'], 'zgh')).toBe('Anfa');
  });
});

describe('dateTimeFormat', () => {
  it('makes one formatter per locale and options, and a new one when either differs', () => {
    const a = dateTimeFormat('fr-MA', { dateStyle: 'long', timeZone: TIME_ZONE });
    expect(dateTimeFormat('fr-MA', { dateStyle: 'long', timeZone: TIME_ZONE })).toBe(a);
    expect(dateTimeFormat('fr-MA', { dateStyle: 'short', timeZone: TIME_ZONE })).not.toBe(a);
    expect(dateTimeFormat('ar-MA', { dateStyle: 'long', timeZone: TIME_ZONE })).not.toBe(a);
  });
});
