import { AuditQueueProducer } from '@landing/api/data-access-audit';
import {
  type AdminActor,
  adminAuditEnvelope,
} from '@landing/api/feature-admin-auth';
import { RequestValidationError } from '@landing/api/util-http';
import {
  checkWebhookUrl,
  generateWebhookSecret,
  WebhookTargetRefused,
} from '@landing/server/domain-webhooks';
import {
  type WebhookDeliveryWithAttempts,
  WebhookDeliveryRepository,
  WebhookDispatcher,
  type WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '@landing/server/persistence-webhooks';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { type AdminWebhookChangedAuditPayload } from '@landing/shared/contracts-audit';
import {
  type CreateWebhookEndpointRequest,
  type UpdateWebhookEndpointRequest,
  type WebhookAlertListResponse,
  type WebhookDeliveryListResponse,
  type WebhookDeliveryView,
  type WebhookEndpointListResponse,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@landing/shared/contracts-webhooks';
import { Inject, Injectable } from '@nestjs/common';
import { WebhookNotFoundError } from './webhooks.errors';

const DELIVERY_PAGE = 50;
const DEFAULT_OVERLAP_MINUTES = 24 * 60;

export function toEndpointView(
  record: WebhookEndpointRecord,
): WebhookEndpointView {
  return {
    id: record.id,
    url: record.url,
    description: record.description,
    events: record.events,
    state: record.state,
    consecutiveFailures: record.consecutiveFailures,
    previousSecretExpiresAt:
      record.previousSecret && record.previousSecretExpiresAt
        ? record.previousSecretExpiresAt.toISOString()
        : null,
    disabledAt: record.disabledAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

function toDeliveryView(
  record: WebhookDeliveryWithAttempts,
): WebhookDeliveryView {
  return {
    id: record.id,
    endpointId: record.endpointId,
    eventType: record.eventType,
    state: record.state,
    attempts: record.attempts.map((attempt) => ({
      ...attempt,
      at: new Date(attempt.at).toISOString(),
    })),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** Webhook endpoints under `/api/admin/webhooks` (admin role): CRUD, test, redeliver, log. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly audit: AuditQueueProducer,
  ) {}

  async list(): Promise<WebhookEndpointListResponse> {
    return { endpoints: (await this.endpoints.list()).map(toEndpointView) };
  }

  async get(id: string): Promise<WebhookEndpointView> {
    return toEndpointView(await this.existing(id));
  }

  async create(
    input: CreateWebhookEndpointRequest,
    actor: AdminActor,
  ): Promise<WebhookEndpointWithSecret> {
    const url = this.checkedUrl(input.url);
    const secret = generateWebhookSecret();
    const record = await this.endpoints.create({
      url,
      events: [...new Set(input.events)],
      description: input.description ?? '',
      secret,
    });
    await this.record(actor, record, 'created');
    return { endpoint: toEndpointView(record), secret };
  }

  async update(
    id: string,
    changes: UpdateWebhookEndpointRequest,
    actor: AdminActor,
  ): Promise<WebhookEndpointView> {
    const record = await this.endpoints.update(id, {
      ...changes,
      url: changes.url === undefined ? undefined : this.checkedUrl(changes.url),
      events: changes.events && [...new Set(changes.events)],
    });
    if (!record) throw new WebhookNotFoundError();
    await this.record(actor, record, 'updated');
    return toEndpointView(record);
  }

  async remove(id: string, actor: AdminActor): Promise<void> {
    const record = await this.existing(id);
    await this.endpoints.remove(id);
    await this.record(actor, record, 'deleted');
  }

  async rotateSecret(
    id: string,
    overlapMinutes: number | undefined,
    actor: AdminActor,
  ): Promise<WebhookEndpointWithSecret> {
    const secret = generateWebhookSecret();
    const until = new Date(
      Date.now() + (overlapMinutes ?? DEFAULT_OVERLAP_MINUTES) * 60_000,
    );
    const record = await this.endpoints.rotateSecret(id, secret, until);
    if (!record) throw new WebhookNotFoundError();
    await this.record(actor, record, 'secret_rotated');
    return { endpoint: toEndpointView(record), secret };
  }

  async sendTest(
    id: string,
    actor: AdminActor,
  ): Promise<{ deliveryId: string }> {
    const record = await this.existing(id);
    const deliveryId = await this.dispatcher.sendTest(record);
    await this.record(actor, record, 'test_sent');
    return { deliveryId };
  }

  async redeliver(
    id: string,
    deliveryId: string,
    actor: AdminActor,
  ): Promise<{ deliveryId: string }> {
    const record = await this.existing(id);
    const delivery = await this.deliveries.byId(deliveryId);
    if (!delivery || delivery.endpointId !== id)
      throw new WebhookNotFoundError();
    await this.dispatcher.redeliver(deliveryId);
    await this.record(actor, record, 'redelivered');
    return { deliveryId };
  }

  async deliveryLog(
    id: string,
    before: string | undefined,
  ): Promise<WebhookDeliveryListResponse> {
    await this.existing(id);
    const rows = await this.deliveries.listForEndpoint(
      id,
      DELIVERY_PAGE + 1,
      before,
    );
    const page = rows.slice(0, DELIVERY_PAGE);
    return {
      deliveries: page.map(toDeliveryView),
      nextCursor:
        rows.length > DELIVERY_PAGE ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async alerts(): Promise<WebhookAlertListResponse> {
    return {
      alerts: (await this.endpoints.alerts()).map((alert) => ({
        ...alert,
        createdAt: alert.createdAt.toISOString(),
      })),
    };
  }

  private async existing(id: string): Promise<WebhookEndpointRecord> {
    const record = await this.endpoints.byId(id);
    if (!record) throw new WebhookNotFoundError();
    return record;
  }

  /** Shape and literal-address checks now; DNS is checked by the worker before every attempt. */
  private checkedUrl(raw: string): string {
    try {
      return checkWebhookUrl(raw.trim(), this.config.WEBHOOK_ALLOW_PRIVATE)
        .href;
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      throw new RequestValidationError([
        { field: 'url', code: 'INVALID_VALUE', message: error.message },
      ]);
    }
  }

  private async record(
    actor: AdminActor,
    endpoint: WebhookEndpointRecord,
    action: AdminWebhookChangedAuditPayload['action'],
  ): Promise<void> {
    await this.audit.record({
      ...adminAuditEnvelope(actor, null),
      type: 'admin.webhook_changed',
      // Without the query string: receivers often put a token there.
      payload: {
        endpointId: endpoint.id,
        action,
        url: endpoint.url.split('?')[0] ?? '',
      },
    });
  }
}
