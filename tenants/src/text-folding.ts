/**
 * Search normalisation, applied once when text is written (to the `*_search` columns) and to every
 * query, so that residents find a service however they spell it.
 *
 * Arabic: hamza-carrying alefs (أ إ آ ٱ) → ا, ة → ه, ى → ي, ؤ → و, ئ → ي, the lone hamza ء dropped (البناء and
 * البنا meet); diacritics (tashkeel), the superscript alef and tatweel removed; Moroccan and Persian letters
 * (ڭ گ ݣ ک → ك, ڤ → ف, پ → ب, ی → ي); Arabic-Indic digits → 0-9; the article ال dropped from longer words, with
 * the prepositions that stick to it (بال، وال، فال، كال، لل), so `الامضاء`, `بالإمضاء` and `إمضاء` meet.
 * Latin: accents removed, lower case, œ/æ unfolded, apostrophes and hyphens split words; in Darija written in
 * Latin letters ("arabizi") the digits that stand for letters become letters (3 → a, 7 → h, 9 → q, 5 → kh,
 * 8 → gh, 2 dropped) when a word mixes letters and digits, so `tasdi9` meets `tasdiq`; numbers stay numbers.
 * Tifinagh: the schwa ⴻ dropped and the first vowel of a noun folded, so that the free and the annexed state
 * meet (ⵜⴰⵎⵙⵏⴰⴹⵜ/ⵜⵎⵙⵏⴰⴹⵜ, ⴰⵣⵎⵓⵍ/ⵓⵣⵎⵓⵍ, ⴰⴷⴷⴰⴷ/ⵡⴰⴷⴷⴰⴷ, ⵉⵙⵎ/ⵢⵉⵙⵎ). (The regular feminine plural and its
 * singular, ⵜⵉⴹⵕⵉⴱⵉⵏ/ⵜⴰⴹⵕⵉⴱⵜ, meet in `planQuery`, as a weaker alternative.)
 *
 * @example normaliseForSearch('تصحيح الإمضاء') // → 'تصحيح امضا'
 * @example normaliseForSearch('Légalisation de signature') // → 'legalisation de signature'
 * @example normaliseForSearch('ⵜⴰⴱⵔⴰⵜ ⵖⵔ ⵜⴰⵎⵙⵏⴰⴹⵜ') // → 'ⵜⴱⵔⴰⵜ ⵖⵔ ⵜⵎⵙⵏⴰⴹⵜ'
 */
export function normaliseForSearch(text: string): string {
  return wordsOf(text).join(' ');
}

function wordsOf(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    // Arabic diacritics, Quranic marks, superscript alef, tatweel.
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0649\u06CC]/g, '\u064A')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u064A')
    .replace(/\u0621/g, '')
    .replace(/[\u06A9\u06AD\u06AF\u0763]/g, '\u0643')
    .replace(/\u06A4/g, '\u0641')
    .replace(/\u067E/g, '\u0628')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036F]/g, '')
    .normalize('NFC')
    // Tifinagh schwa: IRCAM spelling rarely writes it, residents sometimes do.
    .replace(/\u2D3B/g, '');
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => foldTifinaghState(foldArabizi(stripArabicArticle(word))))
    .filter(Boolean);
}

function stripArabicArticle(word: string): string {
  // Only where what remains is still a word (الى, بالغ and لله stay).
  const withPreposition = /^[\u0648\u0641\u0628\u0643]\u0627\u0644/.test(word) ? 3 : /^\u0644\u0644/.test(word) ? 2 : 0;
  if (withPreposition > 0 && word.length - withPreposition >= 3) return word.slice(withPreposition);
  return word.length > 4 && word.startsWith('\u0627\u0644') ? word.slice(2) : word;
}

const ARABIZI_DIGITS: Record<string, string> = { '2': '', '3': 'a', '5': 'kh', '7': 'h', '8': 'gh', '9': 'q' };

function foldArabizi(word: string): string {
  if (!/[a-z]/.test(word) || !/[0-9]/.test(word)) return word;
  return word.replace(/[235789]/g, (d) => ARABIZI_DIGITS[d] ?? d);
}

/**
 * Nouns in the annexed state change their first vowel (ⴰ → ⵓ/ⵡⴰ, ⵉ → ⵢⵉ, ⵜⴰ → ⵜ): dropping it makes both
 * states one search word. Short words (ⵏ, ⵖⵔ, ⴰⴷ) are left alone.
 */
function foldTifinaghState(word: string): string {
  if (!/^[\u2D30-\u2D7F]/.test(word)) return word;
  let folded = word;
  if (word.length >= 4 && /^\u2D5C[\u2D30\u2D49\u2D53]/.test(word)) folded = `\u2D5C${word.slice(2)}`;
  else if (word.length >= 4 && /^(?:\u2D61\u2D30|\u2D62\u2D49)/.test(word)) folded = word.slice(2);
  else if (word.length >= 3 && /^[\u2D30\u2D49\u2D53]/.test(word)) folded = word.slice(1);
  return folded;
}

/**
 * Words that say nothing about the service asked for, after normalisation: Arabic and Darija (ديال, بغيت,
 * فين, كيفاش, نصاوب…), French (de, pour, comment…), Darija in Latin letters, and Amazigh prepositions. They
 * are not required to match, but stay in the phrase compared with names and keywords.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // Arabic and Darija
    'في', 'من', 'علي', 'عن', 'الي', 'و', 'او', 'مع', 'ب', 'ل', 'ديال', 'ديالي', 'ديالك', 'ديالنا', 'د', 'بغيت', 'بغينا', 'نبغي', 'اريد',
    'كيفاش', 'كيف', 'فين', 'اين', 'شنو', 'اشنو', 'واش', 'هل', 'ما', 'ماهي', 'هي', 'هو', 'نصاوب', 'نخرج', 'نجيب', 'نقاد', 'ندير', 'عافاك',
    'لي', 'اللي', 'باش', 'حتي', 'شي',
    // French
    'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'un', 'une', 'pour', 'et', 'ou', 'a', 'au', 'aux', 'en', 'mon', 'ma', 'mes', 'je', 'j',
    'veux', 'voudrais', 'comment', 'obtenir', 'faire', 'avoir', 'sur', 'par', 'ce', 'cette', 'est', 'que', 'qui', 'quoi', 'mais',
    // Darija in Latin letters
    'dyal', 'dial', 'dyali', 'bghit', 'kifach', 'kifash', 'fin', 'wach', 'chno', 'li',
    // Amazigh (folded forms)
    'ⵏ', 'ⴷ', 'ⴳ', 'ⵙ', 'ⵖⵔ', 'ⵖⴼ', 'ⵉ', 'ⵏⵖ', 'ⴰⴷ',
  ].map((word) => wordsOf(word)[0] ?? word),
);

/** The words of a query after normalisation, without stop words or duplicates, longest first (they discriminate most). */
export function searchTerms(query: string): string[] {
  return [...new Set(wordsOf(query).filter((word) => !STOP_WORDS.has(word)))].sort((a, b) => b.length - a.length);
}

// ---------------------------------------------------------------------------------------------------------
// Tolerating typos: a query word that no indexed word contains is replaced by the indexed words one or two
// letters away (a thumb on a phone, a letter left out: «الاقمة» for «الإقامة», «naisance», «residance»).

/** The distinct normalised words of the searchable cards, to correct query words against and weigh them. */
export interface SearchVocabulary {
  readonly words: readonly string[];
  /** Every word, space-separated: a query word "is known" when it appears inside one. */
  readonly text: string;
  /** How many cards contain each word (as a whole word or inside one, the way the search matches). */
  documentFrequency(word: string): number;
  readonly documents: number;
}

/** `documents`: the searchable text of each card (names, keywords, summary…), one string per card. */
export function buildVocabulary(documents: Iterable<string>): SearchVocabulary {
  const cards = [...documents].map((text) => ` ${wordsOf(text).join(' ')} `);
  const words = new Set<string>();
  for (const card of cards) for (const word of card.split(' ')) if (word) words.add(word);
  const sorted = [...words].sort();
  const counts = new Map<string, number>();
  return {
    words: sorted,
    text: ` ${sorted.join(' ')} `,
    documents: cards.length,
    documentFrequency(word) {
      let count = counts.get(word);
      if (count === undefined) {
        count = cards.filter((card) => card.includes(word)).length;
        counts.set(word, count);
      }
      return count;
    },
  };
}

/**
 * One query word and the indexed words that may stand for it: itself (`exact`), or its near spellings and
 * related forms. `weight` is higher for words few cards share (a rare word says more about what is asked).
 */
export interface TermGroup {
  term: string;
  alternatives: { word: string; exact: boolean; weight: number }[];
}

export interface QueryPlan {
  /** The whole query, normalised, stop words included: compared with whole names and keywords. */
  phrase: string;
  /** The phrase with each corrected word replaced by its closest indexed word. */
  correctedPhrase: string;
  /** Every group must match (any of its alternatives). */
  terms: TermGroup[];
  /** Query words that nothing indexed is close to: the query cannot match. */
  unknown: string[];
}

const MAX_ALTERNATIVES = 6;

/** How many letters a word may be off: none for short words, one, two from eight letters (three for Arabic roots). */
function allowedDistance(word: string): number {
  const arabic = /[\u0600-\u06FF]/.test(word);
  if (word.length >= 8) return 2;
  if (word.length >= 4 || (arabic && word.length === 3)) return 1;
  return 0;
}

/**
 * What the search looks for: the phrase, and for each meaningful query word either itself (when some
 * indexed word contains it, which also covers a word typed halfway) or its near spellings.
 *
 * @example planQuery('شهادة الاقمة', buildVocabulary(['شهادة الإقامة'])).terms
 *   // → [{ term: 'اقمه', alternatives: [{ word: 'اقامه', exact: false }] }, { term: 'شهاده', alternatives: [{ word: 'شهاده', exact: true }] }]
 */
export function planQuery(query: string, vocabulary: SearchVocabulary): QueryPlan {
  const words = wordsOf(query);
  const corrections = new Map<string, string>();
  const terms: TermGroup[] = [];
  const unknown: string[] = [];
  // 0.5 for a word on every card, 1.5 for a word on one.
  const weight = (word: string) => {
    const n = Math.max(vocabulary.documents, 2);
    const df = Math.min(Math.max(vocabulary.documentFrequency(word), 1), n);
    return 0.5 + Math.log(n / df) / Math.log(n);
  };
  for (const term of searchTerms(query)) {
    if (vocabulary.text.includes(term)) {
      const related = relatedForms(term).filter((form) => vocabulary.text.includes(` ${form} `));
      terms.push({
        term,
        alternatives: [{ word: term, exact: true, weight: weight(term) }, ...related.map((word) => ({ word, exact: false, weight: weight(word) }))],
      });
      continue;
    }
    const max = allowedDistance(term);
    const near = max === 0 ? [] : nearWords(term, vocabulary.words, max);
    if (near.length === 0) {
      unknown.push(term);
      continue;
    }
    corrections.set(term, near[0] ?? term);
    terms.push({ term, alternatives: near.map((word) => ({ word, exact: false, weight: weight(word) })) });
  }
  return {
    phrase: words.join(' '),
    correctedPhrase: words.map((word) => corrections.get(word) ?? word).join(' '),
    terms,
    unknown,
  };
}

/** Other forms of a word that should find it: the regular Amazigh feminine plural ⵜ…ⵉⵏ and its singular ⵜ…ⵜ (folded). */
function relatedForms(word: string): string[] {
  if (!word.startsWith('\u2D5C') || word.length < 4) return [];
  if (word.endsWith('\u2D49\u2D4F')) return [`${word.slice(0, -2)}\u2D5C`];
  if (word.endsWith('\u2D5C')) return [`${word.slice(0, -1)}\u2D49\u2D4F`];
  return [];
}

/** A plan without one of its term groups: what to search for when no card has every word. */
export function withoutTerm(plan: QueryPlan, term: string): QueryPlan {
  return { ...plan, terms: plan.terms.filter((group) => group.term !== term) };
}

function nearWords(term: string, words: readonly string[], max: number): string[] {
  const found: { word: string; distance: number }[] = [];
  for (const word of words) {
    if (Math.abs(word.length - term.length) > max) continue;
    const distance = editDistance(term, word, max);
    if (distance <= max) found.push({ word, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word))
    .slice(0, MAX_ALTERNATIVES)
    .map((f) => f.word);
}

/**
 * Arabic letters that differ only by their dots: a one-letter slip in Arabic is mostly a dot (ذ for د, ق for
 * ف) or a letter left out, rarely another shape. Swapping letters of two different shapes costs two.
 */
const ARABIC_SHAPES = ['بتثنيئ', 'جحخ', 'دذ', 'رز', 'سش', 'صض', 'طظ', 'عغ', 'فق', 'هة', 'كگڭ'];
const ARABIC_SHAPE_OF = new Map([...ARABIC_SHAPES.entries()].flatMap(([i, letters]) => [...letters].map((letter) => [letter, i] as const)));

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  const arabic = /[\u0600-\u06FF]/;
  if (arabic.test(a) && arabic.test(b)) {
    const shape = ARABIC_SHAPE_OF.get(a);
    return shape !== undefined && shape === ARABIC_SHAPE_OF.get(b) ? 1 : 2;
  }
  return 1;
}

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions; an Arabic letter swapped for one
 * of another shape costs two), stopping early once every path exceeds `max` (then any value above `max` is
 * returned).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = substitutionCost(a[i - 1] ?? '', b[j - 1] ?? '');
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * The name column of a card: each name and keyword normalised and framed by ` | `, so that SQL can tell a
 * whole name (`| phrase |`), the start of one (`| phrase `) and a whole word (` word `) apart.
 *
 * @example phraseColumn(['Légalisation de signature', 'tasdi9']) // → '| legalisation de signature | tasdiq |'
 */
export function phraseColumn(phrases: Iterable<string>): string {
  const normalised = [...phrases].map(normaliseForSearch).filter(Boolean);
  return `| ${normalised.join(' | ')} |`;
}
