import {
  ADMIN_EMAIL_MAX_LENGTH,
  ADMIN_PASSWORD_LIMITS,
  ADMIN_ROLES,
  type AdminRole,
  type ChangeAdminRoleRequest,
  type ChangeOwnPasswordRequest,
  type CreateAdminUserRequest,
  type OwnLanguage,
  STAFF_LANGUAGES,
  type StaffLanguage,
} from '@landing/shared/contracts-admin';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

export class CreateAdminUserDto implements CreateAdminUserRequest {
  @IsString()
  @MaxLength(ADMIN_EMAIL_MAX_LENGTH)
  @IsEmail({ allow_display_name: false, allow_ip_domain: false })
  email!: string;

  @IsIn(ADMIN_ROLES) role!: AdminRole;

  @IsOptional() @IsIn(STAFF_LANGUAGES) language?: StaffLanguage;
}

export class OwnLanguageDto implements OwnLanguage {
  @IsIn(STAFF_LANGUAGES) language!: StaffLanguage;
}

export class ChangeAdminRoleDto implements ChangeAdminRoleRequest {
  @IsIn(ADMIN_ROLES) role!: AdminRole;
}

export class ChangeOwnPasswordDto implements ChangeOwnPasswordRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(ADMIN_PASSWORD_LIMITS.max)
  currentPassword!: string;

  /** Length and the rest of the policy are checked by checkChosenPassword. */
  @IsString()
  @MaxLength(ADMIN_PASSWORD_LIMITS.max * 4)
  newPassword!: string;
}
