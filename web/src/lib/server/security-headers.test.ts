import { describe, expect, it } from 'vitest';
import { pageSecurityHeaders } from './security-headers.ts';

const page = (input: Partial<Parameters<typeof pageSecurityHeaders>[0]>) =>
  pageSecurityHeaders({ console: false, https: false, host: 'casablanca.jamaa.ma', platformDomain: 'jamaa.ma', ...input });

describe('page security headers', () => {
  it('gives console pages no referrer, nosniff, no browser feature and no framing', () => {
    const headers = page({ console: true });
    expect(headers).toMatchObject({ 'referrer-policy': 'same-origin', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(headers['permissions-policy']).toContain('geolocation=()');
    expect(headers['permissions-policy']).not.toContain('self');
  });

  it('gives public pages nosniff and a referrer policy that keeps paths on this site', () => {
    const headers = page({});
    expect(headers).toMatchObject({ 'referrer-policy': 'strict-origin-when-cross-origin', 'x-content-type-options': 'nosniff' });
    expect(headers['x-frame-options']).toBeUndefined();
  });

  it('sends HSTS only over HTTPS, never on a development host, and covers subdomains only of the platform domain', () => {
    expect(page({ https: false })['strict-transport-security']).toBeUndefined();
    expect(page({ https: true })['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page({ https: true, console: true })['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page({ https: true, host: 'jamaa.ma' })['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page({ https: true, host: 'casablancacity.ma' })['strict-transport-security']).toBe('max-age=31536000');
    expect(page({ https: true, host: 'anfa.casablanca.localhost', platformDomain: 'localhost' })['strict-transport-security']).toBeUndefined();
    expect(page({ https: true, host: 'localhost', platformDomain: 'localhost' })['strict-transport-security']).toBeUndefined();
    expect(page({ https: true, host: '192.0.2.1' })['strict-transport-security']).toBeUndefined();
  });
});
