import { describe, expect, it } from 'vitest';
import { normaliseForSearch, searchTerms } from './text-folding.ts';

describe('normaliseForSearch', () => {
  it.each([
    // Arabic: hamza forms, taa marbuta, alef maqsura, diacritics, tatweel, article.
    ['تصحيح الإمضاء', 'تصحيح امضاء'],
    ['تصحيح الامضاء', 'تصحيح امضاء'],
    ['تَصْحِيحُ الإِمْضَاءِ', 'تصحيح امضاء'],
    ['تصحيـــح الإمضاء', 'تصحيح امضاء'],
    ['رخصة البناء', 'رخصه بناء'],
    ['رخصه البناء', 'رخصه بناء'],
    ['شهادة السكنى', 'شهاده سكني'],
    ['شهاده السكني', 'شهاده سكني'],
    ['آثار', 'اثار'],
    ['مسؤولية', 'مسووليه'],
    ['عقد الازدياد رقم ١٢٣', 'عقد ازدياد رقم 123'],
    ['إلى', 'الي'],
    // French: accents, case, ligatures, apostrophes and hyphens.
    ['Légalisation de signature', 'legalisation de signature'],
    ['LEGALISATION', 'legalisation'],
    ["Copie d'acte de naissance", 'copie d acte de naissance'],
    ['Œuvre sociale', 'oeuvre sociale'],
    ['Permis d’habiter', 'permis d habiter'],
    ['certificat de non-imposition', 'certificat de non imposition'],
    // Tifinagh passes through.
    ['ⴰⵙⵖⵏ ⵏ ⵓⵙⵙⴰⵖ', 'ⴰⵙⵖⵏ ⵏ ⵓⵙⵙⴰⵖ'],
  ])('%s → %s', (input, expected) => expect(normaliseForSearch(input)).toBe(expected));

  it('makes the spellings residents type meet the official one', () => {
    const official = normaliseForSearch('تصحيح الإمضاء');
    for (const typed of ['تصحيح الامضاء', 'تصحيح امضاء', 'تَصحيح الأمضاء']) expect(normaliseForSearch(typed)).toBe(official);
  });
});

describe('searchTerms', () => {
  it('splits, deduplicates and puts the longest words first', () => {
    expect(searchTerms('Acte de naissance, acte')).toEqual(['naissance', 'acte', 'de']);
    expect(searchTerms('   ')).toEqual([]);
  });
});
