import { type FieldError } from '@landing/shared/contracts-lead';
import { DomainError, RequestValidationError } from '@landing/api/util-http';

/** Redis could not take the submission; nothing was accepted, the client should retry. */
export class IntakeUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  override readonly retryAfterSeconds = 5;
  constructor() {
    super(
      'We could not take your submission right now; please try again in a few seconds.',
    );
  }
}

export class InvalidPhoneError extends RequestValidationError {
  constructor(message: string) {
    const field: FieldError = {
      field: 'phone',
      code: 'INVALID_PHONE',
      message,
    };
    super([field]);
  }
}
