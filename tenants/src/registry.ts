/**
 * The national registry of territorial units (HCP RGPH 2024), read from the CSVs in `tenants/registry/`.
 * See `tenants/registry/README.md` for source, licence and the attribution line to show in the product.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

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
      provinces: readCsv('provinces.csv', provinceRow),
      cercles: readCsv('cercles.csv', cercleRow),
      communes,
      arrondissements,
    }),
    communeByCode: indexBy(communes, (c) => c.code, 'commune code'),
    communeBySlug: indexBy(communes, (c) => c.slug, 'commune slug'),
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
