import { randomUUID } from 'node:crypto';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  AUDIT_FIELD_LIMITS,
  type AuditEnvelope,
} from '@landing/shared/contracts-audit';
import {
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { type AdminRole } from '@landing/shared/contracts-admin';
import { type FastifyRequest } from 'fastify';

/** The session the admin guard resolved for this request. */
export const ADMIN_SESSION = Symbol('ADMIN_SESSION');

export type AdminRequest = FastifyRequest & {
  [ADMIN_SESSION]?: AdminSessionRecord;
};

export const ADMIN_ROLES_KEY = 'landing:admin-roles';
export const PUBLIC_ADMIN_ROUTE_KEY = 'landing:admin-public';

/**
 * Roles allowed on a route under `/api/admin`. A route without this decorator is for
 * `admin` only: forgetting it fails closed.
 */
export const AdminRoles = (...roles: AdminRole[]) =>
  SetMetadata(ADMIN_ROLES_KEY, roles);

export const TEMPORARY_PASSWORD_ROUTE_KEY = 'landing:admin-temporary-password';

/**
 * A route a user who still has a temporary password may call (reading the session, signing
 * out, setting their own password); every other admin route answers 403
 * `PASSWORD_CHANGE_REQUIRED` to them.
 */
export const AllowedWithTemporaryPassword = () =>
  SetMetadata(TEMPORARY_PASSWORD_ROUTE_KEY, true);

/** The one kind of admin route that needs no session: signing in. */
export const PublicAdminRoute = () => SetMetadata(PUBLIC_ADMIN_ROUTE_KEY, true);

export function sessionOf(request: FastifyRequest): AdminSessionRecord {
  const session = (request as AdminRequest)[ADMIN_SESSION];
  // The guard runs first on every admin route; reaching here without a session is a wiring bug.
  if (!session)
    throw new Error('admin route reached without a resolved session');
  return session;
}

/** Parameter decorator: the signed-in admin's session. */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    sessionOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

const clip = (value: string | undefined, max: number) =>
  value === undefined ? null : value.slice(0, max);

/** Audit envelope of an admin action taken in this request. Admin events carry no phone number. */
export function adminAuditEnvelope(
  request: FastifyRequest,
  leadId: string | null,
  session?: AdminSessionRecord,
): AuditEnvelope {
  const userAgent = request.headers['user-agent'];
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    phone: null,
    leadId,
    ip: clip(request.ip, AUDIT_FIELD_LIMITS.ip),
    userAgent: clip(
      typeof userAgent === 'string' ? userAgent : undefined,
      AUDIT_FIELD_LIMITS.userAgent,
    ),
    path: clip(request.url.split('?')[0], AUDIT_FIELD_LIMITS.path),
    requestId: clip(request.id, AUDIT_FIELD_LIMITS.requestId),
    actor: session
      ? { adminId: session.user.id, username: session.user.email }
      : null,
  };
}
