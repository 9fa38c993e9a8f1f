import { isLocale, type Locale } from '@jamaa/tenants/locale.ts';

/**
 * Matches the locale prefix of public URLs: `/ar/…`, `/fr/…`, `/zgh/…`.
 * Whether the tenant has enabled that locale is checked later, in `[lang=locale]/+layout.server.ts`.
 *
 * @example locale('zgh') // → 'zgh'; locale('en') // → undefined (no match)
 */
export function locale(param: string): Locale | undefined {
  return isLocale(param) ? param : undefined;
}
