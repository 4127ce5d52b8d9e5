import {
  type AdminSessionResponse,
  type AdminUserView,
} from '@landing/shared/contracts-admin';
import { AdminUserRepository } from '@landing/server/persistence-admin';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { UuidParamPipe } from '@landing/api/util-http';
import { AdminLoginDto } from './admin-auth.dto';
import { AdminRoles, CurrentSession, PublicAdminRoute } from './admin-request';
import { clearedSessionCookie, sessionCookie } from './admin-cookie';
import {
  AdminSessionService,
  toSessionResponse,
} from './admin-session.service';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';

@Controller('admin')
export class AdminAuthController {
  constructor(
    private readonly sessions: AdminSessionService,
    private readonly users: AdminUserRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @PublicAdminRoute()
  async login(
    @Body() body: AdminLoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdminSessionResponse> {
    const { token, session } = await this.sessions.login(
      body.email,
      body.password,
      request,
    );
    void reply.header(
      'set-cookie',
      sessionCookie(
        token,
        session.expiresAt,
        this.config.NODE_ENV === 'production',
      ),
    );
    return toSessionResponse(session);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @AdminRoles('admin', 'reviewer')
  async logout(
    @CurrentSession() session: AdminSessionRecord,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.logout(session);
    void reply.header(
      'set-cookie',
      clearedSessionCookie(this.config.NODE_ENV === 'production'),
    );
  }

  @Get('auth/session')
  @AdminRoles('admin', 'reviewer')
  session(@CurrentSession() session: AdminSessionRecord): AdminSessionResponse {
    return toSessionResponse(session);
  }

  @Get('users')
  async listUsers(): Promise<AdminUserView[]> {
    return (await this.users.list()).map((user) => ({
      id: user.id,
      email: user.email,
      role: user.role,
    }));
  }

  @Post('users/:id/revoke-sessions')
  @HttpCode(200)
  async revokeSessions(
    @Param('id', new UuidParamPipe()) id: string,
  ): Promise<{ revoked: number }> {
    return { revoked: await this.sessions.revokeAllOf(id) };
  }
}
