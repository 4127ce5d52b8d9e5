import {
  type ErrorCode,
  type FieldError,
} from '@landing/shared/contracts-lead';

/**
 * Base class for every error a service may throw on purpose. Services never throw HTTP
 * exceptions; the global filter turns a code into a status.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Seconds a client should wait before retrying (503 and 429 only). */
  readonly retryAfterSeconds?: number;
  readonly fields?: FieldError[];
}

export class RequestValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(override readonly fields: FieldError[]) {
    super(
      fields.length === 1
        ? `Invalid field: ${fields[0]?.field}`
        : `Invalid fields: ${fields.map((f) => f.field).join(', ')}`,
    );
  }
}

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  SUBMISSION_ID_REUSED: 409,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  MALFORMED_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  PASSWORD_CHANGE_REQUIRED: 403,
  WRONG_PASSWORD: 403,
  LAST_ADMIN: 409,
  LEAD_CLOSED: 409,
  NOT_LEAD_OWNER: 403,
  LEAD_ALREADY_OWNED: 409,
  TOO_MANY_STREAMS: 429,
};
