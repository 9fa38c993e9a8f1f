import type { Resources } from 'i18next';
import { resources } from './i18n/resources.ts';

export type ErrorKey = keyof Resources['errors'];

/** Every code the Arabic resources translate (the parity test keeps the other locales in step). */
const KNOWN: ReadonlySet<string> = new Set(Object.keys(resources.ar.errors));

/**
 * The `validation` namespace key for a field's validation code (a zod issue code, or one of the form's
 * own such as `required`); unknown codes read as a format error.
 */
export function validationKey(code: string): ValidationKey {
  return (code in resources.ar.validation ? code : 'invalid_format') as ValidationKey;
}

export type ValidationKey = keyof Resources['validation'];

/**
 * The `errors` namespace key for an API error code (`TENANT_NOT_FOUND` → `tenant_not_found`). Codes
 * without a message of their own fall back on the HTTP status: not found for 404, a generic one otherwise.
 *
 * @example errorKey('TENANT_SUSPENDED', 503) // → 'tenant_suspended'
 * @example errorKey(undefined, 404)          // → 'not_found'
 */
export function errorKey(code: string | undefined, status: number): ErrorKey {
  const key = code?.toLowerCase();
  if (key && KNOWN.has(key)) return key as ErrorKey;
  return status === 404 ? 'not_found' : 'internal';
}

/** Errors about the host itself: no tenant, so no language of its own; shown in Arabic and French. */
export function isHostError(code: string | undefined): boolean {
  return code === 'TENANT_NOT_FOUND' || code === 'TENANT_SUSPENDED' || code === 'BAD_HOST';
}
