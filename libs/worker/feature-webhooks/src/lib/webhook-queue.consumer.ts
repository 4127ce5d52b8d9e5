import { webhookRetryDelay } from '@landing/server/domain-webhooks';
import {
  WEBHOOK_BACKOFF_TYPE,
  WebhookDeliveryRepository,
} from '@landing/server/persistence-webhooks';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  WEBHOOK_QUEUE,
  type WebhookDeliverJob,
  type WebhookFanOutJob,
} from '@landing/shared/contracts-webhooks';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookMetrics } from './webhook-metrics';

/** Runs the webhook queue's BullMQ worker and samples the age of the oldest pending delivery. */
@Injectable()
export class WebhookQueueConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(WebhookQueueConsumer.name);
  private worker?: Worker<WebhookFanOutJob | WebhookDeliverJob>;
  private connection?: Redis;
  private sampler?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: WebhookDeliveryProcessor,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly metrics: WebhookMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    const policy = {
      baseMs: this.config.WEBHOOK_BACKOFF_MS,
      maxMs: this.config.WEBHOOK_BACKOFF_MAX_MS,
    };
    this.worker = new Worker(
      WEBHOOK_QUEUE,
      (job) => this.processor.process(job),
      {
        connection: this.connection,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WEBHOOK_CONCURRENCY,
        lockDuration: Math.max(
          this.config.WORKER_LOCK_DURATION_MS,
          this.config.WEBHOOK_TIMEOUT_MS * 3,
        ),
        stalledInterval: this.config.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: 5,
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string) =>
            type === WEBHOOK_BACKOFF_TYPE
              ? webhookRetryDelay(attemptsMade, policy)
              : Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1)),
        },
        autorun: true,
      },
    );
    this.worker.on('error', (error: Error) =>
      this.logger.warn(`worker: ${error.message}`),
    );
    this.worker.on('failed', (job, error) =>
      this.logger.debug(
        `webhook job ${job?.id ?? '?'} attempt ${job?.attemptsMade ?? '?'}: ${error.message}`,
      ),
    );
    this.metrics.oldestPending.set(0);
    this.sampler = setInterval(() => {
      this.deliveries
        .oldestPendingAgeSeconds()
        .then((age) => this.metrics.oldestPending.set(age))
        .catch((error: Error) =>
          this.logger.warn(`oldest pending delivery: ${error.message}`),
        );
    }, this.config.QUEUE_SAMPLE_INTERVAL_MS);
    this.sampler.unref();
    this.logger.log(
      `consuming "${WEBHOOK_QUEUE}" with concurrency ${this.config.WEBHOOK_CONCURRENCY}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sampler);
    if (!this.worker) return;
    await this.worker.close();
    await this.processor.drain();
    this.connection?.disconnect();
  }
}
