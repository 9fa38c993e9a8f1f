// The branding screen's rules: colours as people type them, and the same contrast checks as the API
// (its pure functions, so the preview and the server agree).
// Dependency-free, so the browser gets no validation library with the preview.
import { contrastRatio, contrastWithWhite, displayRatio, MIN_CONTRAST, MIN_NON_TEXT_CONTRAST } from '@jamaa/tenants/contrast.ts';

/** The accent is drawn against the primary colour as a stripe and marks, never as text: WCAG 1.4.11 asks 3:1. */
export const MIN_ACCENT_CONTRAST = MIN_NON_TEXT_CONTRAST;

export type ColourField = 'primaryColor' | 'accentColor';

/**
 * A colour as typed (`#0D5C46`, `0d5c46`, `#abc`), as the API stores it: `#rrggbb` in lower case. Null when
 * it is not a colour.
 *
 * @example parseColour(' 0D5C46 ') // → '#0d5c46'
 * @example parseColour('#abc')     // → '#aabbcc'
 */
export function parseColour(text: string | undefined): string | null {
  const raw = (text ?? '').trim().replace(/^#/, '').toLowerCase();
  if (/^[0-9a-f]{6}$/.test(raw)) return `#${raw}`;
  if (/^[0-9a-f]{3}$/.test(raw)) return `#${[...raw].map((c) => c + c).join('')}`;
  return null;
}

/**
 * The colour a field asks for. Without JavaScript the picker and the text box are sent separately: the
 * one that differs from the colour the page showed (`was`) is the one the person changed; the text wins.
 */
export function chosenColour(text: string | undefined, picker: string | undefined, was: string): string | null {
  const typed = parseColour(text);
  if ((text ?? '').trim() && typed === null) return null;
  if (typed && typed !== was) return typed;
  return parseColour(picker) ?? typed ?? was;
}

export interface ContrastCheck {
  field: ColourField;
  /** Rounded down to two decimals, as the API reports it. */
  ratio: number;
  minimum: number;
  pass: boolean;
}

/** White text on the primary colour (4.5:1), and the accent against the primary colour (3:1). */
export function contrastChecks(primary: string, accent: string): ContrastCheck[] {
  const checks: ContrastCheck[] = [];
  const p = parseColour(primary);
  const a = parseColour(accent);
  if (p) {
    const ratio = contrastWithWhite(p);
    checks.push({ field: 'primaryColor', ratio: displayRatio(ratio), minimum: MIN_CONTRAST, pass: ratio >= MIN_CONTRAST });
  }
  if (p && a) {
    const ratio = contrastRatio(a, p);
    checks.push({ field: 'accentColor', ratio: displayRatio(ratio), minimum: MIN_ACCENT_CONTRAST, pass: ratio >= MIN_ACCENT_CONTRAST });
  }
  return checks;
}

export interface ColourForm {
  /** Only the colours that changed; empty when nothing did. */
  change: Partial<Record<ColourField, string>>;
  /** Form field → validation code. */
  fields: Record<string, string>;
}

const FORM_NAMES: Record<ColourField, string> = { primaryColor: 'primary', accentColor: 'accent' };

/** The form field of an API colour field (`primaryColor` → `primary`). */
export function formName(field: ColourField): string {
  return FORM_NAMES[field];
}

/**
 * The colour change a submitted form asks for: fields `primary` (text), `primary_picker`, `primary_was`,
 * and the same for `accent`.
 */
export function colourChange(values: Record<string, string>): ColourForm {
  const change: Partial<Record<ColourField, string>> = {};
  const fields: Record<string, string> = {};
  for (const field of ['primaryColor', 'accentColor'] as const) {
    const name = FORM_NAMES[field];
    const was = parseColour(values[`${name}_was`]) ?? '';
    const chosen = chosenColour(values[name], values[`${name}_picker`], was);
    if (chosen === null) fields[name] = values[name]?.trim() ? 'invalid_format' : 'required';
    else if (chosen !== was) change[field] = chosen;
  }
  return { change, fields };
}

/** A refused colour from the API's CONTRAST_TOO_LOW details, by form field. */
export function contrastProblems(details: unknown): Record<string, { ratio: number; minimum: number }> {
  const out: Record<string, { ratio: number; minimum: number }> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { path?: unknown; ratio?: unknown; minimum?: unknown }[]) {
    if ((d.path === 'primaryColor' || d.path === 'accentColor') && typeof d.ratio === 'number' && typeof d.minimum === 'number') {
      out[FORM_NAMES[d.path]] = { ratio: d.ratio, minimum: d.minimum };
    }
  }
  return out;
}
