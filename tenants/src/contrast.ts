/**
 * WCAG 2.x contrast of `#rrggbb` colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Pure and
 * dependency-free, so the console can show the same figure while an administrator picks a colour.
 */

/** WCAG AA minimum for normal text (white text on the primary colour). */
export const MIN_CONTRAST = 4.5;

/**
 * WCAG 2.1 minimum for non-text elements (1.4.11): the accent is drawn as a stripe and marks against the
 * primary colour, never as text.
 */
export const MIN_NON_TEXT_CONTRAST = 3;

export const WHITE = '#ffffff';

const HEX = /^#[0-9a-f]{6}$/i;

/** Relative luminance of a `#rrggbb` colour, from 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  if (!HEX.test(hex)) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * The contrast ratio of two colours, from 1 (the same) to 21 (black on white); the order does not matter.
 *
 * @example contrastRatio('#000000', '#ffffff') // → 21
 */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White text on `hex` (the public site's header and buttons), or `hex` text on white (links). */
export function contrastWithWhite(hex: string): number {
  return contrastRatio(hex, WHITE);
}

/**
 * A ratio for display, rounded down to two decimals so that a refused colour never shows as "4.50".
 *
 * @example displayRatio(4.4784) // → 4.47
 */
export function displayRatio(ratio: number): number {
  return Math.floor(ratio * 100) / 100;
}
