/**
 * Idempotency keys as clients see them: the `Idempotency-Key` header of the JSON API (IETF draft
 * "The Idempotency-Key HTTP Header Field") and the hidden form token of HTML forms. Web imports this file:
 * a page renders `newFormToken()` in a hidden field named `FORM_TOKEN_FIELD`, and the form action passes it
 * on with `idempotencyHeaders(formData)` — a double tap or a resubmitted form then gets the first answer.
 */
import { z } from '@hono/zod-openapi';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer replayed from an earlier request with the same key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** The hidden form field that carries the key of an HTML form. */
export const FORM_TOKEN_FIELD = 'idempotency_key';

/** 16 to 255 characters from the URL-safe and base64 alphabets (a UUID, a base64url token). */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_\-.:+/=]{16,255}$/)
  .openapi('IdempotencyKey', { description: 'A unique value per submission, kept by the client for its retries (a UUID, for instance).' });

/**
 * The key from a header value: as sent, or as a structured-field string (`"…"`, as the IETF draft writes
 * it). Null when absent or malformed.
 */
export function parseIdempotencyKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  const unquoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  return IdempotencyKey.safeParse(unquoted).success ? unquoted : null;
}

/** A fresh token for a form's hidden field: 128 random bits, base64url (22 characters). */
export function newFormToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The header to send to the API for a submitted form: empty when the form carried no usable token. */
export function idempotencyHeaders(form: { get(name: string): unknown }): Record<string, string> {
  const token = form.get(FORM_TOKEN_FIELD);
  const key = typeof token === 'string' ? parseIdempotencyKey(token) : null;
  return key ? { [IDEMPOTENCY_HEADER]: key } : {};
}
