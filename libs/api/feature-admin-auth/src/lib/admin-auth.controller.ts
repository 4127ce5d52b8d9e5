import { type AdminSessionResponse } from '@landing/shared/contracts-admin';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Res,
} from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { AdminLoginDto } from './admin-auth.dto';
import {
  AdminRoles,
  AllowedWithTemporaryPassword,
  CurrentOrigin,
  CurrentSession,
  PublicAdminRoute,
  type RequestOrigin,
} from './admin-request';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @PublicAdminRoute()
  async login(
    @Body() body: AdminLoginDto,
    @CurrentOrigin() origin: RequestOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdminSessionResponse> {
    const { token, session } = await this.sessions.login(
      body.email,
      body.password,
      origin,
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
  @AllowedWithTemporaryPassword()
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
  @AllowedWithTemporaryPassword()
  session(@CurrentSession() session: AdminSessionRecord): AdminSessionResponse {
    return toSessionResponse(session);
  }
}
