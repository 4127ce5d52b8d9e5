/** `admin` may do everything (users, erasure); `reviewer` views, changes status, adds notes, exports. */
export const ADMIN_ROLES = ['admin', 'reviewer'] as const;

export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Languages a staff member can choose for their e-mail; Persian by default. */
export const STAFF_LANGUAGES = ['fa', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];

/** Body of `POST /api/admin/auth/login`. */
export interface AdminLoginRequest {
  email: string;
  password: string;
}

/** The signed-in admin user as the screen sees it. */
export interface AdminUserView {
  id: string;
  email: string;
  role: AdminRole;
}

/**
 * Answer of login and of `GET /api/admin/auth/session`. The session itself travels only in
 * an HttpOnly cookie; `csrfToken` is kept in memory by the screen and sent back as the
 * `x-csrf-token` header on every state-changing request.
 */
export interface AdminSessionResponse {
  user: AdminUserView;
  csrfToken: string;
  expiresAt: string;
  /**
   * True after an admin created this user (or reset its password) until the user sets a
   * password of their own: every admin route but the session, sign-out and
   * `POST /api/admin/auth/password` answers 403 `PASSWORD_CHANGE_REQUIRED` meanwhile.
   */
  mustChangePassword: boolean;
}

/** Name of the session cookie and of the CSRF header. */
export const ADMIN_SESSION_COOKIE = 'lp_admin_session';
export const ADMIN_CSRF_HEADER = 'x-csrf-token';

export const ADMIN_PASSWORD_LIMITS = { min: 12, max: 256 } as const;

/** Body of `POST /api/admin/auth/password` (any signed-in user, for their own account). */
export interface ChangeOwnPasswordRequest {
  currentPassword: string;
  newPassword: string;
}
