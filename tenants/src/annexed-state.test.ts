import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANNEXED_FORMS, ANNEXING_PREPOSITIONS, annexedState } from './annexed-state.ts';
import { loadCatalogue } from './catalogue.ts';
import { loadContactDirectory } from './contact.ts';
import { loadDemoContent } from './demo-content.ts';
import { loadGlossary } from './glossary.ts';
import { loadManifests, loadPlatformManifest } from './manifest.ts';

const glossary = loadGlossary();
const STRINGS_DIR = new URL('../strings/zgh/', import.meta.url);

/** Every zgh UI string, with its file and key. */
function zghStrings(): { at: string; text: string }[] {
  const walk = (value: unknown, at: string): { at: string; text: string }[] =>
    typeof value === 'string' ? [{ at, text: value }] : Object.entries(value as object).flatMap(([k, v]) => walk(v, `${at}.${k}`));
  return readdirSync(STRINGS_DIR)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => walk(JSON.parse(readFileSync(new URL(name, STRINGS_DIR), 'utf8')), name.replace(/\.json$/, '')));
}

/** Every zgh text under `value` (the strings under a `zgh` key), with where it is. */
function zghTexts(value: unknown, at: string): { at: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => zghTexts(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'zgh' && typeof v === 'string' ? [{ at: `${at}.zgh`, text: v }] : zghTexts(v, `${at}.${k}`)));
  }
  return [];
}

/**
 * The places in `text` where a known noun stands in its free state right after a preposition. Only the
 * prepositions that cannot be read otherwise: ⴷ is also the copula and ⵙ, ⵉ are also parts of other words.
 */
function freeAfterPreposition(text: string): string[] {
  const prepositions = ['ⵏ', 'ⴳ', 'ⵖⵔ', 'ⵅⴼ', 'ⵙⴳ', 'ⴰⵔ'].join('|');
  const nouns = Object.keys(ANNEXED_FORMS).sort((a, b) => b.length - a.length).join('|');
  return [...text.matchAll(new RegExp(`(?<![\\p{L}])(?:${prepositions}) (?:${nouns})(?![\\p{L}])`, 'gu'))].map((m) => m[0]);
}

describe('annexed state of zgh nouns', () => {
  it('is written after a preposition in the catalogue and in the demo tenants\' data', () => {
    expect(freeAfterPreposition('ⴰⵙⵖⵏ ⵏ ⵜⴰⵎⵙⵏⴰⴹⵜ ⴷ ⵡⴰⵙⵉⵜ ⵏ ⴰⵏⴼⴰ')).toEqual(['ⵏ ⵜⴰⵎⵙⵏⴰⴹⵜ', 'ⵏ ⴰⵏⴼⴰ']);
    expect(freeAfterPreposition('ⴰⵙⵖⵏ ⵏ ⵜⵎⵙⵏⴰⴹⵜ ⵏ ⵓⵏⴼⴰ; ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ')).toEqual([]);
    const catalogue = loadCatalogue();
    const texts = [
      ...zghTexts(catalogue.categories, 'categories'),
      ...catalogue.services.flatMap((s) => zghTexts(s, s.code)),
      ...loadManifests().flatMap((t) => zghTexts(t, t.slug)),
      ...zghTexts(loadPlatformManifest(), 'platform'),
      ...loadDemoContent().flatMap((f) => zghTexts(f.items, f.tenant.join('/'))),
      ...zghTexts(loadContactDirectory(), 'contact'),
    ];
    expect(texts.length).toBeGreaterThan(250);
    expect(texts.flatMap(({ at, text }) => freeAfterPreposition(text).map((found) => `${at}: ${found}`))).toEqual([]);
  });

  it('knows exactly the annexed forms the glossary gives, for its terms and the demo place names', () => {
    const fromGlossary = Object.fromEntries([
      ...glossary.concepts.flatMap((c) => (c.annexed ? [[c.zgh, c.annexed] as const] : [])),
      ...glossary.names.map((n) => [n.zgh, n.annexed] as const),
    ]);
    expect(ANNEXED_FORMS).toEqual(fromGlossary);
    // The words every page uses are settled.
    for (const term of ['ⵜⴰⵎⵙⵏⴰⴹⵜ', 'ⴰⵎⵏⴰⴹ', 'ⴰⵙⵖⵏ', 'ⵜⴰⵏⴰⴼⵓⵜ', 'ⴰⵙⴷⵍⵉⵙ']) expect(ANNEXED_FORMS[term], term).toBeDefined();
  });

  it('turns a known noun into its annexed state and leaves any other alone', () => {
    expect(annexedState('ⵜⴰⵎⵙⵏⴰⴹⵜ')).toBe('ⵜⵎⵙⵏⴰⴹⵜ');
    expect(annexedState('ⵜⴰⴷⴷⴰⵔⵜ  ⵜⵓⵎⵍⵍⵉⵍⵜ')).toBe('ⵜⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ');
    // Names borrowed from Arabic, and Latin fallbacks, do not change.
    expect(annexedState('ⵍⵎⵄⴰⵔⵉⴼ')).toBe('ⵍⵎⵄⴰⵔⵉⴼ');
    expect(annexedState('Anfa')).toBe('Anfa');
  });

  it('has a decision for every demo tenant whose Amazigh name starts with a vowel that the annexed state changes', () => {
    // Masculine ⴰ-/ⵉ-/ⵓ- and feminine ⵜⴰ-/ⵜⵉ-/ⵜⵓ- nouns change; ⴱⵏ ⴳⵔⵉⵔ or ⵙⵉⴷⵉ ⵎⵓⵎⵏ do not.
    const names = loadManifests().map((t) => t.names.zgh).filter((name) => /^(ⵜ?[ⴰⵉⵓ])/u.test(name));
    expect(names.length).toBeGreaterThan(2);
    expect(names.filter((name) => !ANNEXED_FORMS[name])).toEqual([]);
  });

  it('is used by every zgh template that puts a tenant name after a preposition', () => {
    const prepositions = ANNEXING_PREPOSITIONS.join('|');
    const bare = new RegExp(`(?:^|[\\s(«])(?:${prepositions}) \\{\\{(name|tenant|commune)\\}\\}`, 'u');
    // A person's name (who wrote a reply) keeps its form: not a tenant's.
    const uses = zghStrings().filter(({ at }) => at !== 'complaints.console.by');
    expect(uses.filter(({ text }) => /\{\{(name|tenant), annexed\}\}/.test(text)).length).toBeGreaterThanOrEqual(10);
    expect(uses.filter(({ text }) => bare.test(text)).map(({ at, text }) => `${at}: ${text}`)).toEqual([]);
  });
});
