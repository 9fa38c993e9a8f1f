/**
 * French typography as the Imprimerie nationale writes it, and as Moroccan administrative French follows: a
 * narrow no-break space (U+202F) before « ; : ? ! » and inside « guillemets ». A plain space there lets the
 * mark wrap alone onto the next line; no space at all is English typography. The apostrophe is the
 * typographic one (’), never the typewriter's (').
 */
export const NNBSP = '\u202f';

/** What is not prose: URLs, e-mail addresses, i18next placeholders and nesting, times (08:30), ratios (4.5:1), JSON code samples. */
const NOT_PROSE = /https?:\/\/\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\{\{[^}]*\}\}|\$t\([^)]*\)|\d:\d|\{"[^}]*\}/g;

export interface TypographyFault {
  /** Where in the text, with a few characters around it. */
  at: string;
  reason: string;
}

/** The places where `text` breaks the rule, empty when it follows it. */
export function frenchTypographyFaults(text: string): TypographyFault[] {
  const prose = text.replace(NOT_PROSE, (m) => 'x'.repeat(m.length));
  const faults: TypographyFault[] = [];
  const around = (i: number) => text.slice(Math.max(0, i - 12), i + 4);
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i];
    const before = prose[i - 1];
    if (c === ';' || c === ':' || c === '?' || c === '!') {
      // A run of marks (« ?! », « ... ») takes one space, before the first.
      if (before === ';' || before === ':' || before === '?' || before === '!') continue;
      if (i === 0) continue;
      if (before !== NNBSP && before !== '\u00a0') faults.push({ at: around(i), reason: `no narrow no-break space before « ${c} »` });
    } else if (c === '«' && i + 1 < prose.length && prose[i + 1] !== NNBSP && prose[i + 1] !== '\u00a0') {
      faults.push({ at: around(i), reason: 'no narrow no-break space after « « »' });
    } else if (c === '»' && before !== NNBSP && before !== '\u00a0') {
      faults.push({ at: around(i), reason: 'no narrow no-break space before « » »' });
    } else if (c === "'") {
      faults.push({ at: around(i), reason: 'straight apostrophe (write ’)' });
    }
  }
  return faults;
}

/**
 * `text` with its typography fixed: a plain space (or none) before « ; : ? ! » and inside guillemets becomes a
 * narrow no-break space, a straight apostrophe becomes ’; URLs, placeholders and times are left alone.
 *
 * @example fixFrenchTypography("Coût : variable; voir «tarif» d'abord") // → 'Coût\u202f: variable\u202f; voir «\u202ftarif\u202f» d’abord'
 */
export function fixFrenchTypography(text: string): string {
  const kept: string[] = [];
  const masked = text.replace(NOT_PROSE, (m) => {
    kept.push(m);
    return `\u0000${kept.length - 1}\u0000`;
  });
  const fixed = masked
    .replace(/(?<=\S)[ \u00a0]?([;:?!]+)/gu, `${NNBSP}$1`)
    .replace(/^[ \u00a0]?(?=[;:?!])/u, '')
    .replace(/«[ \u00a0]?/g, `«${NNBSP}`)
    .replace(/[ \u00a0]?»/g, `${NNBSP}»`)
    .replaceAll("'", '’');
  return fixed.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)] ?? '');
}
