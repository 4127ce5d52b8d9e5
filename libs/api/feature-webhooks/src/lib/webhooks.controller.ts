import { CurrentSession } from '@landing/api/feature-admin-auth';
import { UuidParamPipe } from '@landing/api/util-http';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
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
  Req,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
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
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.create(body, { session, request });
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateWebhookEndpointDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(id, body, { session, request });
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.webhooks.remove(id, { session, request });
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(
    @Param('id', uuid) id: string,
    @Body() body: RotateWebhookSecretDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.rotateSecret(id, body.overlapMinutes, {
      session,
      request,
    });
  }

  @Post(':id/test')
  @HttpCode(202)
  test(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<WebhookDeliveryQueuedResponse> {
    return this.webhooks.sendTest(id, { session, request });
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
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<WebhookDeliveryQueuedResponse> {
    return this.webhooks.redeliver(id, deliveryId, { session, request });
  }
}
