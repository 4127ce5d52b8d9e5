import { type WebhookEventType } from './webhook-events.contract';

export const WEBHOOK_ENDPOINT_STATES = [
  'active',
  'paused',
  'disabled',
] as const;
/** `disabled`: turned off by the worker after too many consecutive failures. */
export type WebhookEndpointState = (typeof WEBHOOK_ENDPOINT_STATES)[number];

export const WEBHOOK_URL_MAX_LENGTH = 2000;
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 500;

/** An endpoint as the admin area sees it: never its secrets. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  state: WebhookEndpointState;
  consecutiveFailures: number;
  /** Until then the previous secret still signs too (rotation overlap); null without one. */
  previousSecretExpiresAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointListResponse {
  endpoints: WebhookEndpointView[];
}

/** `POST /api/admin/webhooks`. */
export interface CreateWebhookEndpointRequest {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/** The signing secret (`whsec_…`) is shown here once and never again. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpointView;
  secret: string;
}

/** `PATCH /api/admin/webhooks/:id`; `state` may be `active` or `paused` (re-enables a disabled one). */
export interface UpdateWebhookEndpointRequest {
  url?: string;
  events?: WebhookEventType[];
  description?: string;
  state?: 'active' | 'paused';
}

/** `POST /api/admin/webhooks/:id/rotate-secret`. */
export interface RotateWebhookSecretRequest {
  /** How long the previous secret keeps signing too; default 24 h. */
  overlapMinutes?: number;
}

export const WEBHOOK_DELIVERY_STATES = [
  'pending',
  'succeeded',
  'failed',
  'cancelled',
] as const;
/** `failed`: attempts exhausted or refused (SSRF); `cancelled`: the endpoint was paused or removed. */
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** One attempt of a delivery, as the delivery log shows it. */
export interface WebhookAttemptView {
  attempt: number;
  at: string;
  /** HTTP status, or null when no answer came (refused, timeout, connection error). */
  status: number | null;
  /** `ok`, `http_error`, `timeout`, `network_error`, `refused`. */
  outcome: string;
  latencyMs: number;
  /** The first bytes of the answer, or the error. */
  excerpt: string;
}

/** One message to one endpoint; its id is the `webhook-id` header. */
export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventType: string;
  state: WebhookDeliveryState;
  attempts: WebhookAttemptView[];
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryListResponse {
  deliveries: WebhookDeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last. */
  nextCursor: string | null;
}

/** `POST /api/admin/webhooks/:id/test` and `…/deliveries/:deliveryId/redeliver`. */
export interface WebhookDeliveryQueuedResponse {
  deliveryId: string;
}

/** In-app alerts (an endpoint disabled), newest first. */
export interface WebhookAlertView {
  id: string;
  endpointId: string;
  kind: 'endpoint_disabled';
  message: string;
  createdAt: string;
}

export interface WebhookAlertListResponse {
  alerts: WebhookAlertView[];
}
