import { describe, expect, it } from 'vitest';
import { classifyHost, normaliseHost } from './host.ts';

describe('normaliseHost', () => {
  it.each([
    ['casablanca.localhost:3000', 'casablanca.localhost'],
    ['Anfa.Casablanca.LOCALHOST', 'anfa.casablanca.localhost'],
    ['casablancacity.ma.', 'casablancacity.ma'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['[::1]:3000', '[::1]'],
    ['ben-guerir.localhost', 'ben-guerir.localhost'],
  ])('accepts %s as %s', (raw, expected) => expect(normaliseHost(raw)).toBe(expected));

  it.each([[''], [null], [undefined], ['bad_host.localhost'], ['-x.localhost'], ['x-.localhost'], ['a..b'], ['a b'], ['[::1'], ['é.localhost'], ['a'.repeat(64) + '.ma'], ['x.localhost:99999999']])(
    'rejects %s',
    (raw) => expect(normaliseHost(raw)).toBeNull(),
  );
});

describe('classifyHost', () => {
  it.each([
    ['localhost', { type: 'platform' }],
    ['www.localhost', { type: 'platform' }],
    ['127.0.0.1', { type: 'platform' }],
    ['casablanca.localhost', { type: 'subdomain', slugs: ['casablanca'] }],
    ['anfa.casablanca.localhost', { type: 'subdomain', slugs: ['casablanca', 'anfa'] }],
    ['casablancacity.ma', { type: 'custom', domain: 'casablancacity.ma' }],
    ['notlocalhost', { type: 'custom', domain: 'notlocalhost' }],
  ])('classifies %s', (host, expected) => expect(classifyHost(host, 'localhost')).toEqual(expected));

  it('works with a real platform domain', () => {
    expect(classifyHost('tetouan.jamaa.ma', 'jamaa.ma')).toEqual({ type: 'subdomain', slugs: ['tetouan'] });
    expect(classifyHost('jamaa.ma', 'jamaa.ma')).toEqual({ type: 'platform' });
  });
});
