import { randomBytes } from 'node:crypto';
import { AuditQueueProducer } from '@landing/api/data-access-audit';
import {
  AdminSessionRepository,
  hashAdminPassword,
  type StaffAccountRecord,
  StaffAccountRepository,
} from '@landing/server/persistence-admin';
import {
  type AdminRole,
  type AdminSessionResponse,
  type AdminUserListItem,
  type CreateAdminUserResponse,
  type OwnLanguage,
  type RevokeSessionsResponse,
  type StaffLanguage,
} from '@landing/shared/contracts-admin';
import { MailQueueProducer } from '@landing/server/util-mail';
import {
  type AuditEvent,
  type AuditEventType,
  type AuditPayloads,
} from '@landing/shared/contracts-audit';
import { Injectable, Logger } from '@nestjs/common';
import { verify } from 'argon2';
import {
  LastAdminError,
  StaffAccountNotFoundError,
  StaffEmailTakenError,
  WrongCurrentPasswordError,
} from './admin-auth.errors';
import { type AdminActor, adminAuditEnvelope } from './admin-request';
import {
  AdminSessionService,
  toSessionResponse,
} from './admin-session.service';
import { checkChosenPassword } from './password-rules';

export const toUserListItem = (
  account: StaffAccountRecord,
): AdminUserListItem => ({
  id: account.id,
  email: account.email,
  role: account.role,
  disabled: account.disabled,
  mustChangePassword: account.mustChangePassword,
  createdAt: account.createdAt.toISOString(),
  lastSignInAt: account.lastSignInAt?.toISOString() ?? null,
  activeSessions: account.activeSessions,
  language: account.language,
});

/** What an admin action's audit event says, besides the envelope. */
export type AuditBody = {
  [T in AuditEventType]: { type: T; payload: AuditPayloads[T] };
}[AuditEventType];

/** 18 random bytes: 24 URL-safe characters, far beyond any guessing within the sign-in limits. */
const temporaryPassword = () => randomBytes(18).toString('base64url');

/** User management (admin role) and every user's own password. */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);

  constructor(
    private readonly accounts: StaffAccountRepository,
    private readonly sessions: AdminSessionRepository,
    private readonly sessionService: AdminSessionService,
    private readonly audit: AuditQueueProducer,
    private readonly mail: MailQueueProducer,
  ) {}

  async list(): Promise<AdminUserListItem[]> {
    return (await this.accounts.list()).map(toUserListItem);
  }

  async create(
    email: string,
    role: AdminRole,
    actor: AdminActor,
    language: StaffLanguage = 'fa',
  ): Promise<CreateAdminUserResponse> {
    const password = temporaryPassword();
    const account = await this.accounts.create({
      email: email.trim(),
      role,
      passwordHash: await hashAdminPassword(password),
      language,
    });
    if (!account) throw new StaffEmailTakenError();
    await this.record(actor, {
      type: 'admin.user_created',
      payload: { userId: account.id, email: account.email, role },
    });
    // The sign-in link only: the temporary password reaches the user through the admin, so
    // a mailbox read by someone else is not enough to take over the account.
    // The account exists by now: a queue that is away costs the e-mail, not the answer.
    await this.mail
      .send([
        {
          kind: 'account_created',
          to: { email: account.email, language: account.language },
          data: { role },
          messageKey: account.id,
        },
      ])
      .catch((error: unknown) =>
        this.logger.warn(
          `welcome e-mail not queued: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    return { user: toUserListItem(account), temporaryPassword: password };
  }

  async changeRole(
    id: string,
    role: AdminRole,
    actor: AdminActor,
  ): Promise<AdminUserListItem> {
    const changed = await this.accounts.setRole(id, role);
    if (!changed.ok) throw this.refusal(changed.reason);
    if (changed.before !== role)
      await this.record(actor, {
        type: 'admin.user_role_changed',
        payload: {
          userId: id,
          email: changed.account.email,
          before: changed.before,
          after: role,
        },
      });
    return toUserListItem(changed.account);
  }

  async setDisabled(
    id: string,
    disabled: boolean,
    actor: AdminActor,
  ): Promise<AdminUserListItem> {
    const changed = await this.accounts.setDisabled(id, disabled);
    if (!changed.ok) throw this.refusal(changed.reason);
    const payload = {
      userId: id,
      email: changed.account.email,
      sessionsRevoked: changed.sessionsRevoked,
    };
    await this.record(
      actor,
      disabled
        ? { type: 'admin.user_disabled', payload }
        : { type: 'admin.user_enabled', payload },
    );
    return toUserListItem(changed.account);
  }

  async revokeSessions(
    id: string,
    actor: AdminActor,
  ): Promise<RevokeSessionsResponse> {
    const account = await this.accounts.find(id);
    if (!account) throw new StaffAccountNotFoundError();
    const revoked = await this.sessions.revokeAllOf(id);
    await this.record(actor, {
      type: 'admin.sessions_revoked',
      payload: { userId: id, email: account.email, sessionsRevoked: revoked },
    });
    return { revoked };
  }

  /**
   * A user sets their own password: the current one is required (and counts against the
   * sign-in limits, so this route cannot be used to guess it), every other session of theirs
   * ends, and a temporary password stops blocking the other admin routes.
   */
  async ownLanguage(actor: AdminActor): Promise<OwnLanguage> {
    const account = await this.accounts.find(actor.session.user.id);
    if (!account) throw new StaffAccountNotFoundError();
    return { language: account.language };
  }

  /** A preference, not an access change: no audit event. */
  async setOwnLanguage(
    language: StaffLanguage,
    actor: AdminActor,
  ): Promise<OwnLanguage> {
    if (!(await this.accounts.setLanguage(actor.session.user.id, language)))
      throw new StaffAccountNotFoundError();
    return { language };
  }

  async changeOwnPassword(
    currentPassword: string,
    newPassword: string,
    actor: AdminActor,
  ): Promise<AdminSessionResponse> {
    const { session } = actor;
    const stored = await this.accounts.passwordHashOf(session.user.id);
    const valid = await this.sessionService.throttledPasswordCheck(
      actor.address,
      session.user.email,
      async () =>
        stored !== undefined &&
        (await verify(stored.hash, currentPassword).catch(() => false)),
    );
    if (!stored || !valid) throw new WrongCurrentPasswordError();
    checkChosenPassword('newPassword', newPassword, {
      email: session.user.email,
      previousPassword: currentPassword,
    });
    const revoked = await this.accounts.changeOwnPassword(
      session.user.id,
      await hashAdminPassword(newPassword),
      session.id,
    );
    await this.record(actor, {
      type: 'admin.password_changed',
      payload: {
        userId: session.user.id,
        wasTemporary: stored.mustChange,
        sessionsRevoked: revoked,
      },
    });
    return toSessionResponse({ ...session, mustChangePassword: false });
  }

  private refusal(reason: 'not_found' | 'last_admin'): Error {
    return reason === 'last_admin'
      ? new LastAdminError()
      : new StaffAccountNotFoundError();
  }

  private async record(actor: AdminActor, event: AuditBody): Promise<void> {
    await this.audit.record({
      ...adminAuditEnvelope(actor, null),
      ...event,
    } as AuditEvent);
  }
}
