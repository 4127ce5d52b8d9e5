import { type SqlRow, type SqlSession } from '@landing/server/persistence-lead';
import {
  ADMIN_ROLES,
  type AdminRole,
  STAFF_LANGUAGES,
  type StaffLanguage,
} from '@landing/shared/contracts-admin';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

/** A staff account as the user-management screen lists it. */
export interface StaffAccountRecord {
  id: string;
  email: string;
  role: AdminRole;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  activeSessions: number;
  language: StaffLanguage;
}

/** Who receives staff e-mail: an enabled account's address, role and language. */
export interface StaffRecipient {
  id: string;
  email: string;
  role: AdminRole;
  language: StaffLanguage;
}

const ACCOUNT_SELECT = `
  SELECT u.id, u.email, u.role, u.disabled_at, u.must_change_password, u.created_at, u.last_sign_in_at, u.language,
         (SELECT count(*)::int FROM admin_sessions s
           WHERE s.admin_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions
    FROM admin_users u`;

const toAccount = (row: SqlRow): StaffAccountRecord => ({
  id: row.text('id'),
  email: row.text('email'),
  role: row.oneOf('role', ADMIN_ROLES),
  disabled: row.dateOrNull('disabled_at') !== null,
  mustChangePassword: row.bool('must_change_password'),
  createdAt: row.date('created_at'),
  lastSignInAt: row.dateOrNull('last_sign_in_at'),
  activeSessions: row.int('active_sessions'),
  language: row.oneOf('language', STAFF_LANGUAGES),
});

const toCount = (row: SqlRow) => row.int('n');

/** Why a change to an account was not made. */
export type AccountChangeRefusal = 'not_found' | 'last_admin';

/**
 * User management: accounts, roles, access and passwords. Changes that could leave nobody
 * able to manage users (demoting or disabling the last active admin) are refused inside one
 * transaction that locks every active admin, so two admins demoting each other at the same
 * moment cannot both succeed.
 */
@Injectable()
export class StaffAccountRepository {
  constructor(private readonly db: AdminDatabase) {}

  async list(): Promise<StaffAccountRecord[]> {
    return this.db.rows(
      `${ACCOUNT_SELECT} ORDER BY lower(u.email)`,
      [],
      toAccount,
    );
  }

  async find(id: string): Promise<StaffAccountRecord | undefined> {
    const [account] = await this.db.rows(
      `${ACCOUNT_SELECT} WHERE u.id = $1`,
      [id],
      toAccount,
    );
    return account;
  }

  /** Creates an account that must change its password at first sign-in; undefined if the email is taken. */
  async create(account: {
    email: string;
    role: AdminRole;
    passwordHash: string;
    language?: StaffLanguage;
  }): Promise<StaffAccountRecord | undefined> {
    const [id] = await this.db.rows(
      `WITH created AS (
         INSERT INTO admin_users (email, password_hash, role, must_change_password, language) VALUES ($1, $2, $3, true, $4)
         ON CONFLICT DO NOTHING RETURNING id
       ) SELECT id FROM created`,
      [
        account.email,
        account.passwordHash,
        account.role,
        account.language ?? 'fa',
      ],
      (row) => row.text('id'),
    );
    return id === undefined ? undefined : this.find(id);
  }

  async setRole(
    id: string,
    role: AdminRole,
  ): Promise<
    | { ok: true; before: AdminRole; account: StaffAccountRecord }
    | { ok: false; reason: AccountChangeRefusal }
  > {
    const outcome = await this.db.transaction(async (tx) => {
      const target = await this.lockTarget(tx, id);
      if (!target) return { ok: false, reason: 'not_found' } as const;
      if (
        target.role === 'admin' &&
        role !== 'admin' &&
        (await this.isLastActiveAdmin(tx, target))
      )
        return { ok: false, reason: 'last_admin' } as const;
      await tx.execute(
        `UPDATE admin_users SET role = $2, updated_at = now() WHERE id = $1`,
        [id, role],
      );
      return { ok: true, before: target.role } as const;
    });
    if (!outcome.ok) return outcome;
    const account = await this.find(id);
    if (!account) return { ok: false, reason: 'not_found' };
    return { ok: true, before: outcome.before, account };
  }

  /** Disables (ending every session in the same transaction) or enables an account. */
  async setDisabled(
    id: string,
    disabled: boolean,
  ): Promise<
    | { ok: true; sessionsRevoked: number; account: StaffAccountRecord }
    | { ok: false; reason: AccountChangeRefusal }
  > {
    const outcome = await this.db.transaction(async (tx) => {
      const target = await this.lockTarget(tx, id);
      if (!target) return { ok: false, reason: 'not_found' } as const;
      if (!disabled) {
        await tx.execute(
          `UPDATE admin_users SET disabled_at = NULL, updated_at = now() WHERE id = $1`,
          [id],
        );
        return { ok: true, sessionsRevoked: 0 } as const;
      }
      if (target.role === 'admin' && (await this.isLastActiveAdmin(tx, target)))
        return { ok: false, reason: 'last_admin' } as const;
      await tx.execute(
        `UPDATE admin_users SET disabled_at = coalesce(disabled_at, now()), updated_at = now() WHERE id = $1`,
        [id],
      );
      const [revoked = 0] = await tx.rows(
        `WITH revoked AS (UPDATE admin_sessions SET revoked_at = now() WHERE admin_id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT count(*)::int AS n FROM revoked`,
        [id],
        toCount,
      );
      return { ok: true, sessionsRevoked: revoked } as const;
    });
    if (!outcome.ok) return outcome;
    const account = await this.find(id);
    if (!account) return { ok: false, reason: 'not_found' };
    return { ok: true, sessionsRevoked: outcome.sessionsRevoked, account };
  }

  /** The stored hash, for checking a user's current password. */
  async passwordHashOf(
    id: string,
  ): Promise<{ hash: string; mustChange: boolean } | undefined> {
    const [stored] = await this.db.rows(
      `SELECT password_hash, must_change_password FROM admin_users WHERE id = $1 AND disabled_at IS NULL`,
      [id],
      (row) => ({
        hash: row.text('password_hash'),
        mustChange: row.bool('must_change_password'),
      }),
    );
    return stored;
  }

  /**
   * Sets a user's own new password and ends every other session of theirs, in one
   * transaction. Returns how many sessions ended.
   */
  async changeOwnPassword(
    id: string,
    passwordHash: string,
    keepSessionId: string,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.execute(
        `UPDATE admin_users SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1`,
        [id, passwordHash],
      );
      const [revoked = 0] = await tx.rows(
        `WITH revoked AS (
           UPDATE admin_sessions SET revoked_at = now() WHERE admin_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id
         ) SELECT count(*)::int AS n FROM revoked`,
        [id, keepSessionId],
        toCount,
      );
      return revoked;
    });
  }

  /** Sets the language of a user's e-mail; false when there is no such user. */
  async setLanguage(id: string, language: StaffLanguage): Promise<boolean> {
    const [changed] = await this.db.rows(
      `WITH changed AS (
         UPDATE admin_users SET language = $2, updated_at = now() WHERE id = $1 RETURNING id
       ) SELECT id FROM changed`,
      [id, language],
      (row) => row.text('id'),
    );
    return changed !== undefined;
  }

  /** Enabled accounts, admins only when `role` is given, for e-mail. */
  async recipients(role?: AdminRole): Promise<StaffRecipient[]> {
    return this.db.rows(
      `SELECT id, email, role, language FROM admin_users
        WHERE disabled_at IS NULL AND ($1::text IS NULL OR role = $1) ORDER BY id`,
      [role ?? null],
      (row) => ({
        id: row.text('id'),
        email: row.text('email'),
        role: row.oneOf('role', ADMIN_ROLES),
        language: row.oneOf('language', STAFF_LANGUAGES),
      }),
    );
  }

  async recordSignIn(id: string): Promise<void> {
    await this.db.execute(
      `UPDATE admin_users SET last_sign_in_at = now() WHERE id = $1`,
      [id],
    );
  }

  private async lockTarget(
    tx: SqlSession,
    id: string,
  ): Promise<{ id: string; role: AdminRole; disabled: boolean } | undefined> {
    // Every active admin is locked first (a fixed order), then the target.
    await tx.execute(
      `SELECT id FROM admin_users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
    );
    const [target] = await tx.rows(
      `SELECT id, role, disabled_at FROM admin_users WHERE id = $1 FOR UPDATE`,
      [id],
      (row) => ({
        id: row.text('id'),
        role: row.oneOf('role', ADMIN_ROLES),
        disabled: row.dateOrNull('disabled_at') !== null,
      }),
    );
    return target;
  }

  private async isLastActiveAdmin(
    tx: SqlSession,
    target: { id: string; disabled: boolean },
  ): Promise<boolean> {
    if (target.disabled) return false;
    const [others = 0] = await tx.rows(
      `SELECT count(*)::int AS n FROM admin_users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`,
      [target.id],
      toCount,
    );
    return others === 0;
  }
}
