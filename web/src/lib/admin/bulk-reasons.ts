import type { BatchReason } from '@jamaa/api/onboarding/onboarding.schemas.ts';

/**
 * The string key of a bulk onboarding row's reason: refused or skipped with its reason, or (null) skipped
 * because it is on the platform already. The API's English `detail` is for the CLI, never shown.
 *
 * @example bulkReasonKey('unknown_code') // → 'operator:bulk_reason.unknown_code'
 */
export function bulkReasonKey(reason: BatchReason | null): `operator:bulk_reason.${BatchReason | 'already_there'}` {
  return `operator:bulk_reason.${reason ?? 'already_there'}`;
}
