import {
  type AdminRole,
  type AdminUserView,
  type StaffLanguage,
} from './admin-auth.contract';

/**
 * One row of `GET /api/admin/users` (admin role). The list is an array ordered by email.
 * `activeSessions` counts sessions neither revoked nor expired.
 */
export interface AdminUserListItem extends AdminUserView {
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  /** Last successful sign-in, null if never. */
  lastSignInAt: string | null;
  activeSessions: number;
  /** The language of the user's e-mail. */
  language: StaffLanguage;
}

/** Body of `POST /api/admin/users`. */
export interface CreateAdminUserRequest {
  email: string;
  role: AdminRole;
  /** The language of the user's e-mail (the welcome e-mail included); `fa` when absent. */
  language?: StaffLanguage;
}

/**
 * Answer of `POST /api/admin/users` (201). `temporaryPassword` is shown this once and never
 * again: the server keeps only its hash, and the new user must replace it at first sign-in.
 * The welcome e-mail carries the sign-in link, never this password: the admin passes it on
 * by another channel.
 */
export interface CreateAdminUserResponse {
  user: AdminUserListItem;
  temporaryPassword: string;
}

/**
 * Body of `PUT /api/admin/auth/language`, and the answer of it and of
 * `GET /api/admin/auth/language`: the language of one's own e-mail.
 */
export interface OwnLanguage {
  language: StaffLanguage;
}

/** Body of `PATCH /api/admin/users/:id/role`; answers the changed {@link AdminUserListItem}. */
export interface ChangeAdminRoleRequest {
  role: AdminRole;
}

/** Answer of `POST /api/admin/users/:id/revoke-sessions`. */
export interface RevokeSessionsResponse {
  revoked: number;
}

export const ADMIN_EMAIL_MAX_LENGTH = 254;
