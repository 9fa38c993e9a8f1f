import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from './catalogue.ts';
import { findGlossaryVariants, GlossaryError, loadGlossary, REQUIRED_CONCEPTS } from './glossary.ts';

const glossary = loadGlossary();
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Every zgh string inside a value (a `zgh` key's string or list, or anything inside a zgh-only file), with its path. */
function zghTexts(value: unknown, at: string, inZgh = false): { at: string; text: string }[] {
  if (typeof value === 'string') return inZgh ? [{ at, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => zghTexts(item, `${at}[${i}]`, inZgh));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => zghTexts(child, `${at}.${key}`, inZgh || key === 'zgh'));
}

/** The zgh UI strings, wherever they live now (web's locales, or tenants/strings after the move). */
function uiStringFiles(): string[] {
  const dirs = ['web/src/lib/i18n/locales/zgh', 'tenants/strings/zgh'].map((dir) => path.join(REPO, dir)).filter((dir) => existsSync(dir));
  return dirs.flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => path.join(dir, name)));
}

const describeUse = ({ at, text }: { at: string; text: string }) =>
  findGlossaryVariants(text, glossary).map((v) => `${at}: «${v.variant}» for ${v.concept}; the glossary says «${v.term}»`);

describe('Amazigh glossary', () => {
  it('settles every required concept, each with Arabic, French and a source', () => {
    expect(REQUIRED_CONCEPTS.filter((c) => !glossary.concepts.some((x) => x.concept === c))).toEqual([]);
    expect(glossary.status).toBe('draft');
  });

  it('is used by the catalogue: no zgh name, text or keyword uses a variant the glossary forbids', () => {
    const { categories, services } = loadCatalogue();
    const uses = [...categories.map((c) => zghTexts(c, `categories.${c.code}`)), ...services.map((s) => zghTexts(s, s.code))].flat();
    expect(uses.length).toBeGreaterThan(100);
    expect(uses.flatMap(describeUse)).toEqual([]);
  });

  it('is used by the zgh UI strings', () => {
    const files = uiStringFiles();
    expect(files.length).toBeGreaterThan(0);
    const uses = files.flatMap((file) => zghTexts(JSON.parse(readFileSync(file, 'utf8')), path.basename(file), true));
    expect(uses.flatMap(describeUse)).toEqual([]);
  });

  it('finds a forbidden variant as a whole word or word sequence, not inside another word', () => {
    const found = (text: string) => findGlossaryVariants(text, glossary).map((v) => v.variant);
    expect(found('ⴰⵙⵡⵉⵔ ⵏ ⵜⵎⵙⵎⵓⵏⵜ')).toEqual(['ⵜⵎⵙⵎⵓⵏⵜ', 'ⴰⵙⵡⵉⵔ']);
    expect(found('ⴰⵙⵖⵏ ⵏ ⵡⴰⴷⴷⴰⴷ ⴰⵏⴰⵎⵓⵏ.')).toEqual(['ⵡⴰⴷⴷⴰⴷ ⴰⵏⴰⵎⵓⵏ']);
    // ⴰⵏⴰⵎⵓⵏ alone is "social", and ⵉⵜⵜⵓⵙⵡⵉⵔⵏ merely contains ⵙⵡⵉⵔ: neither is a variant.
    expect(found('ⵜⵉⵡⵉⵙⵉ ⵜⴰⵏⴰⵎⵓⵏⵜ ⴷ ⵓⵎⴰⵜⴰ ⴰⵏⴰⵎⵓⵏ ⵉⵜⵜⵓⵙⵡⵉⵔⵏ')).toEqual([]);
  });
});

describe('loadGlossary rejects a glossary that contradicts itself', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const write = (content: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jamaa-glossary-'));
    dirs.push(dir);
    const file = path.join(dir, 'glossary.yaml');
    writeFileSync(file, content);
    return file;
  };
  const original = readFileSync(fileURLToPath(new URL('../glossary.yaml', import.meta.url)), 'utf8');

  it('refuses a variant forbidden for one concept that is the term of another', () => {
    const file = write(original.replace('forbidden: [ⵜⴰⵡⵔⵉⵇⵜ, ⵜⵉⵡⵔⵉⵇⵉⵏ]', 'forbidden: [ⴰⵙⵖⵏ]'));
    expect(() => loadGlossary(file)).toThrow(/'ⴰⵙⵖⵏ' is forbidden for 'document' but is the term of 'office'/);
  });

  it('refuses a glossary without one of the required concepts', () => {
    const file = write(original.replace('concept: council', 'concept: assembly'));
    expect(() => loadGlossary(file)).toThrow(GlossaryError);
    expect(() => loadGlossary(file)).toThrow(/missing council/);
  });

  it('refuses a term not written in IRCAM Tifinagh', () => {
    const file = write(original.replace('zgh: ⴰⵙⵖⵏ', 'zgh: asɣn'));
    expect(() => loadGlossary(file)).toThrow(/concepts\[\d+\]\.zgh: must be written in Tifinagh/);
  });
});
