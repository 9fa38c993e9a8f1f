import { describe, expect, it } from 'vitest';
import { latest, sitemapXml, xDefaultUrl } from './sitemap.ts';

describe('sitemapXml', () => {
  const xml = sitemapXml('http://anfa.casablanca.localhost:3000/', ['ar', 'fr', 'zgh'], 'ar', [
    { path: '', lastmod: '2026-12-01T10:00:00.000Z' },
    { path: '/services/signature-legalisation', lastmod: null },
  ]);
  const entries = xml.split('<url>').slice(1);

  it('lists every page in every language', () => {
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([
      'http://anfa.casablanca.localhost:3000/ar',
      'http://anfa.casablanca.localhost:3000/fr',
      'http://anfa.casablanca.localhost:3000/zgh',
      'http://anfa.casablanca.localhost:3000/ar/services/signature-legalisation',
      'http://anfa.casablanca.localhost:3000/fr/services/signature-legalisation',
      'http://anfa.casablanca.localhost:3000/zgh/services/signature-legalisation',
    ]);
  });

  it('gives each entry all its language versions as hreflang alternates, and an x-default on every one', () => {
    expect(entries).toHaveLength(6);
    for (const entry of entries.slice(3)) {
      for (const locale of ['ar', 'fr', 'zgh']) {
        expect(entry).toContain(
          `<xhtml:link rel="alternate" hreflang="${locale}" href="http://anfa.casablanca.localhost:3000/${locale}/services/signature-legalisation"/>`,
        );
      }
      // A page other than the home: its version in the tenant's default language.
      expect(entry).toContain('hreflang="x-default" href="http://anfa.casablanca.localhost:3000/ar/services/signature-legalisation"');
    }
    // The home page: `/`, which picks the reader's language.
    for (const entry of entries.slice(0, 3)) expect(entry).toContain('hreflang="x-default" href="http://anfa.casablanca.localhost:3000/"');
  });

  it('dates the pages whose last change is known, right after <loc> as the schema orders it', () => {
    for (const entry of entries.slice(0, 3)) expect(entry).toMatch(/<\/loc>\n {4}<lastmod>2026-12-01T10:00:00.000Z<\/lastmod>\n/);
    for (const entry of entries.slice(3)) expect(entry).not.toContain('<lastmod>');
  });

  it('declares the sitemap and xhtml namespaces and escapes URLs', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9" xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml">/);
    expect(sitemapXml('http://x.localhost', ['fr'], 'fr', [{ path: '/a&b' }])).toContain('<loc>http://x.localhost/fr/a&amp;b</loc>');
  });
});

describe('x-default and lastmod helpers', () => {
  it('sends the home page to `/` and other pages to the default language', () => {
    expect(xDefaultUrl('https://casablancacity.ma/', '/fr', 'ar')).toBe('https://casablancacity.ma/');
    expect(xDefaultUrl('https://casablancacity.ma', '', 'fr')).toBe('https://casablancacity.ma/');
    expect(xDefaultUrl('https://casablancacity.ma', '/zgh/news/budget', 'fr')).toBe('https://casablancacity.ma/fr/news/budget');
  });

  it('takes the latest of the dates it knows', () => {
    expect(latest('2026-01-01T00:00:00Z', null, '2026-03-01T00:00:00.000Z', 'nonsense')).toBe('2026-03-01T00:00:00.000Z');
    expect(latest(null, undefined)).toBeNull();
  });
});
