import { resolveText, type Locale, type Resolved, type Translatable } from '@jamaa/tenants/locale.ts';
import { intlLocale } from './i18n/format.ts';

/**
 * A tenant's name in `lang`, walking the site's fallback order; its slug if it has no name at all.
 *
 * @example nameOf({ slug: 'anfa', names: { ar: 'أنفا', fr: 'Anfa' } }, 'zgh', ['ar', 'fr'])
 *   // → { text: 'أنفا', locale: 'ar', fallback: true }
 */
export function nameOf(
  tenant: { slug: string; names: Translatable },
  lang: Locale,
  fallbackLocales: readonly Locale[],
): Resolved {
  return resolveText(tenant.names, lang, fallbackLocales) ?? { text: tenant.slug, locale: lang, fallback: false };
}

/**
 * Tenants in the alphabetical order of their names in `lang` (Arabic and French collation; zgh has no
 * CLDR tailoring, so Tifinagh sorts in Unicode order, which follows the IRCAM alphabet closely).
 */
export function sortByName<T extends { slug: string; names: Translatable }>(
  tenants: readonly T[],
  lang: Locale,
  fallbackLocales: readonly Locale[],
): T[] {
  const collator = new Intl.Collator(intlLocale(lang));
  return tenants
    .map((tenant) => ({ tenant, name: nameOf(tenant, lang, fallbackLocales).text }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ tenant }) => tenant);
}
