import { describe, expect, it } from 'vitest';
import { classifyHost, normaliseHost, normaliseHostName } from './host.ts';

describe('normaliseHost', () => {
  it.each([
    ['casablanca.localhost:3000', 'casablanca.localhost'],
    ['Anfa.Casablanca.LOCALHOST', 'anfa.casablanca.localhost'],
    ['casablancacity.ma.', 'casablancacity.ma'],
    ['ben-guerir.localhost', 'ben-guerir.localhost'],
    ['localhost:3000', 'localhost'],
    ['casablancacity.ma:443', 'casablancacity.ma'],
    // Digits inside a name are fine; only a numeric last label makes an address.
    ['1.casablanca.localhost', '1.casablanca.localhost'],
    ['365.ma', '365.ma'],
  ])('accepts %s as %s', (raw, expected) => expect(normaliseHost(raw)).toBe(expected));

  it.each([[''], [null], [undefined], ['bad_host.localhost'], ['-x.localhost'], ['x-.localhost'], ['a..b'], ['a b'], ['[::1'], ['é.localhost'], ['a'.repeat(64) + '.ma'], ['x.localhost:99999999'], ['x.localhost:70000']])(
    'rejects %s',
    (raw) => expect(normaliseHost(raw)).toBeNull(),
  );

  // An address names no tenant: the platform is reached by its name only (a health checker uses /healthz,
  // which answers on any Host).
  it.each([
    ['127.0.0.1'],
    ['127.0.0.1:3000'],
    ['999.999.999.999'],
    ['256.1.1.1'],
    ['10.0.0.1.'],
    ['0x7f.1'],
    ['3232235777'],
    ['casablanca.localhost.1'],
    ['[::1]'],
    ['[::1]:3000'],
    ['[2001:db8::1]'],
    ['[::ffff:127.0.0.1]:80'],
    ['::1'],
  ])('rejects the IP literal %s', (raw) => expect(normaliseHost(raw)).toBeNull());
});

describe('normaliseHostName', () => {
  it('takes a bare name only: no port, no address', () => {
    expect(normaliseHostName('CasablancaCity.MA.')).toBe('casablancacity.ma');
    expect(normaliseHostName('casablancacity.ma:443')).toBeNull();
    expect(normaliseHostName('1.2.3.4')).toBeNull();
    expect(normaliseHostName('[::1]')).toBeNull();
    expect(normaliseHostName('')).toBeNull();
  });
});

describe('classifyHost', () => {
  it.each([
    ['localhost', { type: 'platform' }],
    ['www.localhost', { type: 'platform' }],
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
