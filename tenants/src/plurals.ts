import type { Locale } from './locale.ts';

/** The platform's languages. */
export type StringsLocale = Locale;

/** The part of `Intl.PluralRules` that i18next uses. */
export interface PluralRule {
  select(count: number): Intl.LDMLPluralRule;
  resolvedOptions(): { pluralCategories: Intl.LDMLPluralRule[] };
}

/**
 * Plural rule of zgh (Standard Moroccan Amazigh). CLDR has none, and `new Intl.PluralRules('zgh')`
 * silently resolves to English, so we set it ourselves:
 *
 *   one   → n = 0 or n = 1   (« 1 ⵏ ⵓⵎⵏⴰⴹ »)
 *   other → everything else  (« 16 ⵏ ⵉⵎⵏⴰⴹⵏ », 1.5, 11…)
 *
 * This is the first clause of CLDR's rule for Central Atlas Tamazight (tzm: `one: n = 0..1 or n = 11..99`)
 * without its 11–99 clause: the standard language uses the plural noun after numbers above one. To be
 * confirmed by a translator (see `tenants/strings/README.md`).
 */
export const zghPluralRule: PluralRule = {
  select: (count) => (count === 0 || count === 1 ? 'one' : 'other'),
  resolvedOptions: () => ({ pluralCategories: ['one', 'other'] }),
};

const CATEGORY_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * The cardinal plural categories a locale's strings must provide, in CLDR order.
 *
 * @example pluralCategories('ar') // → ['zero', 'one', 'two', 'few', 'many', 'other']
 */
export function pluralCategories(locale: StringsLocale): Intl.LDMLPluralRule[] {
  const rule: PluralRule = locale === 'zgh' ? zghPluralRule : new Intl.PluralRules(locale);
  return [...rule.resolvedOptions().pluralCategories].sort(
    (a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b),
  );
}
