import { describe, expect, it } from 'vitest';
import { actionOf, chosenSite, sitePicker, siteQuery, withSite } from './content-site.ts';

describe('the site the content console writes to', () => {
  it('reads a well-formed arrondissement slug from the address, and the commune itself otherwise', () => {
    expect(chosenSite(new URLSearchParams('tenant=anfa&kind=news'))).toBe('anfa');
    expect(chosenSite(new URLSearchParams('tenant=sidi-belyout'))).toBe('sidi-belyout');
    expect(chosenSite(new URLSearchParams('tenant='))).toBeNull();
    expect(chosenSite(new URLSearchParams('kind=news'))).toBeNull();
    expect(chosenSite(new URLSearchParams('tenant=../casablanca'))).toBeNull();
    expect(chosenSite(new URLSearchParams(`tenant=${'a'.repeat(61)}`))).toBeNull();
  });

  it('keeps the chosen site in links and form actions, and adds nothing for the commune', () => {
    expect(withSite('/fr/admin/content/new', 'anfa')).toBe('/fr/admin/content/new?tenant=anfa');
    expect(withSite('/fr/admin/content/1?created=1', 'anfa')).toBe('/fr/admin/content/1?created=1&tenant=anfa');
    expect(withSite('/fr/admin/content', null)).toBe('/fr/admin/content');
    expect(actionOf('publish', 'anfa')).toBe('?tenant=anfa&/publish');
    expect(actionOf('publish', null)).toBe('?/publish');
    expect(actionOf('create', 'anfa', 'kind=news')).toBe('?kind=news&tenant=anfa&/create');
    expect(actionOf('create', null, 'kind=news')).toBe('?kind=news&/create');
    expect(siteQuery('anfa')).toBe('tenant=anfa');
    expect(siteQuery(null)).toBe('');
  });

  const editable = [
    { slug: 'maarif', names: { fr: 'Maârif', ar: 'المعاريف' }, origin: 'http://maarif.casablanca.localhost' },
    { slug: 'anfa', names: { fr: 'Anfa', ar: 'أنفا' }, origin: 'http://anfa.casablanca.localhost' },
  ];

  it('lists the arrondissements by their names in the page’s language, and names the chosen one', () => {
    const fr = sitePicker(editable, 'maarif', 'fr', ['ar']);
    expect(fr.options.map((o) => o.name.text)).toEqual(['Anfa', 'Maârif']);
    expect(fr.current).toEqual({ slug: 'maarif', name: { text: 'Maârif', locale: 'fr', fallback: false }, origin: 'http://maarif.casablanca.localhost' });
    const ar = sitePicker(editable, null, 'ar', ['fr']);
    // Arabic order: المعاريف (alif, lam…) before أنفا (alif, nun…).
    expect(ar.options.map((o) => o.slug)).toEqual(['maarif', 'anfa']);
    expect(ar.current).toBeNull();
    // No Amazigh name: the site's fallback language, marked as such.
    expect(sitePicker(editable, 'anfa', 'zgh', ['ar', 'fr']).current?.name).toEqual({ text: 'أنفا', locale: 'ar', fallback: true });
  });

  it('offers no picker to an editor with no arrondissement, and ignores a slug outside the list', () => {
    expect(sitePicker([], 'anfa', 'fr', ['ar'])).toEqual({ options: [], current: null });
    expect(sitePicker(editable, 'ain-chock', 'fr', ['ar']).current).toBeNull();
  });
});
