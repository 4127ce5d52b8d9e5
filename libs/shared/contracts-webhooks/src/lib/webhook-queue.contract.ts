import { type WebhookEvent } from './webhook-events.contract';

/** The worker's webhook queue: fan-out jobs (one per stored batch) and delivery jobs. */
export const WEBHOOK_QUEUE = 'webhooks';

export const WEBHOOK_JOB = {
  /** Events of one batch, to turn into one delivery per subscribed endpoint. */
  fanOut: 'fan-out',
  /** One delivery (its id is the webhook-id); retried with backoff by BullMQ. */
  deliver: 'deliver',
} as const;

export interface WebhookFanOutJob {
  events: WebhookEvent[];
}

export interface WebhookDeliverJob {
  deliveryId: string;
  endpointId: string;
}
