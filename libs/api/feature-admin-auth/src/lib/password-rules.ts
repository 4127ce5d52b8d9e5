import { RequestValidationError } from '@landing/api/util-http';
import { adminPasswordProblem } from '@landing/server/persistence-admin';

/**
 * The one place the admin api checks a password someone chose: every route that sets one
 * calls this. The policy itself (length, the common-password list, no email) is the one the
 * CLI uses, `adminPasswordProblem` in the persistence layer.
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
  const policy = adminPasswordProblem(password, context.email);
  if (policy) return `${policy[0]?.toUpperCase()}${policy.slice(1)}.`;
  if (
    context.previousPassword !== undefined &&
    password === context.previousPassword
  )
    return 'Choose a password different from the current one.';
  return undefined;
}
