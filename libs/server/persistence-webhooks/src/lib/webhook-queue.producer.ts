import {
  WEBHOOK_JOB,
  WEBHOOK_QUEUE,
  type WebhookDeliverJob,
  type WebhookEvent,
  type WebhookFanOutJob,
} from '@landing/shared/contracts-webhooks';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LazyQueue } from '@landing/server/util-queue';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createHash } from 'node:crypto';

/** The backoff strategy name the worker registers (exponential with jitter). */
export const WEBHOOK_BACKOFF_TYPE = 'webhook';

/** A stable id for a string: the fan-out of a replayed batch adds no second job. */
export function stableJobId(prefix: string, parts: readonly string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32)}`;
}

/**
 * Adds webhook jobs: one fan-out job per stored batch of events, and delivery jobs (retried
 * by BullMQ with the webhook backoff; the same job carries the same webhook-id throughout).
 */
@Injectable()
export class WebhookQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookQueueProducer.name);
  private readonly jobs: LazyQueue<WebhookFanOutJob | WebhookDeliverJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jobs = new LazyQueue(
      WEBHOOK_QUEUE,
      this.config.REDIS_URL,
      this.config.QUEUE_PREFIX,
      this.logger,
    );
  }

  private get queue() {
    return this.jobs.queue;
  }

  /** One job for the whole batch; its id follows from the events, so a replay adds nothing new. */
  async fanOut(events: readonly WebhookEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.queue.add(
      WEBHOOK_JOB.fanOut,
      { events: [...events] },
      {
        jobId: stableJobId(
          'fan',
          events.map((event) => event.eventId),
        ),
        attempts: 20,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: false,
      },
    );
  }

  async deliver(jobs: readonly WebhookDeliverJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: WEBHOOK_JOB.deliver,
        data,
        opts: {
          jobId: `${data.deliveryId}.${data.attemptOffset}`,
          attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          backoff: { type: WEBHOOK_BACKOFF_TYPE },
          removeOnComplete: true,
          removeOnFail: { count: 10_000 },
        },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}
