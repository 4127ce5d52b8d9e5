import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditQueueProducer } from '@landing/api/data-access-audit';
import {
  AdminSessionRepository,
  type AdminSessionRecord,
  AdminUserRepository,
  hashAdminPassword,
  StaffAccountRepository,
} from '@landing/server/persistence-admin';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  type AdminRole,
  type AdminSessionResponse,
} from '@landing/shared/contracts-admin';
import { Inject, Injectable } from '@nestjs/common';
import { verify } from 'argon2';
import { WrongCredentialsError } from './admin-auth.errors';
import { adminAuditEnvelope, type RequestOrigin } from './admin-request';
import { LoginThrottle } from './login-throttle.service';

export interface SignedIn {
  /** Goes into the cookie only; the database keeps its HMAC. */
  token: string;
  session: AdminSessionRecord;
}

export function toSessionResponse(
  session: AdminSessionRecord,
): AdminSessionResponse {
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    mustChangePassword: session.mustChangePassword,
  };
}

/** Constant-time comparison of a CSRF header with the session's token. */
export function csrfMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Server-side admin sessions: sign in, look up, sign out, revoke. */
@Injectable()
export class AdminSessionService {
  /** Verified against when the email is unknown, so that case costs as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly users: AdminUserRepository,
    private readonly sessions: AdminSessionRepository,
    private readonly throttle: LoginThrottle,
    private readonly accounts: StaffAccountRepository,
    private readonly audit: AuditQueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(
    email: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<SignedIn> {
    const attempt = await this.throttle.reserve(origin.address, email);
    const user = await this.users.findByEmail(email);
    this.decoyHash ??= hashAdminPassword(randomBytes(16).toString('hex'));
    const valid = await verify(
      user?.passwordHash ?? (await this.decoyHash),
      password,
    ).catch(() => false);
    if (!user || user.disabled || !valid) {
      await this.audit.record({
        ...adminAuditEnvelope(origin, null),
        type: 'admin.login',
        payload: { outcome: 'failed', username: email.slice(0, 254) },
      });
      throw new WrongCredentialsError();
    }
    await this.throttle.succeeded(attempt);
    const token = randomBytes(32).toString('base64url');
    const session: AdminSessionRecord = {
      id: this.sessionId(token),
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(
        Date.now() + this.config.ADMIN_SESSION_TTL_MINUTES * 60_000,
      ),
      user: { id: user.id, email: user.email, role: user.role },
      mustChangePassword: user.mustChangePassword,
    };
    await this.sessions.create({
      id: session.id,
      adminId: user.id,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    });
    await this.accounts.recordSignIn(user.id);
    await this.audit.record({
      ...adminAuditEnvelope(origin, null, session.user),
      type: 'admin.login',
      payload: { outcome: 'succeeded', username: user.email },
    });
    return { token, session };
  }

  /**
   * A password check under the same limits as signing in (so it cannot be used to guess a
   * password): only a failed check counts.
   */
  async throttledPasswordCheck(
    address: string,
    email: string,
    check: () => Promise<boolean>,
  ): Promise<boolean> {
    const attempt = await this.throttle.reserve(address, email);
    const ok = await check();
    if (ok) await this.throttle.succeeded(attempt);
    return ok;
  }

  /** The live session behind a cookie token; looked up on every request, so revocation is immediate. */
  resolve(token: string): Promise<AdminSessionRecord | undefined> {
    if (token.length > 128) return Promise.resolve(undefined);
    return this.sessions.findActive(this.sessionId(token));
  }

  /** Which of these sessions (by `AdminSessionRecord.id`) are still live, with their user's role now: one query for many. */
  stillActive(ids: readonly string[]): Promise<Map<string, AdminRole>> {
    return this.sessions.activeAmong(ids);
  }

  async logout(session: AdminSessionRecord): Promise<void> {
    await this.sessions.revoke(session.id);
  }

  revokeAllOf(adminId: string): Promise<number> {
    return this.sessions.revokeAllOf(adminId);
  }

  private sessionId(token: string): string {
    return createHmac('sha256', this.config.ADMIN_SESSION_SECRET)
      .update(token)
      .digest('hex');
  }
}
