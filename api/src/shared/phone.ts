/**
 * Moroccan mobile numbers, as a resident gives them at the counter or on the phone: `06 12 34 56 78`,
 * `0712345678`, `+212 6 12 34 56 78`, `00212612345678`, `+212 (0)6…`, with spaces, dots, dashes or
 * brackets between digits. A mobile is 06 or 07 and eight digits (ANRT's national numbering plan); a
 * landline (05…) or a foreign number is not one, and cannot receive the SMS.
 */

const SEPARATORS = /[\s.\-()\u00a0\u202f]/g;
const MOBILE = /^(?:\+212|00212|212)?0?([67]\d{8})$/;

/**
 * The number in E.164 (`+212612345678`), or null when it is not a Moroccan mobile.
 *
 * @example moroccanMobile('06 12 34 56 78') // → '+212612345678'
 * @example moroccanMobile('0522 12 34 56') // → null (a landline)
 */
export function moroccanMobile(raw: string): string | null {
  const compact = raw.trim().replace(SEPARATORS, '');
  // Without a country code the leading 0 is required: `612345678` alone is ambiguous.
  if (!/^(?:\+|00|212)/.test(compact) && !compact.startsWith('0')) return null;
  const match = MOBILE.exec(compact);
  return match ? `+212${match[1]}` : null;
}
