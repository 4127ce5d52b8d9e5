import { ADMIN_SESSION_COOKIE } from '@landing/shared/contracts-admin';

/** The admin api's path: the browser sends the session cookie nowhere else. */
export const ADMIN_COOKIE_PATH = '/api/admin';

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The session token from a Cookie header, if well-formed. Hand-rolled rather than
 * @fastify/cookie: that plugin loads the ESM-only `cookie` package with a dynamic import,
 * which jest's CommonJS runtime cannot run, and one cookie of base64url is all we read.
 */
export function sessionTokenFrom(
  header: string | undefined,
): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === ADMIN_SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return TOKEN.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Strict, Secure in production. */
export function sessionCookie(
  token: string,
  expires: Date,
  secure: boolean,
): string {
  return [
    `${ADMIN_SESSION_COOKIE}=${token}`,
    `Path=${ADMIN_COOKIE_PATH}`,
    `Expires=${expires.toUTCString()}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${ADMIN_SESSION_COOKIE}=`,
    `Path=${ADMIN_COOKIE_PATH}`,
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
