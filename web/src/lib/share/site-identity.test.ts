import { describe, expect, it } from 'vitest';
import type { Site } from '@jamaa/api/site/site.schemas.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { ogLocale, pageTitle, siteTitle, webAppManifest } from './site-identity.ts';

const casablanca = {
  kind: 'commune',
  slug: 'casablanca',
  names: { ar: 'الدار البيضاء', fr: 'Casablanca', zgh: 'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ' },
  fallbackLocales: ['fr', 'ar'],
  parent: null,
  branding: { primaryColor: '#0d5c46', accentColor: '#b3261e', logoUrl: null },
} satisfies Partial<Site>;

const anfa = {
  ...casablanca,
  kind: 'arrondissement',
  slug: 'anfa',
  names: { ar: 'أنفا', fr: 'Anfa' },
  parent: { slug: 'casablanca', code: '141', kind: 'commune', names: casablanca.names, origin: 'http://casablanca.localhost' },
} satisfies Partial<Site>;

describe('page titles', () => {
  it('name the commune in the page language', () => {
    expect(siteTitle(casablanca, 'fr', translator('fr'))).toBe('Commune de Casablanca');
    expect(siteTitle(casablanca, 'ar', translator('ar'))).toBe('جماعة الدار البيضاء');
    expect(siteTitle(anfa, 'fr', translator('fr'))).toBe('Arrondissement Anfa (Casablanca)');
    // Anfa has no Amazigh name: its French one, the commune's Amazigh one.
    expect(siteTitle(anfa, 'zgh', translator('zgh'))).toContain('ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ');
    expect(pageTitle('Services', 'Commune de Casablanca')).toBe('Services — Commune de Casablanca');
    expect(pageTitle(null, 'Commune de Casablanca')).toBe('Commune de Casablanca');
  });

  it('give Open Graph locales as language_TERRITORY, among the values Facebook accepts', () => {
    expect(['ar', 'fr', 'zgh'].map((l) => ogLocale(l as 'ar'))).toEqual(['ar_AR', 'fr_FR', 'tz_MA']);
  });
});

describe('web app manifest', () => {
  const parse = (lang: 'ar' | 'fr' | 'zgh', site: typeof casablanca | typeof anfa = casablanca) =>
    JSON.parse(JSON.stringify(webAppManifest(site, lang, translator(lang)))) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string; purpose: string }[] };

  it("is the tenant's app, named and laid out in the page's language", () => {
    const ar = parse('ar');
    expect(ar).toMatchObject({ name: 'جماعة الدار البيضاء', short_name: 'الدار البيضاء', lang: 'ar', dir: 'rtl', start_url: '/ar', display: 'standalone' });
    const fr = parse('fr');
    expect(fr).toMatchObject({ name: 'Commune de Casablanca', short_name: 'Casablanca', lang: 'fr', dir: 'ltr', start_url: '/fr', scope: '/' });
    // One app whatever the language it was installed in.
    expect(fr.id).toBe(ar.id);
  });

  it("takes its colours from the tenant's branding and lists its icons, a maskable one among them", () => {
    const m = parse('zgh', anfa);
    expect(m.theme_color).toBe('#0d5c46');
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.icons.map((i) => `${i.src} ${i.sizes} ${i.purpose}`)).toEqual([
      '/icon-192.png 192x192 any',
      '/icon-512.png 512x512 any',
      '/icon-maskable-512.png 512x512 maskable',
      '/favicon.svg any any',
    ]);
  });
});
