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

/** Carries the body, so an attempt reads nothing but its endpoint (cached) before sending. */
export interface WebhookDeliverJob {
  /** Also the `webhook-id` header. */
  deliveryId: string;
  endpointId: string;
  eventType: string;
  /** The exact JSON body signed and sent on every attempt. */
  body: string;
  /** Attempts already logged before this job (a redelivery continues the numbering). */
  attemptOffset: number;
}
