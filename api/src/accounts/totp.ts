import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase32NoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { hashToken } from '../sessions/tokens.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the previous and next step are accepted too: phones' clocks drift. */
const TOTP_DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

/** A new TOTP secret: 160 bits, as RFC 4226 recommends. */
export function generateTotpSecret(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The secret as authenticator apps take it when typed by hand (upper-case base32). */
export function encodeTotpSecret(key: Uint8Array): string {
  return encodeBase32NoPadding(key);
}

export function decodeTotpSecret(base32: string): Uint8Array {
  return decodeBase32IgnorePadding(base32.toUpperCase().replace(/\s+/g, ''));
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpKeyUri(accountEmail: string, key: Uint8Array): string {
  return createTOTPKeyURI('Jamaa', accountEmail, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function totpStep(now: Date): bigint {
  return BigInt(Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS));
}

/** The code an authenticator shows at `now` (tests, and the demo's browser test). */
export function totpCodeAt(key: Uint8Array, now: Date): string {
  return generateHOTP(key, totpStep(now), TOTP_DIGITS);
}

/**
 * The time step `code` belongs to, within ±1 step of `now`, and later than `lastUsedStep` — a code
 * already used (or an older one) is refused, so an observed code cannot be replayed. Null: no match.
 */
export function matchTotpStep(key: Uint8Array, code: string, now: Date, lastUsedStep: bigint | null): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const given = new TextEncoder().encode(code);
  const current = totpStep(now);
  let matched: bigint | null = null;
  // Check every candidate (no early exit), so timing says nothing about which step matched.
  for (let step = current - BigInt(TOTP_DRIFT_STEPS); step <= current + BigInt(TOTP_DRIFT_STEPS); step++) {
    const expected = new TextEncoder().encode(generateHOTP(key, step, TOTP_DIGITS));
    if (constantTimeEqual(expected, given) && (lastUsedStep === null || step > lastUsedStep)) matched = step;
  }
  return matched;
}

/**
 * Ten single-use recovery codes, shown once: 80 random bits each, as `xxxx-xxxx-xxxx-xxxx`.
 * Stored as SHA-256 (`hashRecoveryCode`): with 80 bits, a leaked hash cannot be reversed.
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(10);
    crypto.getRandomValues(bytes);
    return encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/g)?.join('-') ?? '';
  });
}

/** Tolerates how people type codes back: case, spaces, dashes. */
export function hashRecoveryCode(input: string): string {
  return hashToken(input.toLowerCase().replace(/[^a-z2-7]/g, ''));
}
