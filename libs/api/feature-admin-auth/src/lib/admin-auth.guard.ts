import {
  ADMIN_CSRF_HEADER,
  type AdminRole,
} from '@landing/shared/contracts-admin';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { ADMIN_COOKIE_PATH, sessionTokenFrom } from './admin-cookie';
import {
  CsrfTokenError,
  NotSignedInError,
  PasswordChangeRequiredError,
  WrongRoleError,
} from './admin-auth.errors';
import {
  ADMIN_ROLES_KEY,
  ADMIN_SESSION,
  type AdminRequest,
  PUBLIC_ADMIN_ROUTE_KEY,
  TEMPORARY_PASSWORD_ROUTE_KEY,
} from './admin-request';
import { AdminSessionService, csrfMatches } from './admin-session.service';

/** Every route under it needs a session (the cookie is scoped to the same path). */
export const ADMIN_ROUTE_PREFIX = ADMIN_COOKIE_PATH;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Installed globally: every route under `/api/admin` needs a live session, a role the route
 * allows (`admin` when it names none) and, unless it only reads, the session's CSRF token in
 * the `x-csrf-token` header. Routes elsewhere pass untouched.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: AdminSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url ?? request.url;
    if (
      route !== ADMIN_ROUTE_PREFIX &&
      !route.startsWith(`${ADMIN_ROUTE_PREFIX}/`)
    )
      return true;
    const targets = [context.getHandler(), context.getClass()];
    if (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ADMIN_ROUTE_KEY, targets)
    )
      return true;

    const token = sessionTokenFrom(request.headers.cookie);
    const session = token ? await this.sessions.resolve(token) : undefined;
    if (!session) throw new NotSignedInError();
    if (
      session.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(
        TEMPORARY_PASSWORD_ROUTE_KEY,
        targets,
      )
    )
      throw new PasswordChangeRequiredError();
    const roles = this.reflector.getAllAndOverride<AdminRole[] | undefined>(
      ADMIN_ROLES_KEY,
      targets,
    ) ?? ['admin'];
    if (!roles.includes(session.user.role)) throw new WrongRoleError();
    if (
      !SAFE_METHODS.has(request.method) &&
      !csrfMatches(request.headers[ADMIN_CSRF_HEADER], session.csrfToken)
    ) {
      throw new CsrfTokenError();
    }
    (request as AdminRequest)[ADMIN_SESSION] = session;
    return true;
  }
}
