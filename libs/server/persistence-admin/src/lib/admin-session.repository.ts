import { type SqlRow } from '@landing/server/persistence-lead';
import { ADMIN_ROLES, type AdminRole } from '@landing/shared/contracts-admin';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

export interface AdminSessionRecord {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; role: AdminRole };
  /** The user still has the temporary password an admin gave them. */
  mustChangePassword: boolean;
}

const toSession = (row: SqlRow): AdminSessionRecord => ({
  id: row.text('id'),
  csrfToken: row.text('csrf_token'),
  expiresAt: row.date('expires_at'),
  user: {
    id: row.text('admin_id'),
    email: row.text('email'),
    role: row.oneOf('role', ADMIN_ROLES),
  },
  mustChangePassword: row.bool('must_change_password'),
});

@Injectable()
export class AdminSessionRepository {
  constructor(private readonly db: AdminDatabase) {}

  async create(session: {
    id: string;
    adminId: string;
    csrfToken: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.execute(
      `INSERT INTO admin_sessions (id, admin_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
      [session.id, session.adminId, session.csrfToken, session.expiresAt],
    );
  }

  /** The session if it exists, is neither revoked nor expired, and its user is not disabled. */
  async findActive(id: string): Promise<AdminSessionRecord | undefined> {
    const [session] = await this.db.rows(
      `SELECT s.id, s.csrf_token, s.expires_at, u.id AS admin_id, u.email, u.role, u.must_change_password
         FROM admin_sessions s JOIN admin_users u ON u.id = s.admin_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [id],
      toSession,
    );
    return session;
  }

  /**
   * Which of these sessions are still live (as {@link findActive} decides), each with its
   * user's current role, in one query.
   */
  async activeAmong(ids: readonly string[]): Promise<Map<string, AdminRole>> {
    if (ids.length === 0) return new Map();
    const live = await this.db.rows(
      `SELECT s.id, u.role FROM admin_sessions s JOIN admin_users u ON u.id = s.admin_id
        WHERE s.id = ANY($1::text[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [ids],
      (row) => [row.text('id'), row.oneOf('role', ADMIN_ROLES)] as const,
    );
    return new Map(live);
  }

  async revoke(id: string): Promise<void> {
    await this.db.execute(
      `UPDATE admin_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
  }

  /** Revokes every live session of one user; returns how many. */
  async revokeAllOf(adminId: string): Promise<number> {
    const [revoked = 0] = await this.db.rows(
      `WITH revoked AS (UPDATE admin_sessions SET revoked_at = now() WHERE admin_id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT count(*) AS n FROM revoked`,
      [adminId],
      (row) => row.int('n'),
    );
    return revoked;
  }
}
