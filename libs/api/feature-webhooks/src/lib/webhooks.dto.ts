import {
  type CreateWebhookEndpointRequest,
  type RotateWebhookSecretRequest,
  type UpdateWebhookEndpointRequest,
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_URL_MAX_LENGTH,
  type WebhookEventType,
} from '@landing/shared/contracts-webhooks';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class CreateWebhookEndpointDto implements CreateWebhookEndpointRequest {
  @IsString() @MaxLength(WEBHOOK_URL_MAX_LENGTH) url!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events!: WebhookEventType[];
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX_LENGTH)
  description?: string;
}

export class UpdateWebhookEndpointDto implements UpdateWebhookEndpointRequest {
  @IsOptional() @IsString() @MaxLength(WEBHOOK_URL_MAX_LENGTH) url?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX_LENGTH)
  description?: string;
  @IsOptional() @IsIn(['active', 'paused']) state?: 'active' | 'paused';
}

export class RotateWebhookSecretDto implements RotateWebhookSecretRequest {
  @IsOptional() @IsInt() @Min(0) @Max(7 * 24 * 60) overlapMinutes?: number;
}

export class WebhookDeliveriesQueryDto {
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'before must be a delivery id' })
  before?: string;
}
