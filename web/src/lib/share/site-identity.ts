import { directionOf, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import type { Site, SiteIconName } from '@jamaa/api/site/site.schemas.ts';
import type { Translate } from '#lib/i18n/i18n.ts';

type SiteIdentity = Pick<Site, 'kind' | 'names' | 'slug' | 'fallbackLocales' | 'parent'>;

/** The tenant's own name in `lang` (with its fallbacks), e.g. `Casablanca`. */
export function tenantName(site: Pick<Site, 'names' | 'slug' | 'fallbackLocales'>, lang: Locale): string {
  return resolveText(site.names, lang, site.fallbackLocales)?.text ?? site.slug;
}

/**
 * What every page title ends with, naming the commune: `Commune de Casablanca`, `Arrondissement Anfa
 * (Casablanca)`; the platform's own name on the platform host.
 *
 * @example siteTitle(casablanca, 'fr', translator('fr')) // → 'Commune de Casablanca'
 */
export function siteTitle(site: SiteIdentity, lang: Locale, t: Translate): string {
  const name = tenantName(site, lang);
  if (site.kind === 'platform') return name;
  if (site.kind === 'arrondissement' && site.parent) {
    const commune = resolveText(site.parent.names, lang, site.fallbackLocales)?.text ?? site.parent.slug;
    return t('common:tenant_site.title_arrondissement', { name, commune });
  }
  return t('common:tenant_site.title_commune', { name });
}

/**
 * A page's `<title>`: the page, then the site it belongs to.
 *
 * @example pageTitle('Services', 'Commune de Casablanca') // → 'Services — Commune de Casablanca'
 */
export function pageTitle(page: string | null | undefined, site: string): string {
  return page && page !== site ? `${page} — ${site}` : site;
}

/**
 * The Open Graph locale of a page language. The protocol asks for `language_TERRITORY`
 * (https://ogp.me/#optional) and Facebook, which reads it, accepts only values of its own list
 * (its debugger refuses others as "could not be parsed as type enum"): `ar_AR` (its umbrella Arabic),
 * `fr_FR`, and `tz_MA` for Tamazight. `ar_MA`, `fr_MA` or `zgh_MA` would be valid ISO pairs but
 * refused there, so we use the ones that both accept.
 */
export const OG_LOCALES: Readonly<Record<Locale, string>> = { ar: 'ar_AR', fr: 'fr_FR', zgh: 'tz_MA' };

export function ogLocale(lang: Locale): string {
  return OG_LOCALES[lang];
}

export interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: 'any' | 'maskable';
}

/** The icons a manifest lists, drawn per tenant (`/api/v1/site/icons/{name}`, served at the host's root). */
export const MANIFEST_ICONS: readonly (ManifestIcon & { src: `/${SiteIconName}` })[] = [
  { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
];

export interface WebAppManifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  lang: Locale;
  dir: 'rtl' | 'ltr';
  start_url: string;
  scope: string;
  display: 'standalone';
  theme_color: string;
  background_color: string;
  icons: ManifestIcon[];
}

/** The page background (`--paper` in app.css): what a phone shows while the app starts. */
const PAPER = '#f7f6f2';

/**
 * The web app manifest of a tenant's site in one language (https://www.w3.org/TR/appmanifest/): its
 * name, its colours and icons; one app per tenant whatever the language (`id` is the site's root), which
 * opens on the home page in the language it was installed in.
 */
export function webAppManifest(site: SiteIdentity & Pick<Site, 'branding'>, lang: Locale, t: Translate): WebAppManifest {
  const name = siteTitle(site, lang, t);
  const short = tenantName(site, lang);
  return {
    id: '/',
    name,
    short_name: short,
    description: site.kind === 'platform' ? t('common:platform_description') : t('common:home_description', { name }),
    lang,
    dir: directionOf(lang),
    // `/fr`, not `/fr/`: SvelteKit would redirect the trailing slash away on every start.
    start_url: `/${lang}`,
    scope: '/',
    display: 'standalone',
    theme_color: site.branding.primaryColor,
    background_color: PAPER,
    icons: MANIFEST_ICONS.map((icon) => ({ ...icon })),
  };
}
