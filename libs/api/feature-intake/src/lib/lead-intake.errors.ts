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

/** The client reused a submissionId for another number: nothing was stored for this one. */
export class SubmissionIdReusedError extends DomainError {
  readonly code = 'SUBMISSION_ID_REUSED' as const;
  constructor() {
    super(
      'This submissionId was already used for another phone number; send this one with a new submissionId.',
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
