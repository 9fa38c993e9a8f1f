import { describe, expect, it } from 'vitest';
import { homeUrl, isStaffPath, localeOfPath, localizedPath } from './paths.ts';

describe('localizedPath', () => {
  it('swaps the locale prefix and keeps the rest of the path', () => {
    expect(localizedPath('/ar', 'fr')).toBe('/fr');
    expect(localizedPath('/ar/about', 'zgh')).toBe('/zgh/about');
    expect(localizedPath('/zgh/a/b/', 'ar')).toBe('/ar/a/b');
  });

  it('adds a prefix to locale-less paths', () => {
    expect(localizedPath('/', 'fr')).toBe('/fr');
    expect(localizedPath('/about', 'ar')).toBe('/ar/about');
  });

  it('does not take a look-alike segment for a locale', () => {
    expect(localizedPath('/french/x', 'ar')).toBe('/ar/french/x');
  });
});

describe('localeOfPath', () => {
  it('reads the prefix', () => {
    expect(localeOfPath('/fr/about')).toBe('fr');
    expect(localeOfPath('/zgh')).toBe('zgh');
    expect(localeOfPath('/')).toBeNull();
    expect(localeOfPath('/en/about')).toBeNull();
  });
});

describe('homeUrl', () => {
  it('joins origin and locale', () => {
    expect(homeUrl('http://anfa.casablanca.localhost:3000', 'fr')).toBe('http://anfa.casablanca.localhost:3000/fr');
    expect(homeUrl('https://casablancacity.ma/', 'ar')).toBe('https://casablancacity.ma/ar');
  });
});

describe('isStaffPath', () => {
  it('recognises the console in every language and nothing else', () => {
    expect(isStaffPath('/admin')).toBe(true);
    expect(isStaffPath('/fr/admin')).toBe(true);
    expect(isStaffPath('/zgh/admin/users')).toBe(true);
    expect(isStaffPath('/fr/services/admin')).toBe(false);
    expect(isStaffPath('/fr/administration')).toBe(false);
  });
});
