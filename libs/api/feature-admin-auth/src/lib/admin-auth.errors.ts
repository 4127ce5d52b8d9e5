import { DomainError } from '@landing/api/util-http';

export class NotSignedInError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor() {
    super('Sign in to the admin area first; your session may have ended.');
  }
}

/** The same error, word for word, for an unknown email, a wrong password and a disabled user. */
export class WrongCredentialsError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor() {
    super('The email or the password is wrong.');
  }
}

export class WrongRoleError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor() {
    super('Your role may not do this.');
  }
}

export class CsrfTokenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor() {
    super(
      'The x-csrf-token header is missing or does not match your session; reload the page.',
    );
  }
}

export class LoginRateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED' as const;
  constructor(override readonly retryAfterSeconds: number) {
    super(
      retryAfterSeconds < 60
        ? `Too many sign-in attempts; try again in ${retryAfterSeconds} second(s).`
        : `Too many sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
    );
  }
}

/** Sign-in fails closed: without Redis the limits cannot be enforced, so nobody signs in. */
export class SignInUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  override readonly retryAfterSeconds = 5;
  constructor() {
    super('Sign-in is unavailable right now; try again in a few seconds.');
  }
}
