import {
  type AdminSessionResponse,
  type AdminUserListItem,
  type CreateAdminUserResponse,
  type OwnLanguage,
  type RevokeSessionsResponse,
} from '@landing/shared/contracts-admin';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { UuidParamPipe } from '@landing/api/util-http';
import {
  type AdminActor,
  AdminRoles,
  AllowedWithTemporaryPassword,
  CurrentActor,
} from './admin-request';
import {
  ChangeAdminRoleDto,
  ChangeOwnPasswordDto,
  CreateAdminUserDto,
  OwnLanguageDto,
} from './admin-users.dto';
import { AdminUsersService } from './admin-users.service';

const uuid = new UuidParamPipe();

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
    @CurrentActor() actor: AdminActor,
  ): Promise<CreateAdminUserResponse> {
    return this.users.create(body.email, body.role, actor, body.language);
  }

  @Patch('users/:id/role')
  changeRole(
    @Param('id', uuid) id: string,
    @Body() body: ChangeAdminRoleDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<AdminUserListItem> {
    return this.users.changeRole(id, body.role, actor);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  disable(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<AdminUserListItem> {
    return this.users.setDisabled(id, true, actor);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  enable(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<AdminUserListItem> {
    return this.users.setDisabled(id, false, actor);
  }

  @Post('users/:id/revoke-sessions')
  @HttpCode(200)
  revokeSessions(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<RevokeSessionsResponse> {
    return this.users.revokeSessions(id, actor);
  }

  @Post('auth/password')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  @AllowedWithTemporaryPassword()
  changeOwnPassword(
    @Body() body: ChangeOwnPasswordDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<AdminSessionResponse> {
    return this.users.changeOwnPassword(
      body.currentPassword,
      body.newPassword,
      actor,
    );
  }

  @Get('auth/language')
  @AdminRoles('admin', 'reviewer')
  ownLanguage(@CurrentActor() actor: AdminActor): Promise<OwnLanguage> {
    return this.users.ownLanguage(actor);
  }

  @Put('auth/language')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  setOwnLanguage(
    @Body() body: OwnLanguageDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<OwnLanguage> {
    return this.users.setOwnLanguage(body.language, actor);
  }
}
