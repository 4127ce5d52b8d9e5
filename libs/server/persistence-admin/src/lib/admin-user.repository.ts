import { type AdminRole } from '@landing/shared/contracts-admin';
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

interface AdminUserRow {
  id: string;
  email: string;
  role: AdminRole;
  password_hash: string;
  disabled_at: Date | null;
  must_change_password: boolean;
}

const toRecord = (row: AdminUserRow): AdminUserRecord => ({
  id: row.id,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled_at !== null,
  mustChangePassword: row.must_change_password,
});

@Injectable()
export class AdminUserRepository {
  constructor(private readonly db: AdminDatabase) {}

  async findByEmail(email: string): Promise<AdminUserRecord | undefined> {
    const rows = await this.db.query<AdminUserRow>(
      `SELECT id, email, role, password_hash, disabled_at, must_change_password FROM admin_users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async list(): Promise<AdminUserRecord[]> {
    const rows = await this.db.query<AdminUserRow>(
      `SELECT id, email, role, password_hash, disabled_at, must_change_password FROM admin_users ORDER BY lower(email)`,
    );
    return rows.map(toRecord);
  }
}
