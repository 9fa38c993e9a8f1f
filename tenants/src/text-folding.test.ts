import { describe, expect, it } from 'vitest';
import { buildVocabulary, editDistance, normaliseForSearch, phraseColumn, planQuery, searchTerms, STOP_WORDS, withoutTerm } from './text-folding.ts';

describe('normaliseForSearch', () => {
  it.each([
    // Arabic: hamza forms, the lone hamza, taa marbuta, alef maqsura, diacritics, tatweel, article.
    ['تصحيح الإمضاء', 'تصحيح امضا'],
    ['تصحيح الامضا', 'تصحيح امضا'],
    ['تَصْحِيحُ الإِمْضَاءِ', 'تصحيح امضا'],
    ['تصحيـــح الإمضاء', 'تصحيح امضا'],
    ['رخصة البناء', 'رخصه بنا'],
    ['رخصه البنا', 'رخصه بنا'],
    ['شهادة السكنى', 'شهاده سكني'],
    ['شهاده السكني', 'شهاده سكني'],
    ['آثار', 'اثار'],
    ['مسؤولية', 'مسووليه'],
    ['عقد الازدياد رقم ١٢٣', 'عقد ازدياد رقم 123'],
    ['إلى', 'الي'],
    // The article with the preposition stuck to it; short words keep theirs.
    ['التصريح بالولادة', 'تصريح ولاده'],
    ['للحالة المدنية', 'حاله مدنيه'],
    ['بالغ', 'بالغ'],
    // Moroccan and Persian letters.
    ['لاليگاليزاسيون', 'لاليكاليزاسيون'],
    ['ڭاز', 'كاز'],
    // French: accents, case, ligatures, apostrophes and hyphens.
    ['Légalisation de signature', 'legalisation de signature'],
    ['LEGALISATION', 'legalisation'],
    ["Copie d'acte de naissance", 'copie d acte de naissance'],
    ['Œuvre sociale', 'oeuvre sociale'],
    ['Permis d’habiter', 'permis d habiter'],
    ['certificat de non-imposition', 'certificat de non imposition'],
    // Darija in Latin letters: digits standing for letters, numbers left alone.
    ["tasdi9 l'imda2", 'tasdiq l imda'],
    ['l3a9d dyal lizdiyad', 'laaqd dyal lizdiyad'],
    ['nos5a', 'noskha'],
    ['3737', '3737'],
    // Tifinagh: free and annexed states meet; the schwa goes.
    ['ⵜⴰⵎⵙⵏⴰⴹⵜ', 'ⵜⵎⵙⵏⴰⴹⵜ'],
    ['ⵜⵎⵙⵏⴰⴹⵜ', 'ⵜⵎⵙⵏⴰⴹⵜ'],
    ['ⴰⵣⵎⵓⵍ ⵓⵣⵎⵓⵍ', 'ⵣⵎⵓⵍ ⵣⵎⵓⵍ'],
    ['ⴰⴷⴷⴰⴷ ⵡⴰⴷⴷⴰⴷ', 'ⴷⴷⴰⴷ ⴷⴷⴰⴷ'],
    ['ⵉⵙⵎ ⵢⵉⵙⵎ', 'ⵙⵎ ⵙⵎ'],
    ['ⴰⵣⵎⵎⴻⵎ', 'ⵣⵎⵎⵎ'],
    ['ⴰⵙⵖⵏ ⵏ ⵓⵙⵙⴰⵖ', 'ⵙⵖⵏ ⵏ ⵙⵙⴰⵖ'],
  ])('%s → %s', (input, expected) => expect(normaliseForSearch(input)).toBe(expected));

  it('makes the spellings residents type meet the official one', () => {
    const official = normaliseForSearch('تصحيح الإمضاء');
    for (const typed of ['تصحيح الامضاء', 'تصحيح امضاء', 'تَصحيح الأمضاء', 'تصحيح الإمضا']) expect(normaliseForSearch(typed)).toBe(official);
  });
});

describe('searchTerms', () => {
  it('splits, drops stop words and duplicates, and puts the longest words first', () => {
    expect(searchTerms('Acte de naissance, acte')).toEqual(['naissance', 'acte']);
    expect(searchTerms('بغيت نصاوب البطاقة الوطنية')).toEqual(['بطاقه', 'وطنيه']);
    expect(searchTerms('ⵜⴰⴱⵔⴰⵜ ⵖⵔ ⵜⴰⵎⵙⵏⴰⴹⵜ')).toEqual(['ⵜⵎⵙⵏⴰⴹⵜ', 'ⵜⴱⵔⴰⵜ']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('keeps its stop words in their normalised form', () => {
    for (const word of STOP_WORDS) expect(normaliseForSearch(word), word).toBe(word);
  });
});

describe('editDistance', () => {
  it.each([
    ['residance', 'residence', 1],
    ['naisance', 'naissance', 1],
    ['legalisaton', 'legalisation', 1],
    ['acte', 'atce', 1],
    // Arabic: a letter left out, or one with other dots, is one slip; another shape is two.
    ['اقمه', 'اقامه', 1],
    ['هذم', 'هدم', 1],
    ['سياقه', 'سياره', 2],
  ])('%s ↔ %s = %i', (a, b, distance) => expect(editDistance(a, b)).toBe(distance));

  it('gives up early past the allowed distance', () => {
    expect(editDistance('certificat', 'zzzzzzzzzz', 2)).toBe(3);
  });
});

describe('planQuery', () => {
  const vocabulary = buildVocabulary(['شهادة الإقامة', 'Certificat de résidence', 'ⵜⴰⴹⵕⵉⴱⵜ ⵏ ⵜⵣⴷⵖⴰ', 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵜⵏⵖⵍⵉⵏ', 'Légalisation de signature']);

  it('keeps a word that is indexed, or part of one (a word typed halfway)', () => {
    expect(planQuery('certificat de résidence', vocabulary).terms.map((t) => t.alternatives.map((a) => [a.word, a.exact]))).toEqual([
      [['certificat', true]],
      [['residence', true]],
    ]);
    expect(planQuery('legalis', vocabulary).terms[0]?.alternatives[0]).toMatchObject({ word: 'legalis', exact: true });
  });

  it('replaces a word one letter off by the indexed words close to it, and corrects the phrase', () => {
    const plan = planQuery('شهادة الاقمة', vocabulary);
    expect(plan.terms.find((t) => t.term === 'اقمه')?.alternatives).toMatchObject([{ word: 'اقامه', exact: false }]);
    expect(plan.correctedPhrase).toBe('شهاده اقامه');
    expect(plan.unknown).toEqual([]);
  });

  it('reports a word nothing indexed is close to', () => {
    expect(planQuery('certificat zzzzqqqq', vocabulary).unknown).toEqual(['zzzzqqqq']);
    // Short words are not corrected: too many words are one letter away from them.
    expect(planQuery('rxs', vocabulary).unknown).toEqual(['rxs']);
  });

  it('lets the Amazigh feminine plural find the singular, as a weaker alternative', () => {
    const plan = planQuery('ⵜⵉⴹⵕⵉⴱⵉⵏ', buildVocabulary(['ⵜⴰⴹⵕⵉⴱⵜ ⵏ ⵜⵣⴷⵖⴰ', 'ⵜⵉⴹⵕⵉⴱⵉⵏ ⵜⵉⴷⵖⴰⵔⴰⵏⵉⵏ']));
    expect(plan.terms[0]?.alternatives.map((a) => [a.word, a.exact])).toEqual([
      ['ⵜⴹⵕⵉⴱⵉⵏ', true],
      ['ⵜⴹⵕⵉⴱⵜ', false],
    ]);
  });

  it('weighs a word few cards share above one every card has', () => {
    const cards = buildVocabulary(['commune naissance', 'commune deces', 'commune mariage', 'commune signature']);
    const plan = planQuery('commune signature', cards);
    const weight = (term: string) => plan.terms.find((t) => t.term === term)?.alternatives[0]?.weight ?? 0;
    expect(weight('signature')).toBeGreaterThan(weight('commune'));
    expect(withoutTerm(plan, 'commune').terms.map((t) => t.term)).toEqual(['signature']);
  });
});

describe('phraseColumn', () => {
  it('frames every name and keyword so that whole names and whole words can be told apart', () => {
    expect(phraseColumn(['Légalisation de signature', 'tasdi9', '  '])).toBe('| legalisation de signature | tasdiq |');
  });
});
