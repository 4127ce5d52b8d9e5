/**
 * Stable error codes. Clients branch on `code`, never on `message`; renaming a code is a
 * breaking change.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'SUBMISSION_ID_REUSED',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
  'MALFORMED_REQUEST',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  'PASSWORD_CHANGE_REQUIRED',
  'WRONG_PASSWORD',
  'LAST_ADMIN',
  'LEAD_CLOSED',
  'NOT_LEAD_OWNER',
  'LEAD_ALREADY_OWNED',
  /** One user has as many live event streams (`GET /api/admin/events`) open as allowed. */
  'TOO_MANY_STREAMS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Why one field was rejected. */
export const FIELD_ERROR_CODES = [
  'REQUIRED',
  'INVALID_TYPE',
  'TOO_LONG',
  'INVALID_PHONE',
  'INVALID_EMAIL',
  'INVALID_UUID',
  'UNKNOWN_FIELD',
  'INVALID_VALUE',
  /** A NUL character or a lone UTF-16 surrogate: text that cannot be stored. */
  'INVALID_CHARACTERS',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

/** The one error body every endpoint answers with. */
export interface ErrorResponse {
  code: ErrorCode;
  message: string;
  requestId: string;
  fields?: FieldError[];
}
