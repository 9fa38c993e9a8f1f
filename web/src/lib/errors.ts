import type { Resources } from 'i18next';

export type ErrorKey = keyof Resources['errors'];

const KNOWN: ReadonlySet<string> = new Set<ErrorKey>([
  'bad_host',
  'internal',
  'not_found',
  'tenant_not_found',
  'tenant_suspended',
]);

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
