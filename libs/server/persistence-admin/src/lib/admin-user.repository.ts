import { type SqlRow } from '@landing/server/persistence-lead';
import { ADMIN_ROLES, type AdminRole } from '@landing/shared/contracts-admin';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

export interface AdminUserRecord {
  id: string;
  email: string;
  role: AdminRole;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

const toRecord = (row: SqlRow): AdminUserRecord => ({
  id: row.text('id'),
  email: row.text('email'),
  role: row.oneOf('role', ADMIN_ROLES),
  passwordHash: row.text('password_hash'),
  disabled: row.dateOrNull('disabled_at') !== null,
  mustChangePassword: row.bool('must_change_password'),
});

@Injectable()
export class AdminUserRepository {
  constructor(private readonly db: AdminDatabase) {}

  async findByEmail(email: string): Promise<AdminUserRecord | undefined> {
    const [user] = await this.db.rows(
      `SELECT id, email, role, password_hash, disabled_at, must_change_password FROM admin_users WHERE lower(email) = lower($1)`,
      [email],
      toRecord,
    );
    return user;
  }

  async list(): Promise<AdminUserRecord[]> {
    return this.db.rows(
      `SELECT id, email, role, password_hash, disabled_at, must_change_password FROM admin_users ORDER BY lower(email)`,
      [],
      toRecord,
    );
  }
}
