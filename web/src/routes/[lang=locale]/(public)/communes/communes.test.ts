// The platform's commune directory with every commune of the registry hosted: the home page lists regions
// (not 1,500 communes), every commune is reachable by region → province, and the search finds a commune
// however its name is typed.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '@jamaa/tenants/registry.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { newLayoutData, newSite } from '#lib/catalogue/testing.ts';
import type { HostedCommune } from '#lib/communes.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { province, region, regionsOf, searchCommunes, SEARCH_LIMIT } from '#lib/server/commune-directory.ts';
import Home from '../+page.svelte';
import Search from './+page.svelte';

const national: HostedCommune[] = loadRegistry().communes.map((c) => ({
  slug: c.slug,
  code: c.code,
  names: { ar: c.nameAr, fr: c.nameFr },
  origin: `http://${c.slug}.localhost:3000`,
  childCount: 0,
}));

const site = newSite({ kind: 'platform', slug: 'jamaa', code: 'platform', names: { ar: 'جماعة', fr: 'Jamaa', zgh: 'ⵊⴰⵎⴰⵄⴰ' }, origin: 'http://localhost:3000' });
const common = (lang: Locale) => ({ ...newLayoutData(lang, site), name: { text: 'Jamaa', locale: lang, fallback: false }, siteTitle: 'Jamaa' });

function renderHome(lang: Locale) {
  const home = { site, locale: lang, name: { text: 'Jamaa', locale: lang, fallback: false }, welcome: null, children: [], hostedCommunes: [], population: null };
  return render(Home, { props: { data: { ...common(lang), home, directory: regionsOf(national, lang), popular: [] } } }).body;
}

describe('the platform home', () => {
  it.each(['ar', 'fr', 'zgh'] as const)('offers search and the regions in %s, not every commune', (lang) => {
    const body = renderHome(lang);
    const t = translator(lang);
    expect(body).toContain('action="/' + lang + '/communes"');
    expect(body).toContain(t('common:communes_search_label'));
    expect(body.match(/href="\/[a-z]+\/communes\/\d\d"/g)).toHaveLength(loadRegistry().regions.length);
    // No commune's site is linked from the home page itself.
    expect(body).not.toContain('.localhost:3000');
    expect(body.length).toBeLessThan(30_000);
  });
});

describe('browsing by region and province', () => {
  it('reaches every commune exactly once', () => {
    const reached: string[] = [];
    for (const r of regionsOf(national, 'fr').regions) {
      const found = region(national, r.key, 'fr');
      expect(found?.provinces.reduce((n, p) => n + p.communes, 0)).toBe(r.communes);
      for (const p of found?.provinces ?? []) reached.push(...(province(national, r.key, p.key, 'fr')?.communes.map((c) => c.code) ?? []));
    }
    expect(reached.sort()).toEqual(national.map((c) => c.code).sort());
  });

  it('answers nothing for an area that does not exist or a province of another region', () => {
    expect(region(national, '99', 'fr')).toBeNull();
    const [a, b] = regionsOf(national, 'fr').regions;
    const provinceOfB = region(national, b?.key ?? '', 'fr')?.provinces[0]?.key ?? '';
    expect(province(national, a?.key ?? '', provinceOfB, 'fr')).toBeNull();
    expect(province(national, a?.key ?? '', '../x', 'fr')).toBeNull();
  });

  it('shows Amazigh pages the Arabic name of a region, marked as Arabic', () => {
    const r = regionsOf(national, 'zgh').regions[0];
    expect(r?.name).toMatchObject({ locale: 'ar', fallback: true });
  });
});

describe('the commune search', () => {
  const tetouan = national.find((c) => c.slug === 'tetouan');

  it.each(['tetouan', 'Tétouan', 'TETOU', 'تطوان'])('finds Tétouan from “%s”, first', (q) => {
    expect(searchCommunes(national, q).found[0]?.code).toBe(tetouan?.code);
  });

  it('finds nothing for a name no commune has, and caps a broad search', () => {
    expect(searchCommunes(national, 'zzqx').found).toEqual([]);
    const broad = searchCommunes(national, 'sidi');
    expect(broad.found).toHaveLength(SEARCH_LIMIT);
    expect(broad.more).toBe(true);
  });

  it('renders results with links to the communes’ sites, and says so when there are none', () => {
    const lang = 'fr';
    const page = (query: string) =>
      render(Search, { props: { data: { ...common(lang), query, results: searchCommunes(national, query), directory: regionsOf(national, lang) } } }).body;
    expect(page('tetouan')).toContain('href="http://tetouan.localhost:3000/fr"');
    expect(page('zzqx')).toContain(translator(lang)('common:communes_no_results'));
  });
});
