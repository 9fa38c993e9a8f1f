import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale-negotiation.ts';

const ALL = ['ar', 'fr', 'zgh'] as const;

describe('negotiateLocale', () => {
  it('returns the default locale when the header is missing or empty', () => {
    expect(negotiateLocale(null, ALL, 'fr')).toBe('fr');
    expect(negotiateLocale(undefined, ALL, 'zgh')).toBe('zgh');
    expect(negotiateLocale('', ALL, 'ar')).toBe('ar');
  });

  it('picks the highest-quality enabled locale, ignoring region subtags', () => {
    expect(negotiateLocale('fr-MA,fr;q=0.9,ar;q=0.8', ALL, 'ar')).toBe('fr');
    expect(negotiateLocale('en;q=0.9,ar-MA;q=0.95,fr;q=0.5', ALL, 'fr')).toBe('ar');
  });

  it('keeps header order between equal qualities', () => {
    expect(negotiateLocale('zgh, fr', ALL, 'ar')).toBe('zgh');
    expect(negotiateLocale('fr, zgh', ALL, 'ar')).toBe('fr');
  });

  it('skips locales the tenant has not enabled', () => {
    expect(negotiateLocale('zgh,fr;q=0.8', ['ar', 'fr'], 'ar')).toBe('fr');
    expect(negotiateLocale('zgh', ['ar', 'fr'], 'ar')).toBe('ar');
  });

  it('falls back to the default for languages we do not serve, and for the wildcard', () => {
    expect(negotiateLocale('en-US,en;q=0.9,es;q=0.8', ALL, 'ar')).toBe('ar');
    expect(negotiateLocale('*', ALL, 'fr')).toBe('fr');
  });

  it('ignores ranges with q=0 and malformed q values', () => {
    expect(negotiateLocale('fr;q=0, ar;q=0.1', ALL, 'zgh')).toBe('ar');
    expect(negotiateLocale('fr;q=abc, ar;q=0.1', ALL, 'zgh')).toBe('ar');
  });

  it('serves Moroccan Arabic as ar and the Amazigh varieties of Morocco as zgh', () => {
    expect(negotiateLocale('ary-MA', ALL, 'fr')).toBe('ar');
    expect(negotiateLocale('shi-Latn-MA,fr;q=0.5', ALL, 'ar')).toBe('zgh');
    expect(negotiateLocale('tzm', ALL, 'ar')).toBe('zgh');
  });

  it('is case-insensitive and tolerates extra whitespace', () => {
    expect(negotiateLocale('  FR-ma ; q=0.7 ,  AR ; q=0.6', ALL, 'zgh')).toBe('fr');
  });
});
