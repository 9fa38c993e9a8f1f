/**
 * The three languages of the platform. `zgh` is Standard Moroccan Amazigh written in Tifinagh.
 * Order matters only for display (switcher order); fallback order is per tenant.
 */
export const LOCALES = ['ar', 'fr', 'zgh'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Each language's name for itself, as a language switcher or a per-language label shows it. */
export const ENDONYMS: Readonly<Record<Locale, string>> = { ar: 'العربية', fr: 'Français', zgh: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' };

/** Text direction of a locale: Arabic is right-to-left, French and Tifinagh left-to-right. */
export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** A translatable content value: any subset of the three languages. */
export type Translatable = Partial<Record<Locale, string>>;

export interface Resolved {
  /** The text to show. */
  text: string;
  /** The language the text is actually in. */
  locale: Locale;
  /** True when `locale` differs from the language asked for: the page must say so. */
  fallback: boolean;
}

/**
 * Picks the best text for `wanted`, then walks the tenant's fallback order.
 * Returns null when no language has text.
 *
 * @example resolveText({ ar: 'مرحبا', fr: 'Bienvenue' }, 'zgh', ['ar', 'fr'])
 *   // → { text: 'مرحبا', locale: 'ar', fallback: true }
 */
export function resolveText(value: Translatable, wanted: Locale, fallbackOrder: readonly Locale[]): Resolved | null {
  for (const locale of [wanted, ...fallbackOrder, ...LOCALES]) {
    const text = value[locale]?.trim();
    if (text) return { text, locale, fallback: locale !== wanted };
  }
  return null;
}
