import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  type AdminSessionResponse,
  type AdminUserListItem,
  type CreateAdminUserResponse,
  type RevokeSessionsResponse,
} from '@landing/shared/contracts-admin';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import {
  AdminRoles,
  AllowedWithTemporaryPassword,
  CurrentSession,
} from './admin-request';
import {
  ChangeAdminRoleDto,
  ChangeOwnPasswordDto,
  CreateAdminUserDto,
} from './admin-users.dto';
import { AdminUsersService } from './admin-users.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/** User management under `/api/admin/users` (admin role: the guard's default), and one's own password. */
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get('users')
  list(): Promise<AdminUserListItem[]> {
    return this.users.list();
  }

  @Post('users')
  @HttpCode(201)
  create(
    @Body() body: CreateAdminUserDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<CreateAdminUserResponse> {
    return this.users.create(body.email, body.role, { session, request });
  }

  @Patch('users/:id/role')
  changeRole(
    @Param('id', uuid) id: string,
    @Body() body: ChangeAdminRoleDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<AdminUserListItem> {
    return this.users.changeRole(id, body.role, { session, request });
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  disable(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<AdminUserListItem> {
    return this.users.setDisabled(id, true, { session, request });
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  enable(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<AdminUserListItem> {
    return this.users.setDisabled(id, false, { session, request });
  }

  @Post('users/:id/revoke-sessions')
  @HttpCode(200)
  revokeSessions(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<RevokeSessionsResponse> {
    return this.users.revokeSessions(id, { session, request });
  }

  @Post('auth/password')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  @AllowedWithTemporaryPassword()
  changeOwnPassword(
    @Body() body: ChangeOwnPasswordDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<AdminSessionResponse> {
    return this.users.changeOwnPassword(
      body.currentPassword,
      body.newPassword,
      { session, request },
    );
  }
}
