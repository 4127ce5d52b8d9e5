import { AUDIT_QUEUE, type AuditJob } from '@landing/shared/contracts-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { cappedBackoff } from './audit-backoff';
import { AuditProcessor } from './audit.processor';

const FAILURE_LOG_INTERVAL_MS = 10_000;

/**
 * Runs the BullMQ worker for the audit queue: its own Redis connection and its own worker,
 * so a slow or absent audit store never takes a slot from lead persistence.
 */
@Injectable()
export class AuditQueueConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(AuditQueueConsumer.name);
  private worker?: Worker<AuditJob>;
  private connection?: Redis;
  private failuresSinceLog = 0;
  private lastFailureLog = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: AuditProcessor,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    this.metrics.initialise([AUDIT_QUEUE]);
    this.worker = new Worker<AuditJob>(
      AUDIT_QUEUE,
      (job) => this.processor.process(job),
      {
        connection: this.connection,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.WORKER_LOCK_DURATION_MS,
        stalledInterval: this.config.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: 100,
        settings: {
          backoffStrategy: (attemptsMade: number) =>
            cappedBackoff(
              attemptsMade,
              this.config.AUDIT_BACKOFF_MS,
              this.config.AUDIT_BACKOFF_MAX_MS,
            ),
        },
        autorun: true,
      },
    );
    this.worker.on('error', (error: Error) =>
      this.logger.warn(`worker: ${error.message}`),
    );
    this.worker.on('completed', () =>
      this.metrics.recordJob(AUDIT_QUEUE, 'completed'),
    );
    this.worker.on('failed', (job, error) => {
      // A refused event's job is dead-lettered at once; the processor has logged it.
      if (error instanceof UnrecoverableError)
        return this.metrics.recordJob(AUDIT_QUEUE, 'failed');
      const exhausted = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.metrics.recordJob(AUDIT_QUEUE, exhausted ? 'failed' : 'retrying');
      this.logFailure(error);
    });
    this.logger.log(
      `consuming "${AUDIT_QUEUE}" with concurrency ${this.config.WORKER_CONCURRENCY}`,
    );
  }

  /** Whether the worker is connected and taking jobs (readiness). */
  isRunning(): boolean {
    return (
      this.worker?.isRunning() === true && this.connection?.status === 'ready'
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    await this.worker.close();
    await this.processor.drain();
    this.connection?.disconnect();
  }

  /** While the store is away every job fails; one line per interval says so without flooding the log. */
  private logFailure(error: Error): void {
    this.failuresSinceLog++;
    const now = Date.now();
    if (now - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    this.logger.warn(
      `audit store write failed (${this.failuresSinceLog} job attempts since last report; they will be retried): ${error.message}`,
    );
    this.failuresSinceLog = 0;
    this.lastFailureLog = now;
  }
}
