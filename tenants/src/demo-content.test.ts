import { describe, expect, it } from 'vitest';
import { loadDemoContent, resolveDates } from './demo-content.ts';
import type { Locale } from './locale.ts';
import { loadManifests } from './manifest.ts';

/** Every text in `locale` under `value`: the strings under a key named after the locale. */
function textsIn(value: unknown, locale: Locale): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => textsIn(v, locale));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === locale && typeof v === 'string' ? [v] : textsIn(v, locale)));
  }
  return [];
}

const INTL: Record<Locale, string> = { ar: 'ar-MA-u-nu-latn', fr: 'fr-MA-u-nu-latn', zgh: 'zgh-MA-u-nu-latn' };

describe('demo content files', () => {
  const now = new Date('2026-12-05T10:00:00Z');

  it('turn relative dates into days and Moroccan times counted from the day of seeding, leaving other text alone', () => {
    expect(resolveDates({ expiresAt: '@+3d 18:00', fields: { deadline: '@+25d', agenda: ['@home'] }, title: { fr: 'Le @+3d' } }, now)).toEqual({
      expiresAt: '2026-12-08T18:00:00+01:00',
      fields: { deadline: '2026-12-30', agenda: ['@home'] },
      title: { fr: 'Le @+3d' },
    });
    expect(resolveDates('@-2d', now)).toBe('2026-12-03');
  });

  it('cover the four demo sites, each naming its tenant by slug path', () => {
    const files = loadDemoContent(undefined, now);
    expect(files.map((f) => f.tenant.join('/'))).toEqual(['casablanca/anfa', 'ben-guerir', 'casablanca', 'tetouan']);
    for (const file of files) expect(file.items.every((item) => item.publish === true), file.file).toBe(true);
  });

  it('group the thousands of a number the way the pages print figures in the same language', () => {
    const texts = [...loadManifests(), ...loadDemoContent(undefined, now).flatMap((f) => f.items)];
    const wrong = (['ar', 'fr', 'zgh'] as const).flatMap((locale) => {
      // The separator the page's own figures use (fr-MA and ar-MA: « . », zgh: a no-break space).
      const separator = new Intl.NumberFormat(INTL[locale]).format(1000).charAt(1);
      return textsIn(texts, locale)
        .flatMap((text) => [...text.matchAll(/\d{1,3}(?:[., \u00a0\u202f]\d{3})+(?!\d)/g)].map((m) => m[0]))
        .filter((n) => n.replace(/\d/g, '') !== separator.repeat(n.replace(/\d/g, '').length))
        .map((n) => `${locale}: ${JSON.stringify(n)}`);
    });
    expect(wrong).toEqual([]);
  });
});
