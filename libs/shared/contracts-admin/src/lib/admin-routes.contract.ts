import { type ErrorCode } from '@landing/shared/contracts-lead';

/** Paths of the admin api, for the screens' data-access layer and the tests. */
export const ADMIN_API = {
  login: '/api/admin/auth/login',
  logout: '/api/admin/auth/logout',
  session: '/api/admin/auth/session',
  ownPassword: '/api/admin/auth/password',
  ownLanguage: '/api/admin/auth/language',
  users: '/api/admin/users',
  user: (id: string) => `/api/admin/users/${encodeURIComponent(id)}`,
  userRole: (id: string) => `/api/admin/users/${encodeURIComponent(id)}/role`,
  userDisable: (id: string) =>
    `/api/admin/users/${encodeURIComponent(id)}/disable`,
  userEnable: (id: string) =>
    `/api/admin/users/${encodeURIComponent(id)}/enable`,
  userRevokeSessions: (id: string) =>
    `/api/admin/users/${encodeURIComponent(id)}/revoke-sessions`,
  leads: '/api/admin/leads',
  leadsExport: '/api/admin/leads/export',
  leadsBulkStatus: '/api/admin/leads/bulk-status',
  lead: (id: string) => `/api/admin/leads/${encodeURIComponent(id)}`,
  leadTimeline: (id: string) =>
    `/api/admin/leads/${encodeURIComponent(id)}/timeline`,
  views: '/api/admin/views',
  view: (id: string) => `/api/admin/views/${encodeURIComponent(id)}`,
  overviewLeadsPerDay: '/api/admin/overview/leads-per-day',
  overviewFunnel: '/api/admin/overview/funnel',
  overviewQuality: '/api/admin/overview/quality',
  overviewResponseTime: '/api/admin/overview/response-time',
  overviewSla: '/api/admin/overview/sla',
} as const;

/**
 * Stable error codes of the admin api beyond the common ones (`VALIDATION_FAILED`,
 * `NOT_FOUND`, `UNAUTHENTICATED`, `FORBIDDEN`, `CONFLICT`, …), as they appear in `code`:
 * - `PASSWORD_CHANGE_REQUIRED` (403): the user signed in with a temporary password and must
 *   set their own (`POST /api/admin/auth/password`) before anything else;
 * - `WRONG_PASSWORD` (403): the current password given to change one's own is wrong;
 * - `LAST_ADMIN` (409): the change would leave no active admin;
 * - `CONFLICT` (409) on creating a user whose email exists, or a view whose name the owner
 *   already uses; `FORBIDDEN` (403) on changing someone else's view.
 * A rejected new password is `VALIDATION_FAILED` with field `newPassword` (or `password`)
 * and field code `INVALID_VALUE`; its message says which rule failed.
 */
export const ADMIN_ERROR_CODES = [
  'PASSWORD_CHANGE_REQUIRED',
  'WRONG_PASSWORD',
  'LAST_ADMIN',
] as const satisfies readonly ErrorCode[];
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];
