// The resident's language on an agent's filing: the SMS, the mail and the printed receipt's link all use it.
import type { Locale } from '@jamaa/tenants/locale.ts';

interface SiteLocales {
  locales: readonly Locale[];
  defaultLocale: Locale;
}

/**
 * The language of a complaint's links (the receipt's, as the SMS's): its own when the tenant publishes it,
 * else the tenant's default (a page in another language would be a 404; `queueSms` decides the same).
 *
 * @example residentLocale({ locales: ['fr', 'ar'], defaultLocale: 'fr' }, 'zgh') // → 'fr'
 */
export function residentLocale(site: SiteLocales, locale: string | null | undefined): Locale {
  return site.locales.find((l) => l === locale) ?? site.defaultLocale;
}

/**
 * What the filing form offers an agent: the tenant's languages, the one chosen before a refusal selected,
 * else the tenant's default (not the console's language: the agent's is not the caller's).
 */
export function residentLocaleChoice(site: SiteLocales, chosen: string | undefined): { options: readonly Locale[]; selected: Locale } {
  return { options: site.locales, selected: residentLocale(site, chosen) };
}
