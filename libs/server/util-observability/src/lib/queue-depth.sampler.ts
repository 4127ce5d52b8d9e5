import {
  BATCH_LEAD_COUNT_FIELD,
  LEAD_QUEUE,
} from '@landing/shared/contracts-lead';
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

/**
 * Leads in the waiting jobs of a queue (KEYS[1], its wait list; ARGV[1], the prefix of its job
 * keys): a batch job counts the leads it carries, a job of one lead counts one. Reads at most
 * ARGV[2] jobs, the oldest; with more waiting, their mean stands for the rest.
 */
const WAITING_LEADS = `
local total = redis.call('LLEN', KEYS[1])
if total == 0 then return 0 end
local ids = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[2]), -1)
local sum = 0
for _, id in ipairs(ids) do
  sum = sum + (tonumber(redis.call('HGET', ARGV[1] .. id, '${BATCH_LEAD_COUNT_FIELD}')) or 1)
end
return math.floor(sum * total / #ids + 0.5)`;
const WAITING_LEADS_SAMPLE = 1000;

interface SamplerRedis extends Redis {
  waitingLeads(
    waitKey: string,
    jobKeyPrefix: string,
    sample: number,
  ): Promise<number>;
}

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
    this.connection.defineCommand('waitingLeads', {
      lua: WAITING_LEADS,
      numberOfKeys: 1,
    });
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

  /**
   * One round: per queue, one job-count call, one look at the oldest waiting job, one worker
   * count; for the leads queue, one count of the leads its waiting jobs carry.
   */
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
    const [counts, oldest, workers, leads] = await Promise.all([
      queue.getJobCounts(...SAMPLED_JOB_STATES),
      queue.getJobs(['wait'], 0, 0, true),
      queue.getWorkersCount(),
      queue.name === LEAD_QUEUE
        ? (this.connection as SamplerRedis).waitingLeads(
            queue.keys['wait'] ?? '',
            queue.toKey(''),
            WAITING_LEADS_SAMPLE,
          )
        : undefined,
    ]);
    if (leads !== undefined)
      this.metrics.leads.set({ queue: queue.name, state: 'waiting' }, leads);
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
