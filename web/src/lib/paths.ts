import { isLocale, type Locale } from '@jamaa/tenants/locale.ts';

/**
 * The same page in another locale: replaces (or adds) the locale prefix of `pathname`.
 *
 * @example localizedPath('/ar/about', 'fr') // → '/fr/about'
 * @example localizedPath('/', 'zgh')        // → '/zgh'
 */
export function localizedPath(pathname: string, locale: Locale): string {
  const segments = pathname.split('/').filter(Boolean);
  if (segments.length > 0 && isLocale(segments[0])) segments.shift();
  return `/${[locale, ...segments].join('/')}`;
}

/**
 * The locale of a URL path's prefix, or null when it has none.
 *
 * @example localeOfPath('/fr/about') // → 'fr'
 */
export function localeOfPath(pathname: string): Locale | null {
  const first = pathname.split('/')[1];
  return isLocale(first) ? first : null;
}

/**
 * A tenant's home page in `locale`, from its absolute origin.
 *
 * @example homeUrl('http://anfa.casablanca.localhost:3000', 'fr') // → 'http://anfa.casablanca.localhost:3000/fr'
 */
export function homeUrl(origin: string, locale: Locale): string {
  return `${origin.replace(/\/+$/, '')}/${locale}`;
}

/**
 * Whether a path belongs to the staff console (`/admin`, `/<locale>/admin/…`): personal pages that are
 * never cached.
 *
 * @example isStaffPath('/fr/admin/users') // → true
 * @example isStaffPath('/fr/services')    // → false
 */
export function isStaffPath(pathname: string): boolean {
  const segments = pathname.split('/').filter(Boolean);
  if (segments.length > 0 && isLocale(segments[0])) segments.shift();
  return segments[0] === 'admin';
}
