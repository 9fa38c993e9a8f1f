import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from './catalogue.ts';
import { fixFrenchTypography, frenchTypographyFaults, NNBSP } from './french-typography.ts';

const STRINGS_FR = fileURLToPath(new URL('../strings/fr/', import.meta.url));

function leaves(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path && !path.endsWith(':') ? `${path}.${k}` : `${path}${k}`));
  return [];
}

/** Every French text of the catalogue: the values under an `fr` key, anywhere in a card or a category. */
function frenchOf(value: unknown, path: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => frenchOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'fr' ? leaves(v, `${path}.fr`) : frenchOf(v, `${path}.${k}`)));
  }
  return [];
}

const faultsIn = (texts: [string, string][]) => texts.flatMap(([where, text]) => frenchTypographyFaults(text).map((f) => `${where}: ${f.reason} in “${f.at}”`));

describe('French typography', () => {
  it('refuses a plain space or no space before ; : ? ! and inside guillemets, and accepts the narrow no-break space', () => {
    expect(frenchTypographyFaults('Coût : variable')).toHaveLength(1);
    expect(frenchTypographyFaults('dossier de demande; le service')).toHaveLength(1);
    expect(frenchTypographyFaults('Pourquoi ?')).toHaveLength(1);
    expect(frenchTypographyFaults('« Pratique courante »')).toHaveLength(2);
    expect(frenchTypographyFaults(`Coût${NNBSP}: variable${NNBSP}; «${NNBSP}voir${NNBSP}»${NNBSP}!`)).toEqual([]);
    // Not prose: URLs, times, placeholders.
    expect(frenchTypographyFaults('Ouvert de 08:30 à 16:30 sur https://www.watiqa.ma/?a=1 pour {{name}}')).toEqual([]);
  });

  it('fixes the spacing without touching URLs, times or placeholders', () => {
    expect(fixFrenchTypography('Coût : variable; voir «tarif» à 08:30 sur https://x.ma/?q=1')).toBe(
      `Coût${NNBSP}: variable${NNBSP}; voir «${NNBSP}tarif${NNBSP}» à 08:30 sur https://x.ma/?q=1`,
    );
  });

  it('is followed by every French UI string', () => {
    const texts = readdirSync(STRINGS_FR)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => leaves(JSON.parse(readFileSync(`${STRINGS_FR}${f}`, 'utf8')), f.replace(/\.json$/, ':')));
    expect(texts.length).toBeGreaterThan(100);
    expect(faultsIn(texts)).toEqual([]);
  });

  it('is followed by every French text of the national catalogue', () => {
    const catalogue = loadCatalogue();
    const texts = [...frenchOf(catalogue.categories, 'categories'), ...catalogue.services.flatMap((s) => frenchOf(s, s.code))];
    expect(texts.length).toBeGreaterThan(500);
    expect(faultsIn(texts)).toEqual([]);
  });
});
