/**
 * The national registry of territorial units (HCP RGPH 2024), read from the CSVs in `tenants/registry/`.
 * See `tenants/registry/README.md` for source, licence and the attribution line to show in the product.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Locale } from './locale.ts';
import type { Branding, TenantSpec, TenantStatus } from './manifest.ts';

export interface Region {
  code: string;
  nameFr: string;
  nameAr: string;
  population2024: number;
}

export interface Province {
  code: string;
  nameFr: string;
  nameAr: string;
  /** Casablanca's 8 préfectures d'arrondissements are State districts, not collectivities. */
  type: 'province' | 'prefecture' | 'prefecture_of_arrondissements';
  regionCode: string;
  population2024: number;
}

export interface Cercle {
  code: string;
  nameFr: string;
  nameAr: string;
  regionCode: string;
  provinceCode: string;
  population2024: number;
}

export interface Commune {
  code: string;
  slug: string;
  nameFr: string;
  nameAr: string;
  type: 'urban' | 'rural';
  regionCode: string;
  provinceCode: string;
  /** Only rural communes belong to a cercle. */
  cercleCode: string | null;
  population2024: number;
}

export interface Arrondissement {
  code: string;
  /** Unique within its commune only (Fès, Marrakech and Tanger each have a `medina`). */
  slug: string;
  nameFr: string;
  nameAr: string;
  communeCode: string;
  population2024: number;
}

export interface Registry {
  regions: readonly Region[];
  provinces: readonly Province[];
  cercles: readonly Cercle[];
  communes: readonly Commune[];
  arrondissements: readonly Arrondissement[];
}

// Row schemas: they check every cell and rename snake_case columns; columns we do not use
// (code_digits, households_2024, …) are dropped by z.object.
const text = z.string().min(1);
const count = z.string().regex(/^\d+$/, 'expected a non-negative integer').transform(Number);
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lowercase ascii slug');
const regionCode = z.string().regex(/^\d{2}$/);
const provinceCode = z.string().regex(/^\d{2}\.\d{3}$/);
// Casablanca's préfectures d'arrondissements are coded below the city (`06.141.01.00` … `06.141.01.70`).
const provinceRowCode = z.string().regex(/^\d{2}\.\d{3}(?:\.\d{2}\.\d0)?$/);
const cercleCode = z.string().regex(/^\d{2}\.\d{3}\.\d{2}$/);
// The six arrondissement cities end in a single digit (`06.141.01.0`), all other units in two.
const communeCode = z.string().regex(/^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$/);

const regionRow = z
  .object({ code: regionCode, name_fr: text, name_ar: text, population_2024: count })
  .transform((r): Region => ({ code: r.code, nameFr: r.name_fr, nameAr: r.name_ar, population2024: r.population_2024 }));

const provinceRow = z
  .object({
    code: provinceRowCode,
    name_fr: text,
    name_ar: text,
    type: z.enum(['province', 'prefecture', 'prefecture_of_arrondissements']),
    region_code: regionCode,
    population_2024: count,
  })
  .transform(
    (r): Province => ({
      code: r.code,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      type: r.type,
      regionCode: r.region_code,
      population2024: r.population_2024,
    }),
  );

const cercleRow = z
  .object({
    code: cercleCode,
    name_fr: text,
    name_ar: text,
    region_code: regionCode,
    province_code: provinceCode,
    population_2024: count,
  })
  .transform(
    (r): Cercle => ({
      code: r.code,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      regionCode: r.region_code,
      provinceCode: r.province_code,
      population2024: r.population_2024,
    }),
  );

const communeRow = z
  .object({
    code: communeCode,
    slug,
    name_fr: text,
    name_ar: text,
    type: z.enum(['urban', 'rural']),
    region_code: regionCode,
    province_code: provinceCode,
    cercle_code: z.union([z.literal(''), cercleCode]),
    population_2024: count,
  })
  .transform(
    (r): Commune => ({
      code: r.code,
      slug: r.slug,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      type: r.type,
      regionCode: r.region_code,
      provinceCode: r.province_code,
      cercleCode: r.cercle_code || null,
      population2024: r.population_2024,
    }),
  );

const arrondissementRow = z.object({
  code: communeCode,
  name_fr: text,
  name_ar: text,
  commune_code: communeCode,
  population_2024: count,
});

const arrondissementSlugRow = z.object({ code: communeCode, slug });

const REGISTRY_DIR = new URL('../registry/', import.meta.url);

/**
 * Reads one registry CSV. The files are ours and simple (UTF-8, header row, no quoting, no commas in
 * values), so a split on commas is correct; a row with the wrong number of cells fails loudly rather than
 * shifting columns.
 */
function readCsv<T>(file: string, row: z.ZodType<T>): T[] {
  const lines = readFileSync(new URL(file, REGISTRY_DIR), 'utf8').split(/\r?\n/);
  const header = (lines.shift() ?? '').split(',');
  const out: T[] = [];
  lines.forEach((line, i) => {
    if (line === '') return;
    const where = `tenants/registry/${file}:${i + 2}`;
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${where}: expected ${header.length} cells, got ${cells.length}`);
    const parsed = row.safeParse(Object.fromEntries(header.map((name, j) => [name, cells[j]])));
    if (!parsed.success) throw new Error(`${where}: ${z.prettifyError(parsed.error)}`);
    out.push(Object.freeze(parsed.data));
  });
  return out;
}

/** Builds a code → row map, failing on a duplicate key (lookups would silently pick one). */
function indexBy<T>(rows: readonly T[], key: (row: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    if (map.has(k)) throw new Error(`tenants/registry: duplicate ${what} ${k}`);
    map.set(k, row);
  }
  return map;
}

interface Loaded {
  registry: Registry;
  communeByCode: Map<string, Commune>;
  communeBySlug: Map<string, Commune>;
  provinceByCode: Map<string, Province>;
  cercleByCode: Map<string, Cercle>;
  arrondissementByCode: Map<string, Arrondissement>;
  arrondissementsByCommune: Map<string, Arrondissement[]>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;

  // arrondissements.csv has no slug column: slugs are ours, joined by code from arrondissement-slugs.csv.
  const slugByCode = new Map(readCsv('arrondissement-slugs.csv', arrondissementSlugRow).map((r) => [r.code, r.slug]));
  const arrondissements = readCsv('arrondissements.csv', arrondissementRow).map((r): Arrondissement => {
    const slug = slugByCode.get(r.code);
    if (!slug) throw new Error(`tenants/registry/arrondissement-slugs.csv: no slug for arrondissement ${r.code}`);
    return Object.freeze({
      code: r.code,
      slug,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      communeCode: r.commune_code,
      population2024: r.population_2024,
    });
  });
  const communes = readCsv('communes.csv', communeRow);
  const provinces = readCsv('provinces.csv', provinceRow);
  const cercles = readCsv('cercles.csv', cercleRow);

  const arrondissementsByCommune = new Map<string, Arrondissement[]>();
  for (const a of arrondissements) {
    const siblings = arrondissementsByCommune.get(a.communeCode) ?? [];
    // Slugs only need to be unique per city: they are used below the commune (anfa.casablanca…).
    if (siblings.some((s) => s.slug === a.slug)) throw new Error(`tenants/registry: duplicate arrondissement slug ${a.slug} in ${a.communeCode}`);
    arrondissementsByCommune.set(a.communeCode, [...siblings, a]);
  }

  loaded = {
    registry: Object.freeze({
      regions: readCsv('regions.csv', regionRow),
      provinces,
      cercles,
      communes,
      arrondissements,
    }),
    communeByCode: indexBy(communes, (c) => c.code, 'commune code'),
    communeBySlug: indexBy(communes, (c) => c.slug, 'commune slug'),
    provinceByCode: indexBy(provinces, (p) => p.code, 'province code'),
    cercleByCode: indexBy(cercles, (c) => c.code, 'cercle code'),
    arrondissementByCode: indexBy(arrondissements, (a) => a.code, 'arrondissement code'),
    arrondissementsByCommune,
  };
  return loaded;
}

/**
 * The whole registry, parsed once per process (about 1,900 rows) and frozen, since every caller shares it.
 *
 * @example loadRegistry().communes.length // 1503
 */
export function loadRegistry(): Registry {
  return load().registry;
}

/** @example findCommune('06.141.01.0')?.nameFr // 'Casablanca' */
export function findCommune(code: string): Commune | undefined {
  return load().communeByCode.get(code);
}

/** @example findCommuneBySlug('ben-guerir')?.code // '07.427.01.01' */
export function findCommuneBySlug(slug: string): Commune | undefined {
  return load().communeBySlug.get(slug);
}

/** @example findArrondissement('06.141.01.07')?.slug // 'sidi-belyout' */
export function findArrondissement(code: string): Arrondissement | undefined {
  return load().arrondissementByCode.get(code);
}

/**
 * A city's arrondissements in registry order; empty for the 1,497 communes without that regime.
 *
 * @example arrondissementsOf('06.141.01.0').length // 16
 */
export function arrondissementsOf(communeCode: string): readonly Arrondissement[] {
  return load().arrondissementsByCommune.get(communeCode) ?? [];
}

/** @example findProvince('01.051')?.nameFr // 'Al Hoceima' */
export function findProvince(code: string): Province | undefined {
  return load().provinceByCode.get(code);
}

// ---------------------------------------------------------------------------------------------------------
// Readable slugs and tenant specs: what onboarding (and the demo, and the benchmark) creates from a row

/** Lowercase ascii, accents removed, words joined by hyphens: `El Kelâa Des-Sraghna` → `el-kelaa-des-sraghna`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

let readableSlugs: Map<string, string> | undefined;

/**
 * Commune code → URL slug. A commune's slug is its name (the registry's slug without the numeric suffix
 * HCP's data gives homonyms); communes that share a name all get their province's name appended
 * (`ajdir-al-hoceima`, `ajdir-taza`), and, should two homonyms share a province, their cercle's. Never a
 * numeric code; a collision that remains fails loudly here rather than at insert time.
 */
function loadReadableSlugs(): Map<string, string> {
  if (readableSlugs) return readableSlugs;
  const { registry, provinceByCode, cercleByCode } = load();
  const base = (c: Commune) => c.slug.replace(/-\d{6,}$/, '');
  const byName = new Map<string, Commune[]>();
  for (const c of registry.communes) byName.set(base(c), [...(byName.get(base(c)) ?? []), c]);
  const slugs = new Map<string, string>();
  for (const [name, group] of byName) {
    const withProvince = (c: Commune) => `${name}-${slugify(provinceByCode.get(c.provinceCode)?.nameFr ?? c.provinceCode)}`;
    for (const c of group) {
      if (group.length === 1) {
        slugs.set(c.code, name);
        continue;
      }
      const sameProvince = group.filter((o) => o.provinceCode === c.provinceCode).length > 1;
      const cercle = c.cercleCode ? cercleByCode.get(c.cercleCode) : undefined;
      slugs.set(c.code, sameProvince && cercle ? `${withProvince(c)}-${slugify(cercle.nameFr)}` : withProvince(c));
    }
  }
  const owners = new Map<string, string>();
  for (const [code, slug] of slugs) {
    const owner = owners.get(slug);
    if (owner) throw new Error(`tenants/registry: communes ${owner} and ${code} would share the slug ${slug}`);
    owners.set(slug, code);
  }
  readableSlugs = slugs;
  return slugs;
}

/**
 * The slug a commune gets by default: readable, unique among communes.
 *
 * @example readableSlug(findCommune('01.051.01.09')!) // 'ajdir-al-hoceima'
 */
export function readableSlug(commune: Commune): string {
  const slug = loadReadableSlugs().get(commune.code);
  if (!slug) throw new Error(`tenants/registry: unknown commune ${commune.code}`);
  return slug;
}

/**
 * Colour presets for new tenants (primary under white text reaches WCAG AA, checked by the tests); the
 * operator may choose another. `brandingPreset(code)` picks one from the registry code, so neighbours
 * created together do not all look alike and a re-run gives the same choice.
 */
export const BRANDING_PRESETS: readonly Omit<Branding, 'logo'>[] = [
  { primaryColor: '#1a5f7a', accentColor: '#c9a227' },
  { primaryColor: '#8b1e3f', accentColor: '#d4a017' },
  { primaryColor: '#2e5e4e', accentColor: '#e0b040' },
  { primaryColor: '#5b3a8c', accentColor: '#e07a5f' },
  { primaryColor: '#1f4e9c', accentColor: '#f2a541' },
  { primaryColor: '#7a3e1a', accentColor: '#3a9d8f' },
  { primaryColor: '#0f6b50', accentColor: '#d95d39' },
  { primaryColor: '#a4262c', accentColor: '#1b998b' },
];

export function brandingPreset(code: string): Branding {
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const preset = BRANDING_PRESETS[h % BRANDING_PRESETS.length] ?? BRANDING_PRESETS[0];
  return { primaryColor: preset?.primaryColor ?? '#1a5f7a', accentColor: preset?.accentColor ?? '#c9a227', logo: null };
}

/** What the operator may choose when creating a tenant from a registry row; each omitted field has a default. */
export interface RegistrySpecOptions {
  /** Default: `readableSlug` for a commune, the registry's (unique within its city) for an arrondissement. */
  slug?: string;
  /** Default: active (the site is live at once). */
  status?: TenantStatus;
  /** Default: ar, fr, zgh. */
  locales?: Locale[];
  /** Default: ar. */
  defaultLocale?: Locale;
  domains?: string[];
  /** Default: `brandingPreset` of the commune's code (an arrondissement thus matches its city's). */
  branding?: Branding;
}

/**
 * A registry row as the tenant onboarding creates: names and population from the registry, a readable
 * slug, a branding preset and a starter welcome text. Pure (reads only the frozen registry).
 *
 * @example registrySpec(findCommune('07.427.01.01')!).slug // 'ben-guerir'
 */
export function registrySpec(unit: Commune | Arrondissement, options: RegistrySpecOptions = {}): TenantSpec {
  const arrondissement = 'communeCode' in unit;
  const locales = options.locales ?? ['ar', 'fr', 'zgh'];
  const defaultLocale = options.defaultLocale ?? (locales.includes('ar') ? 'ar' : (locales[0] ?? 'ar'));
  const fallbackLocales = (['ar', 'fr'] as const).filter((l) => locales.includes(l));
  return {
    kind: arrondissement ? 'arrondissement' : 'commune',
    code: unit.code,
    slug: options.slug ?? (arrondissement ? unit.slug : readableSlug(unit)),
    parentCode: arrondissement ? unit.communeCode : null,
    names: { ar: unit.nameAr, fr: unit.nameFr, zgh: '' },
    status: options.status ?? 'active',
    locales: [...locales],
    defaultLocale,
    fallbackLocales,
    domains: [...(options.domains ?? [])],
    branding: options.branding ?? brandingPreset(arrondissement ? unit.communeCode : unit.code),
    content: {
      welcome: arrondissement
        ? { ar: `مرحبا بكم في مقاطعة ${unit.nameAr}.`, fr: `Bienvenue à l’arrondissement ${unit.nameFr}.` }
        : { ar: `مرحبا بكم في جماعة ${unit.nameAr}.`, fr: `Bienvenue à ${unit.nameFr}.` },
    },
    offices: [],
    population: unit.population2024,
    sourceFile: 'tenants/registry',
  };
}

/**
 * A commune and, for the six cities with that regime, all its arrondissements (parent first, as
 * provisioning wants them), sharing the commune's branding.
 *
 * @example registrySpecs(findCommune('06.141.01.0')!).length // 17
 */
export function registrySpecs(commune: Commune, options: RegistrySpecOptions = {}): TenantSpec[] {
  const city = registrySpec(commune, options);
  const children = arrondissementsOf(commune.code).map((a) =>
    registrySpec(a, { status: city.status, locales: city.locales, defaultLocale: city.defaultLocale, branding: city.branding }),
  );
  return [city, ...children];
}
