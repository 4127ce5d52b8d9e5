import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ResilientQueue } from '@landing/server/util-queue';
import { type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueMetrics, SAMPLED_JOB_STATES } from './queue-metrics';

/** The queues whose depth and lag are exported. */
export const SAMPLED_QUEUES: readonly string[] = [LEAD_QUEUE];

/**
 * Reads queue depth, the oldest waiting job and the number of consumers on a timer, so a
 * scrape never touches Redis however often Prometheus (or several of them) asks.
 */
@Injectable()
export class QueueDepthSampler
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(QueueDepthSampler.name);
  private connection?: Redis;
  private queues: ResilientQueue<unknown>[] = [];
  private timer?: NodeJS.Timeout;
  private sampling = false;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: QueueMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.METRICS_ENABLED) return;
    this.connection = new Redis(this.config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 5000,
    });
    this.connection.on('error', () => undefined);
    this.queues = SAMPLED_QUEUES.map(
      (name) =>
        new ResilientQueue(name, {
          connection: this.connection as Redis,
          prefix: this.config.QUEUE_PREFIX,
        }),
    );
    this.timer = setInterval(
      () => void this.sample(),
      this.config.QUEUE_SAMPLE_INTERVAL_MS,
    );
    this.timer.unref();
    void this.sample();
  }

  /** One round: per queue, one job-count call, one look at the oldest waiting job, one worker count. */
  async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      for (const queue of this.queues) await this.sampleQueue(queue.queue);
      if (this.failing) this.logger.log('queue sampling works again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(
          `queue sampling failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      this.failing = true;
    } finally {
      this.sampling = false;
    }
  }

  private async sampleQueue(queue: Queue): Promise<void> {
    const [counts, oldest, workers] = await Promise.all([
      queue.getJobCounts(...SAMPLED_JOB_STATES),
      queue.getJobs(['wait'], 0, 0, true),
      queue.getWorkersCount(),
    ]);
    for (const state of SAMPLED_JOB_STATES)
      this.metrics.jobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    const job = oldest[0];
    const age = job
      ? Math.max(0, (Date.now() - job.timestamp - (job.delay || 0)) / 1000)
      : 0;
    this.metrics.oldestWaitingAge.set({ queue: queue.name }, age);
    this.metrics.workers.set({ queue: queue.name }, workers);
    this.metrics.lastSample.set({ queue: queue.name }, Date.now() / 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.queues.map((queue) => queue.close()));
    this.connection?.disconnect();
  }
}
