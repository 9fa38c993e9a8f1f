// Characters XML 1.0 does not allow at all (controls other than tab, newline and carriage return, lone
// surrogates, U+FFFE/U+FFFF): dropped rather than sent as an invalid document.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text for an XML element or attribute (Atom/RSS feeds, Open311's XML, drawn SVG icons): markup characters
 * escaped, characters XML forbids dropped.
 *
 * @example escapeXml('Tom & <Jerry>') // → 'Tom &amp; &lt;Jerry&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}
