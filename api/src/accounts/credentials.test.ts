import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { generateToken, hashToken, TOKEN_PATTERN } from '../sessions/tokens.ts';
import { decodeTotpSecret, encodeTotpSecret, generateRecoveryCodes, hashRecoveryCode, matchTotpStep, totpCodeAt, totpKeyUri, totpStep } from './totp.ts';

describe('tokens', () => {
  it('are 160 random bits in lower-case base32, stored as hex SHA-256', () => {
    const a = generateToken();
    expect(a).toMatch(TOKEN_PATTERN);
    expect(generateToken()).not.toBe(a);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('passwords', () => {
  it('are hashed with argon2id and verified', async () => {
    const hash = await hashPassword('a long enough passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'a long enough passphrase')).toBe(true);
    expect(await verifyPassword(hash, 'a long enough passphrasE')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it.each([
    ['short', 'PASSWORD_TOO_SHORT'],
    ['elevenchars', 'PASSWORD_TOO_SHORT'],
    ['password1234', 'PASSWORD_TOO_COMMON'],
    ['!!Motdepasse2024', 'PASSWORD_TOO_COMMON'],
    ['azertyuiop123', 'PASSWORD_TOO_COMMON'],
    ['123456789012', 'PASSWORD_TOO_COMMON'],
    ['aaaaaaaaaaaaaaa', 'PASSWORD_TOO_COMMON'],
    ['casablanca2025', 'PASSWORD_TOO_COMMON'],
  ])('refuses %j with %s', (password, code) => {
    expect(() => assertPasswordAcceptable(password)).toThrow(expect.objectContaining({ code }));
  });

  it.each(['correct horse battery staple', 'Tanger-sous-la-pluie', '739184620571', 'كلمة مرور طويلة جدا'])('accepts %j', (password) => {
    expect(() => assertPasswordAcceptable(password)).not.toThrow();
  });

  it('counts characters, not bytes', () => {
    expect(() => assertPasswordAcceptable('ⴰⵣⵓⵍⴰⵣⵓⵍⴰⵣⵓ')).toThrow(expect.objectContaining({ code: 'PASSWORD_TOO_SHORT' }));
  });
});

describe('TOTP', () => {
  const key = decodeTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  const now = new Date('2026-11-23T08:00:10Z');

  it('matches RFC 6238 (SHA-1, 30 s, 6 digits)', () => {
    // RFC 6238 appendix B, truncated to 6 digits, key "12345678901234567890".
    const rfcKey = new TextEncoder().encode('12345678901234567890');
    expect(totpCodeAt(rfcKey, new Date(59_000))).toBe('287082');
    expect(totpCodeAt(rfcKey, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accepts the current step and one step either side, not two', () => {
    const step = totpStep(now);
    expect(matchTotpStep(key, totpCodeAt(key, now), now, null)).toBe(step);
    expect(matchTotpStep(key, totpCodeAt(key, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1n);
    expect(matchTotpStep(key, totpCodeAt(key, new Date(now.getTime() + 30_000)), now, null)).toBe(step + 1n);
    expect(matchTotpStep(key, totpCodeAt(key, new Date(now.getTime() - 60_000)), now, null)).toBeNull();
    expect(matchTotpStep(key, 'abcdef', now, null)).toBeNull();
  });

  it('refuses the step last used, and older ones', () => {
    const step = totpStep(now);
    expect(matchTotpStep(key, totpCodeAt(key, now), now, step)).toBeNull();
    expect(matchTotpStep(key, totpCodeAt(key, new Date(now.getTime() - 30_000)), now, step - 1n)).toBeNull();
    expect(matchTotpStep(key, totpCodeAt(key, new Date(now.getTime() + 30_000)), now, step)).toBe(step + 1n);
  });

  it('encodes the secret for apps and the otpauth URI', () => {
    expect(encodeTotpSecret(key)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const uri = new URL(totpKeyUri('admin@casablanca.ma', key));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Jamaa');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
  });

  it('makes ten distinct recovery codes of 80 bits, hashed however they are typed back', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const [code = ''] = codes;
    expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(hashRecoveryCode(code.toUpperCase().replaceAll('-', ' '))).toBe(hashRecoveryCode(code));
  });
});
