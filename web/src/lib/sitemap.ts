import type { Locale } from '@jamaa/tenants/locale.ts';
import { localizedPath } from './paths.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/**
 * A sitemap of one tenant's site: every page in each of its languages, each entry listing all the page's
 * language versions as `xhtml:link` alternates (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
 * `paths` are locale-free (`''` is the home page, `'/services'` the list). The home page also names `/`,
 * which picks the reader's language, as `x-default`.
 *
 * @example sitemapXml('https://anfa.example.ma', ['ar', 'fr'], ['', '/about'])
 */
export function sitemapXml(origin: string, locales: readonly Locale[], paths: readonly string[]): string {
  const base = origin.replace(/\/+$/, '');
  const urlOf = (path: string, locale: Locale) => escapeXml(base + localizedPath(path || '/', locale));
  const entries = paths.flatMap((path) => {
    const alternates = locales.map((locale) => `    <xhtml:link rel="alternate" hreflang="${locale}" href="${urlOf(path, locale)}"/>`);
    if (path === '') alternates.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${escapeXml(`${base}/`)}"/>`);
    return locales.map((locale) => ['  <url>', `    <loc>${urlOf(path, locale)}</loc>`, ...alternates, '  </url>'].join('\n'));
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...entries,
    '</urlset>',
    '',
  ].join('\n');
}
