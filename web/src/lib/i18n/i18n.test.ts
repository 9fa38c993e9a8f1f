import { describe, expect, it } from 'vitest';
import { translator } from './i18n.ts';
import { resources } from './resources.ts';

const fill = (text: string | undefined, count: number) => text?.replaceAll('{{count}}', String(count));

describe('translator', () => {
  it('translates keys of every namespace', () => {
    expect(translator('fr')('common:kind_commune')).toBe(resources.fr.common['kind_commune']);
    expect(translator('ar')('errors:tenant_not_found')).toBe(resources.ar.errors['tenant_not_found']);
    expect(translator('zgh')('validation:required')).toBe(resources.zgh.validation['required']);
  });

  it('keeps one language per instance when locales interleave', () => {
    const fr = translator('fr');
    const ar = translator('ar');
    expect(fr('common:language_switcher')).toBe('Langue');
    expect(ar('common:language_switcher')).toBe(resources.ar.common['language_switcher']);
    expect(fr('common:language_switcher')).toBe('Langue');
  });

  it('answers a remembered plain look-up and a call with options of the same key each as i18next does', () => {
    const fr = translator('fr');
    // A plain look-up of a plural key gives i18next's own answer (its key without a suffix: the key itself)…
    const plain = fr('common:arrondissement_count');
    expect(fr('common:arrondissement_count')).toBe(plain);
    // …and does not stand in for the call with a count, which still picks the plural form.
    expect(fr('common:arrondissement_count', { count: 16 })).toBe(fill(resources.fr.common['arrondissement_count_other'] as string, 16));
    expect(fr('common:arrondissement_count', { count: 1 })).toBe(fill(resources.fr.common['arrondissement_count_one'] as string, 1));
  });

  it('answers a remembered call with options as it did the first time, and never another call\'s answer', () => {
    const fr = translator('fr');
    const anfa = fr('common:arrondissement_of', { name: 'Anfa' });
    expect(fr('common:arrondissement_of', { name: 'Anfa' })).toBe(anfa);
    expect(fr('common:arrondissement_of', { name: 'Maârif' })).toBe('Arrondissement de la commune de Maârif');
    // The same value under another option, or of another type, is another call.
    expect(fr('common:arrondissement_count', { count: 2 })).toBe(fill(resources.fr.common['arrondissement_count_other'] as string, 2));
    expect(fr('common:arrondissement_count', { count: 1 })).toBe(fill(resources.fr.common['arrondissement_count_one'] as string, 1));
    expect(fr('common:arrondissement_count', { count: 2 })).toBe(fill(resources.fr.common['arrondissement_count_other'] as string, 2));
    // A value that could blur the boundary between two options is translated each time, not remembered.
    expect(fr('common:arrondissement_of', { name: 'A\u0000name\u0000sB' })).toBe('Arrondissement de la commune de A\u0000name\u0000sB');
  });

  it('interpolates without HTML-escaping (Svelte escapes on render)', () => {
    expect(translator('fr')('common:arrondissement_of', { name: 'Aïn Chock & <Co>' })).toBe(
      'Arrondissement de la commune de Aïn Chock & <Co>',
    );
  });

  it.each([0, 1, 2, 3, 10, 11, 16, 99, 100, 101, 102, 1_000_000])('picks the Arabic plural form Intl gives for %i', (count) => {
    const category = new Intl.PluralRules('ar').select(count);
    expect(translator('ar')('common:arrondissement_count', { count })).toBe(
      fill(resources.ar.common[`arrondissement_count_${category}`] as string, count),
    );
  });

  it.each([0, 1, 2, 16, 1_000_000])('picks the French plural form Intl gives for %i', (count) => {
    const category = new Intl.PluralRules('fr').select(count);
    expect(translator('fr')('common:arrondissement_count', { count })).toBe(
      fill(resources.fr.common[`arrondissement_count_${category}`] as string, count),
    );
  });

  it('uses our zgh rule (one for 0 and 1, other otherwise), not the English fallback of Intl', () => {
    const t = translator('zgh');
    const one = resources.zgh.common['arrondissement_count_one'] as string;
    const other = resources.zgh.common['arrondissement_count_other'] as string;
    expect(t('common:arrondissement_count', { count: 0 })).toBe(fill(one, 0));
    expect(t('common:arrondissement_count', { count: 1 })).toBe(fill(one, 1));
    for (const count of [2, 11, 16, 99, 100]) {
      expect(t('common:arrondissement_count', { count })).toBe(fill(other, count));
    }
    // English would say "other" for 0: this is the difference the rule makes.
    expect(new Intl.PluralRules('zgh').select(0)).toBe('other');
  });

  it('puts a known noun after a zgh preposition in the annexed state, and leaves other names and languages alone', () => {
    const zgh = translator('zgh');
    expect(zgh('common:tenant_site.title_commune', { name: 'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ' })).toBe('ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ');
    expect(zgh('services:commune_office', { name: 'ⵜⵉⵟⵟⴰⵡⵉⵏ' })).toBe('ⴰⵙⵖⵏ ⵏ ⵜⵎⵙⵏⴰⴹⵜ ⵏ ⵜⵟⵟⴰⵡⵉⵏ');
    expect(zgh('common:tenant_site.title_arrondissement', { name: 'ⴰⵏⴼⴰ', commune: 'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ' })).toBe('ⴰⵎⵏⴰⴹ ⵏ ⵓⵏⴼⴰ (ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ)');
    // A name borrowed from Arabic, or a fallback in another script, stays as it is.
    expect(zgh('common:tenant_site.title_commune', { name: 'ⴱⵏ ⴳⵔⵉⵔ' })).toBe('ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⴱⵏ ⴳⵔⵉⵔ');
    expect(zgh('common:tenant_site.title_commune', { name: 'Tétouan' })).toBe('ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ Tétouan');
    expect(translator('fr')('common:tenant_site.title_commune', { name: 'Tétouan' })).toBe('Commune de Tétouan');
  });
});
