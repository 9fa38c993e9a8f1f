/**
 * The platform's directory of hosted communes: searched by name (any language, any spelling the search
 * folding accepts) and browsed by region → province → communes, each level a page of its own, so that no
 * page lists the country's 1,500 communes at once. Regions and provinces come from the national registry
 * (their names exist in Arabic and French only: Amazigh pages show the Arabic name, marked as such).
 * A commune's registry code carries its region and province: `07.427.01.01` is in region `07`, province `07.427`.
 */
import { resolveText, type Locale, type Resolved } from '@jamaa/tenants/locale.ts';
import type { Area, HostedCommune } from '../communes.ts';
// The registry's region and province files, bundled as text: the server bundle cannot read them from
// `tenants/registry/` at run time the way `@jamaa/tenants/registry.ts` does (its path is relative to its module).
import provincesCsv from '../../../../tenants/registry/provinces.csv?raw';
import regionsCsv from '../../../../tenants/registry/regions.csv?raw';
import { normaliseForSearch } from '@jamaa/tenants/text-folding.ts';

export type { Area, HostedCommune };

/** The names of a registry row in the page's language: Amazigh falls back to Arabic. */
function areaName(row: { nameAr: string; nameFr: string }, lang: Locale): Resolved {
  return resolveText({ ar: row.nameAr, fr: row.nameFr }, lang, ['ar', 'fr']) as Resolved;
}

function byName(lang: Locale) {
  const collator = new Intl.Collator(lang === 'fr' ? 'fr' : 'ar');
  return (a: Area, b: Area) => collator.compare(a.name.text, b.name.text);
}

interface Row {
  code: string;
  nameFr: string;
  nameAr: string;
}

/** `code,code_digits,name_fr,name_ar,…` (no quoted cells in these files). */
function rows(csv: string): Row[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter(Boolean);
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return { code: cells[at('code')] ?? '', nameFr: cells[at('name_fr')] ?? '', nameAr: cells[at('name_ar')] ?? '' };
  });
}

const REGIONS = rows(regionsCsv);
const PROVINCES = rows(provincesCsv);
const CODE = /^(\d\d)\.(\d{3})\./;
const regionOf = (c: HostedCommune) => CODE.exec(c.code)?.[1] ?? null;
const provinceOf = (c: HostedCommune) => {
  const m = CODE.exec(c.code);
  return m ? `${m[1]}.${m[2]}` : null;
};

/** The regions with hosted communes, with how many each has; communes outside the registry are counted apart. */
export function regionsOf(communes: readonly HostedCommune[], lang: Locale): { regions: Area[]; unlisted: HostedCommune[] } {
  const counts = new Map<string, number>();
  const unlisted: HostedCommune[] = [];
  for (const c of communes) {
    const region = regionOf(c);
    if (region) counts.set(region, (counts.get(region) ?? 0) + 1);
    else unlisted.push(c);
  }
  const regions = REGIONS.filter((r) => counts.has(r.code))
    .map((r) => ({ key: r.code, name: areaName(r, lang), communes: counts.get(r.code) ?? 0 }));
  return { regions: regions.sort(byName(lang)), unlisted };
}

/** A region and its provinces (and prefectures) with hosted communes; null when the region is unknown. */
export function region(communes: readonly HostedCommune[], key: string, lang: Locale): { name: Resolved; provinces: Area[] } | null {
  const row = REGIONS.find((r) => r.code === key);
  if (!row) return null;
  const counts = new Map<string, number>();
  for (const c of communes) {
    const province = provinceOf(c);
    if (province?.startsWith(`${key}.`)) counts.set(province, (counts.get(province) ?? 0) + 1);
  }
  const provinces = PROVINCES.filter((p) => counts.has(p.code))
    .map((p) => ({ key: p.code.slice(key.length + 1), name: areaName(p, lang), communes: counts.get(p.code) ?? 0 }));
  return { name: areaName(row, lang), provinces: provinces.sort(byName(lang)) };
}

/** A province of a region and its hosted communes; null when there is no such province in that region. */
export function province(
  communes: readonly HostedCommune[],
  regionKey: string,
  provinceKey: string,
  lang: Locale,
): { region: Resolved; name: Resolved; communes: HostedCommune[] } | null {
  const regionRow = REGIONS.find((r) => r.code === regionKey);
  const row = /^\d{3}$/.test(provinceKey) ? PROVINCES.find((p) => p.code === `${regionKey}.${provinceKey}`) : undefined;
  if (!regionRow || !row) return null;
  return { region: areaName(regionRow, lang), name: areaName(row, lang), communes: communes.filter((c) => provinceOf(c) === row.code) };
}

export const SEARCH_LIMIT = 50;

/**
 * Communes whose name (in any language) or address contains every word of the query, each word matched
 * at the start of a word of the name: `tetouan`, `Tétouan` and `تطوان` find Tétouan; `sidi` finds every
 * Sidi …. At most SEARCH_LIMIT, the closest first (a whole-name match, then a match of the name's first
 * word, then cities with arrondissements, then the rest).
 */
export function searchCommunes(communes: readonly HostedCommune[], query: string): { found: HostedCommune[]; more: boolean } {
  const words = normaliseForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return { found: [], more: false };
  const scored: { c: HostedCommune; score: number }[] = [];
  for (const c of communes) {
    const haystacks = [...Object.values(c.names), c.slug.replaceAll('-', ' ')].map((n) => normaliseForSearch(n ?? ''));
    const nameWords = haystacks.flatMap((h) => h.split(' '));
    if (!words.every((w) => nameWords.some((n) => n.startsWith(w)))) continue;
    const whole = haystacks.includes(words.join(' '));
    const first = haystacks.some((h) => h.startsWith(words[0] as string));
    scored.push({ c, score: (whole ? 4 : 0) + (first ? 2 : 0) + (c.childCount > 0 ? 1 : 0) });
  }
  scored.sort((a, b) => b.score - a.score);
  return { found: scored.slice(0, SEARCH_LIMIT).map((s) => s.c), more: scored.length > SEARCH_LIMIT };
}
