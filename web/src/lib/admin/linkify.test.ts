import { describe, expect, it } from 'vitest';
import { splitLinks } from './linkify.ts';

describe('splitLinks', () => {
  it('leaves text without an address as one piece', () => {
    expect(splitLinks('Bonjour,\nà bientôt')).toEqual([{ text: 'Bonjour,\nà bientôt' }]);
    expect(splitLinks('')).toEqual([]);
  });

  it('turns http and https addresses into links and keeps the text around them', () => {
    expect(splitLinks('Ouvrez http://casablanca.localhost:3000/fr/admin/invitation/abc pour accepter')).toEqual([
      { text: 'Ouvrez ' },
      { text: 'http://casablanca.localhost:3000/fr/admin/invitation/abc', href: 'http://casablanca.localhost:3000/fr/admin/invitation/abc' },
      { text: ' pour accepter' },
    ]);
  });

  it('leaves sentence punctuation out of the address', () => {
    expect(splitLinks('Voir https://a.ma/x. Merci')).toEqual([{ text: 'Voir ' }, { text: 'https://a.ma/x', href: 'https://a.ma/x' }, { text: '. Merci' }]);
    expect(splitLinks('(https://a.ma/y)')).toEqual([{ text: '(' }, { text: 'https://a.ma/y', href: 'https://a.ma/y' }, { text: ')' }]);
  });

  it('never links other schemes, and keeps markup as plain text', () => {
    expect(splitLinks('javascript:alert(1) <b>x</b>')).toEqual([{ text: 'javascript:alert(1) <b>x</b>' }]);
    expect(splitLinks('https://a.ma/<script>')).toEqual([{ text: 'https://a.ma/', href: 'https://a.ma/' }, { text: '<script>' }]);
  });

  it('finds several addresses', () => {
    expect(splitLinks('https://a.ma https://b.ma').filter((p) => p.href).map((p) => p.href)).toEqual(['https://a.ma', 'https://b.ma']);
  });
});
