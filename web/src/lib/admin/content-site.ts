// Which site the content console writes to. On a commune's host, an editor who also holds a role on some
// of its arrondissements picks one (`?tenant=<slug>` in the address, kept by every link and form of the
// content pages); without it, the commune's own site. The API alone decides whether the slug may be edited.
import type { Locale, Resolved, Translatable } from '@jamaa/tenants/locale.ts';
import { nameOf, sortByName } from '../tenant-names.ts';

/** The shape of a slug the API could accept (anything else is ignored: the commune's own site). */
const SLUG = /^[a-z0-9-]{1,60}$/;

/**
 * The arrondissement asked for in the address, or null for the commune's own site.
 *
 * @example chosenSite(new URLSearchParams('tenant=anfa&kind=news')) // → 'anfa'
 * @example chosenSite(new URLSearchParams('tenant='))                // → null
 */
export function chosenSite(params: URLSearchParams): string | null {
  const tenant = params.get('tenant');
  return tenant && SLUG.test(tenant) ? tenant : null;
}

/**
 * `path` with the chosen site kept in its query string.
 *
 * @example withSite('/fr/admin/content/42?created=1', 'anfa') // → '/fr/admin/content/42?created=1&tenant=anfa'
 * @example withSite('/fr/admin/content', null)                 // → '/fr/admin/content'
 */
export function withSite(path: string, site: string | null): string {
  if (!site) return path;
  return `${path}${path.includes('?') ? '&' : '?'}tenant=${encodeURIComponent(site)}`;
}

/**
 * The address a form action posts to, keeping the chosen site (and any other query, e.g. `kind=news`).
 *
 * @example actionOf('publish', 'anfa')               // → '?tenant=anfa&/publish'
 * @example actionOf('create', null, 'kind=project')  // → '?kind=project&/create'
 */
export function actionOf(action: string, site: string | null, query = ''): string {
  const kept = [query, siteQuery(site)].filter(Boolean).join('&');
  return kept ? `?${kept}&/${action}` : `?/${action}`;
}

/** `tenant=<slug>` for a query string, or '' for the commune's own site. */
export function siteQuery(site: string | null): string {
  return site ? `tenant=${encodeURIComponent(site)}` : '';
}

export interface EditableSite {
  slug: string;
  names: Translatable;
  /** Absolute origin of its public site. */
  origin: string;
}

export interface SitePicker {
  /** The arrondissements, by name in the page's language (value: the slug; '' is the commune). */
  options: { slug: string; name: Resolved }[];
  /** The arrondissement being edited, or null for the commune's own site. */
  current: { slug: string; name: Resolved; origin: string } | null;
}

/**
 * What the content pages show of the site being edited: the picker's arrondissements (none when the
 * editor may edit none: no picker), and the chosen one when it is among them. A chosen slug that is not
 * among them has already been refused by the API (the page is its error).
 */
export function sitePicker(editable: readonly EditableSite[], chosen: string | null, lang: Locale, fallbackLocales: readonly Locale[]): SitePicker {
  const options = sortByName(editable, lang, fallbackLocales).map((site) => ({ slug: site.slug, name: nameOf(site, lang, fallbackLocales) }));
  const found = chosen ? editable.find((site) => site.slug === chosen) : undefined;
  return {
    options,
    current: found ? { slug: found.slug, name: nameOf(found, lang, fallbackLocales), origin: found.origin } : null,
  };
}
