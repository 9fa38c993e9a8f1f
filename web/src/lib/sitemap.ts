import type { Locale } from '@jamaa/tenants/locale.ts';
import { localizedPath } from './paths.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/**
 * The `x-default` version of a page: for the home page `/`, which picks the reader's language from
 * Accept-Language; for any other page, the tenant's default language (locale-free paths do not exist).
 *
 * @example xDefaultUrl('https://casablancacity.ma', '/fr/services', 'ar') // → 'https://casablancacity.ma/ar/services'
 * @example xDefaultUrl('https://casablancacity.ma', '/fr', 'ar')          // → 'https://casablancacity.ma/'
 */
export function xDefaultUrl(origin: string, pathname: string, defaultLocale: Locale): string {
  const base = origin.replace(/\/+$/, '');
  const path = localizedPath(pathname || '/', defaultLocale);
  return path === `/${defaultLocale}` ? `${base}/` : base + path;
}

/** A page of the sitemap: its locale-free path (`''` is the home page), and when it last changed. */
export interface SitemapPage {
  path: string;
  /** ISO 8601 date-time (W3C Datetime) or null when unknown. */
  lastmod?: string | null;
}

/** The latest of some ISO 8601 dates, or null when none is given. */
export function latest(...dates: readonly (string | null | undefined)[]): string | null {
  const times = dates.flatMap((d) => {
    const t = d ? Date.parse(d) : Number.NaN;
    return Number.isNaN(t) ? [] : [t];
  });
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : null;
}

/**
 * A sitemap of one tenant's site: every page in each of its languages, each entry listing all the page's
 * language versions as `xhtml:link` alternates plus an `x-default`
 * (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap), and
 * its `lastmod` when known. `pages` are locale-free (`''` is the home page, `'/services'` the list).
 *
 * @example sitemapXml('https://anfa.example.ma', ['ar', 'fr'], 'ar', [{ path: '' }, { path: '/about', lastmod: '2026-12-01T00:00:00.000Z' }])
 */
export function sitemapXml(origin: string, locales: readonly Locale[], defaultLocale: Locale, pages: readonly SitemapPage[]): string {
  const base = origin.replace(/\/+$/, '');
  const urlOf = (path: string, locale: Locale) => escapeXml(base + localizedPath(path || '/', locale));
  const entries = pages.flatMap(({ path, lastmod }) => {
    const alternates = locales.map((locale) => `    <xhtml:link rel="alternate" hreflang="${locale}" href="${urlOf(path, locale)}"/>`);
    alternates.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${escapeXml(xDefaultUrl(base, path, defaultLocale))}"/>`);
    const modified = lastmod ? [`    <lastmod>${escapeXml(lastmod)}</lastmod>`] : [];
    return locales.map((locale) => ['  <url>', `    <loc>${urlOf(path, locale)}</loc>`, ...modified, ...alternates, '  </url>'].join('\n'));
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...entries,
    '</urlset>',
    '',
  ].join('\n');
}
