import { type AdminActor, CurrentActor } from '@landing/api/feature-admin-auth';
import { UuidParamPipe } from '@landing/api/util-http';
import {
  type WebhookAlertListResponse,
  type WebhookDeliveryListResponse,
  type WebhookDeliveryQueuedResponse,
  type WebhookEndpointListResponse,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@landing/shared/contracts-webhooks';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  CreateWebhookEndpointDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveriesQueryDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const uuid = new UuidParamPipe();

/** Outbound webhooks, for the admin role only (the guard's default: no @AdminRoles). */
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  list(): Promise<WebhookEndpointListResponse> {
    return this.webhooks.list();
  }

  @Get('alerts')
  alerts(): Promise<WebhookAlertListResponse> {
    return this.webhooks.alerts();
  }

  @Post()
  @HttpCode(201)
  create(
    @Body() body: CreateWebhookEndpointDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.create(body, actor);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateWebhookEndpointDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<void> {
    await this.webhooks.remove(id, actor);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(
    @Param('id', uuid) id: string,
    @Body() body: RotateWebhookSecretDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.rotateSecret(id, body.overlapMinutes, actor);
  }

  @Post(':id/test')
  @HttpCode(202)
  test(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<WebhookDeliveryQueuedResponse> {
    return this.webhooks.sendTest(id, actor);
  }

  @Get(':id/deliveries')
  deliveries(
    @Param('id', uuid) id: string,
    @Query() query: WebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryListResponse> {
    return this.webhooks.deliveryLog(id, query.before);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  redeliver(
    @Param('id', uuid) id: string,
    @Param('deliveryId', uuid) deliveryId: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<WebhookDeliveryQueuedResponse> {
    return this.webhooks.redeliver(id, deliveryId, actor);
  }
}
