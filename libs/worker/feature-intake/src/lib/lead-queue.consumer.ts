import {
  LEAD_QUEUE,
  leadsOfJob,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { LeadProcessor } from './lead.processor';

type LeadJob = LeadSubmittedJob | LeadSubmittedBatchJob;

/** The requests behind a job, for its log lines: one, or a batch's joined by commas. */
function requestIdsOf(job: Job<LeadJob>): string {
  return leadsOfJob(job.name, job.data)
    .map((lead) => lead.requestId)
    .join(',');
}

/** Runs the BullMQ worker for the leads queue for as long as the application lives. */
@Injectable()
export class LeadQueueConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(LeadQueueConsumer.name);
  private worker?: Worker<LeadJob>;
  private connection?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: LeadProcessor,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // BullMQ requires unlimited retries on the blocking connection of a worker.
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    this.metrics.initialise([LEAD_QUEUE]);
    // The request id travels in the job, so the worker's lines for a job name the request
    // behind it. They name it themselves: AsyncLocalStorage's promise hooks would tax every
    // promise in the process for the sake of a debug line.
    const handle = async (job: Job<LeadJob>) => {
      const stopTimer = this.metrics.jobDuration.startTimer({
        queue: LEAD_QUEUE,
      });
      try {
        await this.processor.process(job);
        this.logger.debug({
          msg: `job ${job.id ?? '?'} stored`,
          requestId: requestIdsOf(job),
          jobId: job.id,
        });
      } finally {
        stopTimer();
      }
    };
    this.worker = new Worker<LeadJob>(LEAD_QUEUE, handle, {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.WORKER_CONCURRENCY,
      lockDuration: this.config.WORKER_LOCK_DURATION_MS,
      stalledInterval: this.config.WORKER_STALLED_INTERVAL_MS,
      // Writes are idempotent, so a job orphaned by a crash is simply run again.
      maxStalledCount: 100,
      autorun: true,
    });
    this.worker.on('error', (error: Error) =>
      this.logger.warn(`worker: ${error.message}`),
    );
    this.worker.on('completed', () =>
      this.metrics.recordJob(LEAD_QUEUE, 'completed'),
    );
    this.worker.on('failed', (job, error) => {
      const attempts = job
        ? `${job.attemptsMade}/${job.opts.attempts ?? 1}`
        : '?';
      const exhausted = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.metrics.recordJob(LEAD_QUEUE, exhausted ? 'failed' : 'retrying');
      this.logger.warn({
        msg: `job ${job?.id ?? '?'} failed (attempt ${attempts}): ${error.message}`,
        requestId: job ? requestIdsOf(job) : undefined,
        jobId: job?.id,
      });
    });
    this.logger.log(
      `consuming "${LEAD_QUEUE}" with concurrency ${this.config.WORKER_CONCURRENCY}`,
    );
  }

  /**
   * Readiness names Redis apart from the consumer: Redis answers a PING on the worker's
   * connection. The connection's status alone stays `ready` while a stopped Redis holds the
   * socket open.
   */
  async ping(): Promise<boolean> {
    if (this.connection?.status !== 'ready') return false;
    return (await this.connection.ping()) === 'PONG';
  }

  /** Whether the worker is connected and taking jobs (readiness). */
  isRunning(): boolean {
    return (
      this.worker?.isRunning() === true && this.connection?.status === 'ready'
    );
  }

  /** SIGTERM: stop taking jobs, finish the ones in hand, then let the app close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    this.logger.log('stopping: finishing jobs in hand');
    await this.worker.close();
    await this.processor.drain();
    this.connection?.disconnect();
    this.logger.log('stopped');
  }
}
