import { counter, gauge, histogram } from '@landing/server/util-observability';
import { Injectable } from '@nestjs/common';

/** Outcomes of one delivery attempt, as counted. */
export const WEBHOOK_ATTEMPT_OUTCOMES = [
  'delivered',
  'retrying',
  'failed',
  'refused',
  'cancelled',
] as const;
export type WebhookAttemptMetricOutcome =
  (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];

@Injectable()
export class WebhookMetrics {
  readonly deliveries = counter({
    name: 'landing_webhook_deliveries_total',
    help: 'Webhook delivery attempts by event type and outcome (delivered; retrying: failed, another attempt follows; failed: attempts exhausted or endpoint disabled; refused: the SSRF guard refused the target; cancelled: the endpoint is paused or gone)',
    labelNames: ['event', 'outcome'] as const,
  });

  readonly attemptDuration = histogram({
    name: 'landing_webhook_attempt_duration_seconds',
    help: 'Time from connecting to a webhook receiver to the end of its answer',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

  readonly oldestPending = gauge({
    name: 'landing_webhook_oldest_pending_seconds',
    help: 'Age of the oldest webhook delivery not yet delivered nor given up (0 with none)',
  });

  readonly endpointsDisabled = counter({
    name: 'landing_webhook_endpoints_disabled_total',
    help: 'Webhook endpoints disabled after too many consecutive failures',
  });
}
