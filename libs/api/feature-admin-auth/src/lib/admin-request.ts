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

/** Where an admin request came from: what the audit trail keeps of it. */
export interface RequestOrigin {
  /** The client's address as the api's trusted proxies resolve it. */
  address: string;
  userAgent: string | undefined;
  /** The path, without the query string. */
  path: string;
  requestId: string;
}

/**
 * Who acts, and from where: what a service needs of an admin request, so services never see
 * the HTTP request itself. Controllers build it with `@CurrentActor()`.
 */
export interface AdminActor extends RequestOrigin {
  /** The admin user's id. */
  id: string;
  email: string;
  role: AdminRole;
  session: AdminSessionRecord;
}

export function requestOrigin(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    address: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    path: request.url.split('?')[0] ?? '',
    requestId: request.id,
  };
}

export function adminActor(
  request: FastifyRequest,
  session: AdminSessionRecord,
): AdminActor {
  return {
    ...requestOrigin(request),
    id: session.user.id,
    email: session.user.email,
    role: session.user.role,
    session,
  };
}

/** Parameter decorator: the signed-in admin acting in this request. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return adminActor(request, sessionOf(request));
  },
);

/** Parameter decorator: where this request came from (for routes without a session). */
export const CurrentOrigin = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    requestOrigin(context.switchToHttp().getRequest<FastifyRequest>()),
);

const clip = (value: string | undefined, max: number) =>
  value === undefined ? null : value.slice(0, max);

/**
 * Audit envelope of an admin action: by `actor` when one is signed in, else only from where
 * it came (a failed sign-in). Admin events carry no phone number.
 */
export function adminAuditEnvelope(
  from: AdminActor | RequestOrigin,
  leadId: string | null,
  actor: Pick<AdminActor, 'id' | 'email'> | undefined = 'session' in from
    ? from
    : undefined,
): AuditEnvelope {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    phone: null,
    leadId,
    ip: clip(from.address, AUDIT_FIELD_LIMITS.ip),
    userAgent: clip(from.userAgent, AUDIT_FIELD_LIMITS.userAgent),
    path: clip(from.path, AUDIT_FIELD_LIMITS.path),
    requestId: clip(from.requestId, AUDIT_FIELD_LIMITS.requestId),
    actor: actor ? { adminId: actor.id, username: actor.email } : null,
  };
}
