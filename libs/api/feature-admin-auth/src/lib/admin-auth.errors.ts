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

export class PasswordChangeRequiredError extends DomainError {
  readonly code = 'PASSWORD_CHANGE_REQUIRED' as const;
  constructor() {
    super(
      'You signed in with a temporary password; set a password of your own first.',
    );
  }
}

export class WrongCurrentPasswordError extends DomainError {
  readonly code = 'WRONG_PASSWORD' as const;
  constructor() {
    super('The current password is wrong.');
  }
}

export class LastAdminError extends DomainError {
  readonly code = 'LAST_ADMIN' as const;
  constructor() {
    super(
      'This is the last active admin; make another user admin before demoting or disabling this one.',
    );
  }
}

export class StaffEmailTakenError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor() {
    super('A user with this email exists already.');
  }
}

export class StaffAccountNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor() {
    super('There is no user with this id.');
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
