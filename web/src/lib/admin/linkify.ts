// Plain text with its web addresses made clickable, without ever handing the text to {@html}: the text
// is cut into pieces that the page renders as text or as <a>, so Svelte escapes every character.

export interface TextPiece {
  text: string;
  /** Set when the piece is a web address. */
  href?: string;
}

const URL = /\bhttps?:\/\/[^\s<>"']+/g;
/** Punctuation that ends a sentence rather than the address (« voir https://x.ma/a. »). */
const TRAILING = /[.,;:!?)\]»]+$/;

/**
 * Splits text on http(s) addresses.
 *
 * @example splitLinks('Lien : https://a.ma/x.') // → [{ text: 'Lien : ' }, { text: 'https://a.ma/x', href: 'https://a.ma/x' }, { text: '.' }]
 */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    pieces.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
