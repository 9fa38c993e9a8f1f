import { describe, expect, it } from 'vitest';
import { sitemapXml } from './sitemap.ts';

describe('sitemapXml', () => {
  const xml = sitemapXml('http://anfa.casablanca.localhost:3000/', ['ar', 'fr', 'zgh'], ['', '/services/signature-legalisation']);

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

  it('gives each entry all its language versions as hreflang alternates', () => {
    const entries = xml.split('<url>').slice(1);
    expect(entries).toHaveLength(6);
    for (const entry of entries.slice(3)) {
      for (const locale of ['ar', 'fr', 'zgh']) {
        expect(entry).toContain(
          `<xhtml:link rel="alternate" hreflang="${locale}" href="http://anfa.casablanca.localhost:3000/${locale}/services/signature-legalisation"/>`,
        );
      }
    }
    expect(entries[0]).toContain('hreflang="x-default" href="http://anfa.casablanca.localhost:3000/"');
    expect(entries[3]).not.toContain('x-default');
  });

  it('declares the sitemap and xhtml namespaces and escapes URLs', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9" xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml">/);
    expect(sitemapXml('http://x.localhost', ['fr'], ['/a&b'])).toContain('<loc>http://x.localhost/fr/a&amp;b</loc>');
  });
});
