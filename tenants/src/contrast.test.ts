import { describe, expect, it } from 'vitest';
import { contrastRatio, contrastWithWhite, displayRatio, MIN_CONTRAST, MIN_NON_TEXT_CONTRAST, relativeLuminance } from './contrast.ts';

describe('WCAG contrast', () => {
  it('gives the known ratios', () => {
    expect(contrastWithWhite('#000000')).toBe(21);
    expect(contrastWithWhite('#ffffff')).toBe(1);
    expect(contrastWithWhite('#777777')).toBeCloseTo(4.48, 2);
    // The usual "just passes" grey.
    expect(contrastWithWhite('#767676')).toBeCloseTo(4.54, 2);
  });

  it('does not care about order or letter case', () => {
    expect(contrastRatio('#0D5C46', '#FFFFFF')).toBe(contrastRatio('#ffffff', '#0d5c46'));
  });

  it('tells readable colours from unreadable ones at the AA minimum', () => {
    expect(contrastWithWhite('#777777')).toBeLessThan(MIN_CONTRAST);
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    // The platform defaults pass.
    expect(contrastWithWhite('#0d5c46')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrastWithWhite('#b3261e')).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it('rounds a ratio down for display, so a refused one never reads as the minimum', () => {
    expect(displayRatio(4.4999)).toBe(4.49);
    expect(displayRatio(21)).toBe(21);
  });

  it('refuses what is not #rrggbb', () => {
    expect(() => relativeLuminance('#fff')).toThrow(RangeError);
    expect(() => relativeLuminance('red')).toThrow(RangeError);
  });
});

describe('the demo communes', () => {
  it('have accents that stand out against their primary colour', () => {
    for (const [primary, accent] of [['#0b4f8a', '#c99a2e'], ['#9a4a1c', '#f2c14e'], ['#17664a', '#8cc7a1'], ['#0f5257', '#e0a526']] as const) {
      expect(contrastRatio(accent, primary), `${accent} on ${primary}`).toBeGreaterThanOrEqual(MIN_NON_TEXT_CONTRAST);
    }
  });
});
