import { describe, expect, it } from 'vitest';
import { arrondissementsOf, findArrondissement, findCommune, findCommuneBySlug, loadRegistry } from './registry.ts';

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
