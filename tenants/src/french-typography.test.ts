import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from './calendar.ts';
import { loadCatalogue } from './catalogue.ts';
import { loadContactDirectory } from './contact.ts';
import { loadDemoContent } from './demo-content.ts';
import { fixFrenchTypography, frenchTypographyFaults, NNBSP } from './french-typography.ts';
import { loadManifests, loadPlatformManifest } from './manifest.ts';

const STRINGS_FR = fileURLToPath(new URL('../strings/fr/', import.meta.url));

function leaves(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path && !path.endsWith(':') ? `${path}.${k}` : `${path}${k}`));
  return [];
}

/**
 * Every French text residents read: the values under an `fr` key, anywhere in a card, a category or a tenant's
 * data; not search keywords (written as people type them) nor sources.
 */
function frenchOf(value: unknown, path: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => frenchOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'keywords' || k === 'sources' ? [] : k === 'fr' ? leaves(v, `${path}.fr`) : frenchOf(v, `${path}.${k}`),
    );
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

  it('refuses the typewriter apostrophe and accepts the typographic one', () => {
    expect(frenchTypographyFaults("Extrait d'acte de l'état civil").map((f) => f.reason)).toEqual(['straight apostrophe (write ’)', 'straight apostrophe (write ’)']);
    expect(frenchTypographyFaults('Extrait d’acte de l’état civil')).toEqual([]);
    expect(frenchTypographyFaults("https://example.ma/?q=l'acte")).toEqual([]);
  });

  it('fixes the spacing and the apostrophes without touching URLs, times or placeholders', () => {
    expect(fixFrenchTypography("Coût : variable; voir «tarif» d'abord à 08:30 sur https://x.ma/?q=l'a")).toBe(
      `Coût${NNBSP}: variable${NNBSP}; voir «${NNBSP}tarif${NNBSP}» d’abord à 08:30 sur https://x.ma/?q=l'a`,
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

  it('is followed by every French text residents read from the demo tenants, their content, the contact directory, the holiday calendar and the platform', () => {
    const texts = [
      ...loadManifests().flatMap((t) => frenchOf(t, t.slug)),
      ...frenchOf(loadPlatformManifest(), 'platform'),
      ...loadDemoContent().flatMap((f) => frenchOf(f.items, f.tenant.join('/'))),
      ...frenchOf(loadContactDirectory(), 'contact'),
      ...frenchOf(loadHolidayCalendar(), 'calendar'),
    ];
    expect(texts.length).toBeGreaterThan(300);
    expect(faultsIn(texts)).toEqual([]);
  });
});
