import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** What a token looks like: 20 random bytes in lower-case base32, 32 characters. */
export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * A secret for a session cookie or a link (invitation, password reset), following Lucia's guide:
 * 160 random bits, lower-case base32. Only its hash is stored.
 */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * The stored form of a token: hex SHA-256. A database leak reveals no usable session or link; a fast
 * hash is enough because the token is long and random.
 *
 * @example hashToken(token) // → '9f86d0…' (64 hex digits)
 */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
