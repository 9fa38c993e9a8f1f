/**
 * Search of the national registry (HCP, RGPH 2024 — see `tenants/registry/README.md` for the credit) by
 * what an operator types: a name in Arabic or French however it is spelled, or an official code. Pure: it
 * reads only the frozen registry.
 *
 * Names are folded with the platform's search folding (`normaliseForSearch`: accents, hamzas, the article
 * ال…), then compared whole, by prefix, and by a consonant skeleton, which makes the usual variants meet:
 * Mohammedia / Mohammadia, Benguerir / Ben Guerir, بنجرير / ابن جرير, الناظور / الناضور.
 */
import { normaliseForSearch } from '@jamaa/tenants/text-folding.ts';
import { arrondissementsOf, findProvince, loadRegistry, readableSlug, type Commune, type Region } from '@jamaa/tenants/registry.ts';

export interface RegistryHit {
  code: string;
  nameFr: string;
  nameAr: string;
  type: Commune['type'];
  region: { code: string; nameFr: string; nameAr: string };
  province: { code: string; nameFr: string; nameAr: string };
  population: number;
  /** The slug onboarding gives it by default (homonyms get their province). */
  slug: string;
  /** Its arrondissements, onboarded with it (six cities); empty for every other commune. */
  arrondissements: { code: string; slug: string; nameFr: string; nameAr: string; population: number }[];
}

const VOWELS_LATIN = /[aeiouy]/g;
// Long vowels and hamza seats of Arabic script, dropped from the skeleton.
const VOWELS_ARABIC = /[\u0627\u0648\u064a\u0621]/g;

/**
 * The consonants of a folded name, without spaces, repeated letters collapsed: what stays the same across
 * the usual transliterations. The first letter is kept whatever it is (`Oujda` stays `oj…`).
 */
export function skeleton(folded: string): string {
  const joined = folded.replace(/\s+/g, '');
  if (joined === '') return '';
  const head = joined[0] ?? '';
  const rest = joined
    .slice(1)
    .replace(/q/g, 'k')
    .replace(VOWELS_LATIN, '')
    .replace(VOWELS_ARABIC, '')
    // Letters Moroccan spellings swap: ظ/ض, ذ/د, ث/ت.
    .replace(/\u0638/g, '\u0636')
    .replace(/\u0630/g, '\u062f')
    .replace(/\u062b/g, '\u062a');
  const normalHead = head.replace(/\u0638/, '\u0636');
  // An Arabic name typed without its leading alef (بنجرير for ابن جرير) must still meet it.
  const body = /^[\u0627]$/.test(normalHead) ? rest : normalHead + rest;
  return body.replace(/(.)\1+/g, '$1');
}

interface Indexed {
  commune: Commune;
  names: string[];
  skeletons: string[];
  digits: string;
}

let index: Indexed[] | undefined;

function loadIndex(): Indexed[] {
  if (index) return index;
  index = loadRegistry().communes.map((c) => {
    const names = [normaliseForSearch(c.nameFr), normaliseForSearch(c.nameAr), normaliseForSearch(readableSlug(c).replace(/-/g, ' '))];
    return { commune: c, names, skeletons: names.map(skeleton), digits: c.code.replace(/\./g, '') };
  });
  return index;
}

function score(entry: Indexed, query: string, querySkeleton: string, code: string | null): number {
  if (code !== null) {
    if (entry.commune.code === code || entry.digits === code) return 120;
    if (entry.commune.code.startsWith(code) || entry.digits.startsWith(code)) return 90;
    return 0;
  }
  let best = 0;
  entry.names.forEach((name, i) => {
    if (name === query) best = Math.max(best, 100);
    else if (name.startsWith(query)) best = Math.max(best, 80);
    else if (name.split(' ').some((w) => w.startsWith(query))) best = Math.max(best, 60);
    else if (query.length >= 3 && name.includes(query)) best = Math.max(best, 40);
    const s = entry.skeletons[i] ?? '';
    if (querySkeleton.length >= 2 && s === querySkeleton) best = Math.max(best, 75);
    else if (querySkeleton.length >= 3 && s.startsWith(querySkeleton)) best = Math.max(best, 50);
  });
  return best;
}

function hitOf(commune: Commune): RegistryHit {
  const regions = new Map(loadRegistry().regions.map((r) => [r.code, r]));
  const region = regions.get(commune.regionCode) as Region | undefined;
  const province = findProvince(commune.provinceCode);
  return {
    code: commune.code,
    nameFr: commune.nameFr,
    nameAr: commune.nameAr,
    type: commune.type,
    region: { code: commune.regionCode, nameFr: region?.nameFr ?? commune.regionCode, nameAr: region?.nameAr ?? commune.regionCode },
    province: { code: commune.provinceCode, nameFr: province?.nameFr ?? commune.provinceCode, nameAr: province?.nameAr ?? commune.provinceCode },
    population: commune.population2024,
    slug: readableSlug(commune),
    arrondissements: arrondissementsOf(commune.code).map((a) => ({ code: a.code, slug: a.slug, nameFr: a.nameFr, nameAr: a.nameAr, population: a.population2024 })),
  };
}

/**
 * The communes that best match `text`, best first (equal scores: the most populous first).
 *
 * @example searchRegistry('Mohammedia')[0]?.code // '06.371.01.01'
 * @example searchRegistry('بنجرير')[0]?.slug // 'ben-guerir'
 */
export function searchRegistry(text: string, limit = 20): RegistryHit[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const code = /^[\d.\s]+$/.test(trimmed) ? trimmed.replace(/\s/g, '') : null;
  const query = normaliseForSearch(trimmed);
  if (code === null && query === '') return [];
  const querySkeleton = skeleton(query);
  return loadIndex()
    .map((entry) => ({ entry, score: score(entry, query, querySkeleton, code) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || b.entry.commune.population2024 - a.entry.commune.population2024)
    .slice(0, limit)
    .map((r) => hitOf(r.entry.commune));
}

/** One commune of the registry by its code, as the form shows it; undefined when unknown. */
export function registryEntry(code: string): RegistryHit | undefined {
  const commune = loadRegistry().communes.find((c) => c.code === code);
  return commune ? hitOf(commune) : undefined;
}

/** The regions, for bulk onboarding. */
export function registryRegions(): { code: string; nameFr: string; nameAr: string; communes: number }[] {
  const { regions, communes } = loadRegistry();
  return regions.map((r) => ({ code: r.code, nameFr: r.nameFr, nameAr: r.nameAr, communes: communes.filter((c) => c.regionCode === r.code).length }));
}
