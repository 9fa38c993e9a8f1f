/**
 * CSV as spreadsheets expect it: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so that
 * Excel reads Arabic and Tifinagh as UTF-8 rather than the system code page.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * One field: quoted when it holds a quote, comma, semicolon or line break; a text starting with `= + - @`
 * (or tab/CR) gets a `'` so that a spreadsheet does not run it as a formula (CSV injection). A number is
 * written as it is: a negative one (Morocco's longitudes) is data, and its digits cannot call anything.
 *
 * @example csvField('a "b", c') // → '"a ""b"", c"'
 * @example csvField('=1+1') // → "'=1+1"
 * @example csvField(-5.37) // → '-5.37'
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
