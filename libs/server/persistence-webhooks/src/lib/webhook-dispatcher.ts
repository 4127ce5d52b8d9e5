import { createHash, randomUUID } from 'node:crypto';
import {
  WEBHOOK_TEST_EVENT,
  WEBHOOK_PAYLOAD_VERSION,
  type WebhookDeliverJob,
  type WebhookEvent,
  type WebhookTestPayload,
} from '@landing/shared/contracts-webhooks';
import { Injectable } from '@nestjs/common';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import {
  type WebhookEndpointRecord,
  WebhookEndpointRepository,
} from './webhook-endpoint.repository';
import { WebhookQueueProducer } from './webhook-queue.producer';

/** The delivery (message × endpoint) id, in UUID form: deterministic, so replays collapse. */
export function deliveryIdFor(endpointId: string, eventId: string): string {
  const hex = createHash('sha256')
    .update(`${endpointId}\n${eventId}`)
    .digest('hex');
  // Version 8 (custom) UUID with the RFC 4122 variant.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16) +
      hex.slice(18, 20),
    hex.slice(20, 32),
  ].join('-');
}

/** Turns events into deliveries for the endpoints that want them, and queues those. */
@Injectable()
export class WebhookDispatcher {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly queue: WebhookQueueProducer,
  ) {}

  /** Returns the number of deliveries queued. */
  async dispatch(events: readonly WebhookEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const subscribers = await this.endpoints.subscribers([
      ...new Set(events.map((event) => event.payload.type)),
    ]);
    const rows = events.flatMap((event) =>
      subscribers
        .filter((endpoint) =>
          (endpoint.events as string[]).includes(event.payload.type),
        )
        .map((endpoint) => ({
          id: deliveryIdFor(endpoint.id, event.eventId),
          endpointId: endpoint.id,
          eventId: event.eventId,
          eventType: event.payload.type,
          payload: JSON.stringify(event.payload),
        })),
    );
    return this.queueRows(rows);
  }

  /** A `webhook.test` event to one endpoint, whatever it subscribes to. */
  async sendTest(endpoint: WebhookEndpointRecord): Promise<string> {
    const eventId = `test:${randomUUID()}`;
    const payload: WebhookTestPayload = {
      type: WEBHOOK_TEST_EVENT,
      version: WEBHOOK_PAYLOAD_VERSION,
      timestamp: new Date().toISOString(),
      data: {
        endpointId: endpoint.id,
        message: 'A test event from the landing admin area.',
      },
    };
    const id = deliveryIdFor(endpoint.id, eventId);
    await this.queueRows([
      {
        id,
        endpointId: endpoint.id,
        eventId,
        eventType: WEBHOOK_TEST_EVENT,
        payload: JSON.stringify(payload),
      },
    ]);
    return id;
  }

  /** Sends a stored delivery again by hand: the same webhook-id and body, new attempts. */
  async redeliver(deliveryId: string): Promise<boolean> {
    const delivery = await this.deliveries.byId(deliveryId);
    if (!delivery) return false;
    await this.deliveries.setState(deliveryId, 'pending');
    await this.queue.deliver([
      {
        deliveryId,
        endpointId: delivery.endpointId,
        eventType: delivery.eventType,
        body: delivery.payload,
        attemptOffset: delivery.attempts,
      },
    ]);
    return true;
  }

  private async queueRows(
    rows: {
      id: string;
      endpointId: string;
      eventId: string;
      eventType: string;
      payload: string;
    }[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const pending = new Set(await this.deliveries.createMany(rows));
    const jobs: WebhookDeliverJob[] = rows
      .filter((row) => pending.has(row.id))
      .map((row) => ({
        deliveryId: row.id,
        endpointId: row.endpointId,
        eventType: row.eventType,
        body: row.payload,
        attemptOffset: 0,
      }));
    await this.queue.deliver(jobs);
    return jobs.length;
  }
}
