import { ADMIN_PASSWORD_LIMITS } from '@landing/shared/contracts-admin';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

let common: ReadonlySet<string> | undefined;

/** The bundled list, read once on first use (no download, ever). */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    COMMON_PASSWORDS_TEXT.split('\n').filter((line) => line !== ''),
  );
  return common;
}

/** `Password2024!` → `password`: the word people pad with digits and symbols to pass a length rule. */
function core(password: string): string {
  return password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/**
 * Why a staff member's password is refused, or undefined when it is acceptable: 12 to 256
 * characters; not one of the 10,000 most common passwords, nor one of them padded with digits
 * or symbols at either end (case ignored); and not containing the account's email or the part
 * before its @ (three characters or more).
 */
export function adminPasswordProblem(
  password: string,
  email: string,
): string | undefined {
  const { min, max } = ADMIN_PASSWORD_LIMITS;
  if (password.length < min || password.length > max)
    return `the password must have ${min} to ${max} characters`;
  const list = commonPasswords();
  const lower = password.toLowerCase();
  const word = core(password);
  if (list.has(lower) || (word !== '' && list.has(word)))
    return 'the password is one of the most common passwords (or one padded with digits or symbols); choose another';
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if (lower.includes(address) || (local.length >= 3 && lower.includes(local)))
    return 'the password must not contain the email address or its name part';
  return undefined;
}
