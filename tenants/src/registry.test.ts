import { describe, expect, it } from 'vitest';
import { contrastWithWhite } from './contrast.ts';
import {
  BRANDING_PRESETS,
  arrondissementsOf,
  findArrondissement,
  findCommune,
  findCommuneBySlug,
  loadRegistry,
  readableSlug,
  registrySpec,
  registrySpecs,
  slugify,
} from './registry.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('loadRegistry', () => {
  it('loads every row of the five HCP files', () => {
    const r = loadRegistry();
    expect([r.regions.length, r.provinces.length, r.cercles.length, r.communes.length, r.arrondissements.length]).toEqual([
      12, 83, 213, 1503, 41,
    ]);
  });

  it('parses the file once and shares the frozen result', () => {
    expect(loadRegistry()).toBe(loadRegistry());
    expect(Object.isFrozen(loadRegistry().communes[0])).toBe(true);
  });

  it('maps a commune row to typed fields', () => {
    expect(findCommune('07.427.01.01')).toEqual({
      code: '07.427.01.01',
      slug: 'ben-guerir',
      nameFr: 'Ben Guerir',
      nameAr: 'ابن جرير',
      type: 'urban',
      regionCode: '07',
      provinceCode: '07.427',
      cercleCode: null,
      population2024: 114872,
    });
  });

  it('nests codes: every commune sits in an existing region, province and (rural only) cercle', () => {
    const r = loadRegistry();
    const regions = new Set(r.regions.map((x) => x.code));
    const provinces = new Set(r.provinces.map((x) => x.code));
    const cercles = new Set(r.cercles.map((x) => x.code));
    for (const c of r.communes) {
      expect(regions.has(c.regionCode), c.code).toBe(true);
      expect(provinces.has(c.provinceCode) && c.code.startsWith(`${c.provinceCode}.`), c.code).toBe(true);
      if (c.type === 'rural') expect(c.cercleCode && cercles.has(c.cercleCode) && c.code.startsWith(`${c.cercleCode}.`), c.code).toBeTruthy();
      else expect(c.cercleCode, c.code).toBeNull();
    }
  });

  it('has 16 Casablanca arrondissements with unique slugs', () => {
    const casablanca = arrondissementsOf('06.141.01.0');
    expect(casablanca).toHaveLength(16);
    expect(new Set(casablanca.map((a) => a.slug)).size).toBe(16);
    expect(findArrondissement('06.141.01.23')?.slug).toBe('roches-noires');
  });

  it('gives every arrondissement an ascii slug unique within its city, and city populations add up', () => {
    const cities = new Map<string, number>([
      ['06.141.01.0', 16],
      ['03.231.01.0', 6],
      ['04.421.01.0', 5],
      ['04.441.01.0', 5],
      ['07.351.01.0', 5],
      ['01.511.01.0', 4],
    ]);
    for (const [code, count] of cities) {
      const children = arrondissementsOf(code);
      expect(children, code).toHaveLength(count);
      expect(children.every((a) => SLUG.test(a.slug)), code).toBe(true);
      expect(new Set(children.map((a) => a.slug)).size, code).toBe(count);
      expect(children.reduce((sum, a) => sum + a.population2024, 0), code).toBe(findCommune(code)?.population2024);
    }
  });

  it('finds communes by slug and answers nothing for unknown keys', () => {
    expect(findCommuneBySlug('tetouan')?.code).toBe('01.571.01.11');
    expect(findCommune('99.999.99.99')).toBeUndefined();
    expect(findCommuneBySlug('atlantis')).toBeUndefined();
    expect(arrondissementsOf('07.427.01.01')).toEqual([]);
  });
});

describe('registrySpec', () => {
  const commune = (code: string) => {
    const c = findCommune(code);
    if (!c) throw new Error(`no commune ${code}`);
    return c;
  };

  it('gives every commune of the registry a readable slug, unique among communes, never a numeric code', () => {
    const slugs = loadRegistry().communes.map((c) => registrySpec(c).slug);
    expect(new Set(slugs).size).toBe(loadRegistry().communes.length);
    for (const slug of slugs) {
      expect(slug).toMatch(SLUG);
      expect(slug, slug).not.toMatch(/\d/);
    }
  });

  it('appends the province to communes that share a name, and only to them', () => {
    expect(readableSlug(commune('01.051.01.09'))).toBe('ajdir-al-hoceima');
    expect(readableSlug(commune('03.561.03.01'))).toBe('ajdir-taza');
    expect(readableSlug(commune('07.191.05.15'))).toBe('laatamna-el-kelaa-des-sraghna');
    expect(readableSlug(commune('07.427.01.01'))).toBe('ben-guerir');
    expect(readableSlug(commune('06.141.01.0'))).toBe('casablanca');
    const suffixed = loadRegistry().communes.filter((c) => readableSlug(c) !== c.slug.replace(/-\d+$/, ''));
    expect(suffixed).toHaveLength(21);
  });

  it('keeps arrondissement slugs unique within their city', () => {
    for (const city of loadRegistry().communes.filter((c) => arrondissementsOf(c.code).length > 0)) {
      const specs = registrySpecs(city).slice(1);
      expect(new Set(specs.map((s) => s.slug)).size, city.code).toBe(specs.length);
      expect(specs.every((s) => SLUG.test(s.slug) && s.parentCode === city.code && s.kind === 'arrondissement'), city.code).toBe(true);
    }
  });

  it('fills a commune from its row, with defaults the operator may change', () => {
    const spec = registrySpec(commune('07.427.01.01'));
    expect(spec).toMatchObject({
      kind: 'commune',
      code: '07.427.01.01',
      slug: 'ben-guerir',
      parentCode: null,
      names: { ar: 'ابن جرير', fr: 'Ben Guerir' },
      status: 'active',
      locales: ['ar', 'fr', 'zgh'],
      defaultLocale: 'ar',
      fallbackLocales: ['ar', 'fr'],
      domains: [],
      population: 114872,
    });
    expect(spec.content.welcome.fr).toContain('Ben Guerir');
    const chosen = registrySpec(commune('07.427.01.01'), { slug: 'bg', locales: ['fr', 'ar'], defaultLocale: 'fr', domains: ['benguerir.ma'], status: 'provisioning' });
    expect(chosen).toMatchObject({ slug: 'bg', locales: ['fr', 'ar'], defaultLocale: 'fr', fallbackLocales: ['ar', 'fr'], domains: ['benguerir.ma'], status: 'provisioning' });
  });

  it('gives a city its arrondissements, parent first, with the city\'s branding', () => {
    const specs = registrySpecs(commune('06.141.01.0'));
    expect(specs).toHaveLength(17);
    expect(specs[0]?.code).toBe('06.141.01.0');
    expect(specs.slice(1).every((s) => s.branding.primaryColor === specs[0]?.branding.primaryColor)).toBe(true);
    expect(registrySpecs(commune('07.427.01.01'))).toHaveLength(1);
  });

  it('chooses branding presets readable under white text', () => {
    for (const preset of BRANDING_PRESETS) expect(contrastWithWhite(preset.primaryColor), preset.primaryColor).toBeGreaterThanOrEqual(4.5);
    expect(new Set(loadRegistry().communes.slice(0, 50).map((c) => registrySpec(c).branding.primaryColor)).size).toBeGreaterThan(1);
  });

  it('slugifies French names', () => {
    expect(slugify("El Kelâa Des-Sraghna")).toBe('el-kelaa-des-sraghna');
    expect(slugify("Ouled M'hamed")).toBe('ouled-m-hamed');
  });
});
