import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** Every expected failure the API reports. Web translates these codes (`errors:<code>`). */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  JSON_TOO_DEEP: 400,
  VALIDATION_FAILED: 422,
  BAD_HOST: 400,
  UNSUPPORTED_LOCALE: 404,
  NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  TENANT_SUSPENDED: 503,
  NOT_READY: 503,
  /** The database cannot be reached right now (restart, failover): retry shortly; nothing was changed. */
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
  // Staff accounts
  UNAUTHENTICATED: 401,
  TWO_FACTOR_REQUIRED: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 422,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  TOO_MANY_ATTEMPTS: 429,
  NEW_DEVICES_LOCKED: 429,
  PASSWORD_TOO_SHORT: 422,
  PASSWORD_TOO_COMMON: 422,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_NOT_ENROLLED: 409,
  ALREADY_MEMBER: 409,
  SERVICE_EXISTS: 409,
  LAST_ADMINISTRATOR: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_USED: 410,
  INVITATION_REVOKED: 410,
  RESET_LINK_INVALID: 410,
  // Branding
  CONTRAST_TOO_LOW: 422,
  UNSUPPORTED_IMAGE: 415,
  IMAGE_TOO_LARGE: 413,
  // Files
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  // Offices
  OFFICE_EXISTS: 409,
  OFFICE_IN_USE: 409,
  // Request primitives (deadlines, idempotency, throttling)
  DEADLINE_PASSED: 409,
  IDEMPOTENCY_KEY_INVALID: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_FLIGHT: 409,
  TOO_MANY_SUBMISSIONS: 429,
  // Complaints
  INVALID_TRANSITION: 409,
  LOCATION_OUTSIDE_AREA: 422,
  SUBMISSION_REFUSED: 422,
  TOO_MANY_PHOTOS: 422,
  MERGE_REFUSED: 409,
  // Content
  CONTENT_SLUG_TAKEN: 409,
  /** `?tenant=` names an arrondissement where the editor holds no editing role. */
  SITE_NOT_EDITABLE: 403,
  TENANT_STATUS_CONFLICT: 409,
  TENANT_HAS_CHILDREN: 409,
  EXPORT_REQUIRED: 409,
  CONFIRMATION_MISMATCH: 422,
  ARCHIVE_INVALID: 422,
  ARCHIVE_PARENT_MISSING: 409,
  ARCHIVE_ACCOUNT_CONFLICT: 409,
  // Onboarding (the national operator)
  REGISTRY_CODE_UNKNOWN: 404,
  TENANT_EXISTS: 409,
  ONBOARDING_REFUSED: 409,
  DOMAIN_TAKEN: 409,
  // Catalogue governance
  NOTHING_TO_PUBLISH: 409,
  DRAFT_OUTDATED: 409,
  // The operator's access to residents' personal data (a tenant's grant)
  /** A grant is already in force: revoke it before giving another. */
  OPERATOR_ACCESS_ACTIVE: 409,
  /** The grant has already ended (expired or revoked). */
  OPERATOR_ACCESS_ENDED: 409,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}

/**
 * An expected failure with a code from the closed set above. The message is for developers and logs;
 * residents see the translation of the code.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/** zod failures from route validation: 422 with each issue's path and code, for web to translate. */
export function validationError(error: z.ZodError): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    'The request is not valid',
    error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
  );
}
