import {
  closeWebhookConnections,
  resolveWebhookTarget,
  sendWebhook,
  systemLookup,
  type AttemptResult,
  type LookupAll,
  webhookHeaders,
  WebhookTargetRefused,
} from '@landing/server/domain-webhooks';
import {
  type AttemptToRecord,
  type WebhookEndpointRecord,
  WebhookDeliveryRepository,
  WebhookDispatcher,
  WebhookEndpointRepository,
} from '@landing/server/persistence-webhooks';
import { MicroBatcher } from '@landing/server/util-batching';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  WEBHOOK_JOB,
  type WebhookDeliverJob,
  type WebhookFanOutJob,
} from '@landing/shared/contracts-webhooks';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { WebhookMetrics } from './webhook-metrics';

/** Told when the worker disables an endpoint (e-mail to admins); a failure is only logged. */
export interface WebhookDisabledListener {
  webhookDisabled(endpoint: {
    id: string;
    url: string;
    failures: number;
  }): Promise<void>;
}
export const WEBHOOK_DISABLED_LISTENER = Symbol('WEBHOOK_DISABLED_LISTENER');

/** Tests resolve names their own way (a name that answers a private address). */
export const WEBHOOK_LOOKUP = Symbol('WEBHOOK_LOOKUP');

const ENDPOINT_CACHE_MS = 1000;

/** Handles jobs of the webhook queue: fan-out (events → deliveries) and single deliveries. */
@Injectable()
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);
  private readonly attempts: MicroBatcher<AttemptToRecord>;
  private readonly cache = new Map<
    string,
    { endpoint: WebhookEndpointRecord | undefined; until: number }
  >();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly metrics: WebhookMetrics,
    @Optional()
    @Inject(WEBHOOK_LOOKUP)
    private readonly lookup: LookupAll = systemLookup,
    @Optional()
    @Inject(WEBHOOK_DISABLED_LISTENER)
    private readonly disabledListener?: WebhookDisabledListener,
  ) {
    // One statement logs the attempts of many deliveries; a failure is the database's.
    this.attempts = new MicroBatcher(
      (rows) => this.deliveries.recordAttempts(rows),
      { maxSize: 500, maxWaitMs: 10, retryOneByOne: false },
    );
  }

  async process(job: Job<WebhookFanOutJob | WebhookDeliverJob>): Promise<void> {
    switch (job.name) {
      case WEBHOOK_JOB.fanOut:
        await this.dispatcher.dispatch((job.data as WebhookFanOutJob).events);
        return;
      case WEBHOOK_JOB.deliver:
        return this.deliver(job as Job<WebhookDeliverJob>);
      default:
        throw new UnrecoverableError(
          `unknown job name "${job.name}" on the webhook queue`,
        );
    }
  }

  async drain(): Promise<void> {
    await this.attempts.drain();
    closeWebhookConnections();
  }

  private async endpoint(
    id: string,
  ): Promise<WebhookEndpointRecord | undefined> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.endpoint;
    const endpoint = await this.endpoints.byId(id);
    this.cache.set(id, { endpoint, until: now + ENDPOINT_CACHE_MS });
    return endpoint;
  }

  private async deliver(job: Job<WebhookDeliverJob>): Promise<void> {
    const data = job.data;
    const attempt = data.attemptOffset + job.attemptsMade + 1;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const endpoint = await this.endpoint(data.endpointId);
    if (!endpoint || endpoint.state !== 'active') {
      this.metrics.deliveries.inc({
        event: data.eventType,
        outcome: 'cancelled',
      });
      if (endpoint)
        await this.deliveries.setState(data.deliveryId, 'cancelled');
      return;
    }

    let result: AttemptResult;
    try {
      const target = await resolveWebhookTarget(endpoint.url, {
        allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
        lookup: this.lookup,
      });
      const now = new Date();
      const secrets = [
        endpoint.secret,
        ...(endpoint.previousSecret &&
        endpoint.previousSecretExpiresAt &&
        endpoint.previousSecretExpiresAt > now
          ? [endpoint.previousSecret]
          : []),
      ];
      const headers = webhookHeaders(
        secrets,
        data.deliveryId,
        Math.floor(now.getTime() / 1000),
        data.body,
      );
      result = await sendWebhook(target, { ...headers }, data.body, {
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: this.config.WEBHOOK_MAX_RESPONSE_BYTES,
      });
      this.metrics.attemptDuration.observe(result.latencyMs / 1000);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      result = {
        outcome: 'refused',
        status: null,
        latencyMs: 0,
        excerpt: error.message,
      };
    }

    if (result.outcome === 'ok') {
      await this.attempts.add({
        deliveryId: data.deliveryId,
        attempt,
        ...result,
        state: 'succeeded',
      });
      if (endpoint.consecutiveFailures > 0) {
        await this.endpoints.recordSuccess(endpoint.id);
        this.cache.delete(endpoint.id);
      }
      this.metrics.deliveries.inc({
        event: data.eventType,
        outcome: 'delivered',
      });
      return;
    }

    const refused = result.outcome === 'refused';
    const { disabled } = await this.endpoints.recordFailure(
      endpoint.id,
      this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
    );
    if (disabled) {
      this.cache.delete(endpoint.id);
      this.metrics.endpointsDisabled.inc();
      this.logger.warn(
        `webhook endpoint ${endpoint.id} disabled after ${this.config.WEBHOOK_DISABLE_AFTER_FAILURES} consecutive failures`,
      );
      await this.disabledListener
        ?.webhookDisabled({
          id: endpoint.id,
          url: endpoint.url,
          failures: this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
        })
        .catch((error: unknown) =>
          this.logger.warn(
            `could not notify about disabled endpoint ${endpoint.id}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }
    const final = last || refused || disabled;
    await this.attempts.add({
      deliveryId: data.deliveryId,
      attempt,
      ...result,
      state: final ? 'failed' : 'pending',
    });
    this.metrics.deliveries.inc({
      event: data.eventType,
      outcome: refused ? 'refused' : final ? 'failed' : 'retrying',
    });
    const reason = `${result.outcome}${result.status ? ` ${result.status}` : ''}: ${result.excerpt.slice(0, 200)}`;
    if (final && !last) throw new UnrecoverableError(reason);
    throw new Error(reason);
  }
}
