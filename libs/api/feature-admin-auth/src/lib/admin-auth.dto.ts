import { type AdminLoginRequest } from '@landing/shared/contracts-admin';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class AdminLoginDto implements AdminLoginRequest {
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}
