import type { Locale } from '@jamaa/tenants/locale.ts';

/**
 * Language tags a browser may send that we serve with one of our locales. Moroccan Arabic (Darija) reads
 * Standard Arabic; the Amazigh varieties of Morocco (Tachelhit, Central Atlas, Tarifit, and the collective
 * `ber`) are served the standard language in Tifinagh.
 */
const PRIMARY_TO_LOCALE: Readonly<Record<string, Locale>> = {
  ar: 'ar',
  ary: 'ar',
  fr: 'fr',
  zgh: 'zgh',
  tzm: 'zgh',
  shi: 'zgh',
  rif: 'zgh',
  ber: 'zgh',
};

interface Range {
  tag: string;
  q: number;
  order: number;
}

/** Parses `Accept-Language` into ranges with q > 0, best first (ties keep header order). */
function parseAcceptLanguage(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim().toLowerCase();
    if (!tag) return;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.trim().split('=');
      if (name?.trim() === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (q > 0) ranges.push({ tag, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * Chooses the locale to redirect `/` to: the best `Accept-Language` match among the tenant's enabled
 * locales, else the tenant's default. Region and script subtags are ignored (`fr-MA`, `ar-Arab-MA`);
 * `*` never picks anything over the default.
 *
 * @example negotiateLocale('fr-MA,fr;q=0.9,ar;q=0.8', ['ar', 'fr'], 'ar') // → 'fr'
 * @example negotiateLocale('en-US,en;q=0.9', ['ar', 'fr'], 'ar')          // → 'ar'
 */
export function negotiateLocale(
  acceptLanguage: string | null | undefined,
  enabled: readonly Locale[],
  defaultLocale: Locale,
): Locale {
  if (!acceptLanguage) return defaultLocale;
  for (const { tag } of parseAcceptLanguage(acceptLanguage)) {
    const primary = tag.split('-')[0] ?? '';
    const locale = PRIMARY_TO_LOCALE[primary];
    if (locale && enabled.includes(locale)) return locale;
  }
  return defaultLocale;
}
