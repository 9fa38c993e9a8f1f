/**
 * Search normalisation, applied once when text is written (to the `*_search` columns) and to every
 * query, so that residents find a service however they spell it.
 *
 * Arabic: hamza-carrying alefs (أ إ آ ٱ) → ا, ة → ه, ى → ي, ؤ → و, ئ → ي; diacritics (tashkeel), the
 * superscript alef and tatweel removed; Arabic-Indic digits → 0-9; the article ال dropped from longer
 * words, so `الامضاء` and `إمضاء` meet. French/Latin: accents removed, lower case, œ/æ unfolded,
 * apostrophes and hyphens split words. Tifinagh: unchanged but for Unicode normalisation.
 *
 * @example normaliseForSearch('تصحيح الإمضاء') // → 'تصحيح امضاء'
 * @example normaliseForSearch('Légalisation de signature') // → 'legalisation de signature'
 */
export function normaliseForSearch(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    // Arabic diacritics, Quranic marks, superscript alef, tatweel.
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u064A')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036F]/g, '')
    .normalize('NFC');
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(stripArabicArticle)
    .join(' ');
}

function stripArabicArticle(word: string): string {
  // Only on words long enough that what remains is still a word (الى stays).
  return word.length > 4 && word.startsWith('\u0627\u0644') ? word.slice(2) : word;
}

/** The words of a query after normalisation, without duplicates, longest first (they discriminate most). */
export function searchTerms(query: string): string[] {
  return [...new Set(normaliseForSearch(query).split(' ').filter(Boolean))].sort((a, b) => b.length - a.length);
}
