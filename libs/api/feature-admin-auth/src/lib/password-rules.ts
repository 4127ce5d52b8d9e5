import { RequestValidationError } from '@landing/api/util-http';
import { ADMIN_PASSWORD_LIMITS } from '@landing/shared/contracts-admin';

/**
 * The one place the admin api checks a password someone chose: every route that sets one
 * calls this (the password policy itself belongs to the persistence layer and the CLI).
 * Throws VALIDATION_FAILED naming `field`.
 */
export function checkChosenPassword(
  field: string,
  password: string,
  context: { email: string; previousPassword?: string },
): void {
  const problem = passwordProblem(password, context);
  if (problem)
    throw new RequestValidationError([
      { field, code: 'INVALID_VALUE', message: problem },
    ]);
}

function passwordProblem(
  password: string,
  context: { email: string; previousPassword?: string },
): string | undefined {
  const length = [...password].length;
  if (length < ADMIN_PASSWORD_LIMITS.min || length > ADMIN_PASSWORD_LIMITS.max)
    return `The password must have ${ADMIN_PASSWORD_LIMITS.min} to ${ADMIN_PASSWORD_LIMITS.max} characters.`;
  if (
    context.previousPassword !== undefined &&
    password === context.previousPassword
  )
    return 'Choose a password different from the current one.';
  return undefined;
}
