import { describe, expect, it } from 'vitest';
import { nameOf, sortByName } from './tenant-names.ts';

const anfa = { slug: 'anfa', names: { ar: 'أنفا', fr: 'Anfa' } };

describe('nameOf', () => {
  it('gives the name in the asked language', () => {
    expect(nameOf(anfa, 'fr', ['ar', 'fr'])).toEqual({ text: 'Anfa', locale: 'fr', fallback: false });
  });

  it('walks the fallback order and says so', () => {
    expect(nameOf(anfa, 'zgh', ['fr', 'ar'])).toEqual({ text: 'Anfa', locale: 'fr', fallback: true });
    expect(nameOf(anfa, 'zgh', ['ar', 'fr'])).toEqual({ text: 'أنفا', locale: 'ar', fallback: true });
  });

  it('falls back on the slug when there is no name at all', () => {
    expect(nameOf({ slug: 'x', names: {} }, 'ar', ['fr'])).toEqual({ text: 'x', locale: 'ar', fallback: false });
  });
});

describe('sortByName', () => {
  const communes = [
    { slug: 'tetouan', names: { ar: 'تطوان', fr: 'Tétouan' } },
    { slug: 'casablanca', names: { ar: 'الدار البيضاء', fr: 'Casablanca' } },
    { slug: 'ben-guerir', names: { ar: 'ابن جرير', fr: 'Ben Guerir' } },
  ];

  it('sorts by the names in the page language', () => {
    expect(sortByName(communes, 'fr', []).map((c) => c.slug)).toEqual(['ben-guerir', 'casablanca', 'tetouan']);
    const arabic = sortByName(communes, 'ar', []).map((c) => c.names.ar);
    expect(arabic).toEqual([...arabic].sort(new Intl.Collator('ar').compare));
  });

  it('does not change its input', () => {
    const before = communes.map((c) => c.slug);
    sortByName(communes, 'fr', []);
    expect(communes.map((c) => c.slug)).toEqual(before);
  });
});
