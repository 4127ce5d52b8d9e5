import { createHash } from 'node:crypto';
import {
  LEAD_JOB,
  LEAD_QUEUE,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { isRedisAway, ResilientQueue } from '@landing/server/util-queue';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { IntakeUnavailableError } from './lead-intake.errors';

export type EnqueueOutcome = 'queued' | 'duplicate';

/** Redis key fragment for a phone's deduplication mark; hashed so key names carry no phone numbers. */
export function dedupIdFor(phone: string): string {
  return createHash('sha256').update(phone).digest('base64url').slice(0, 27);
}

/**
 * Rejects when `work` has not settled within `ms`. If the work lands after all, a retry with
 * the same submissionId finds its job and is answered "accepted", so nothing is lost.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from Redis within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The only place that adds lead jobs. The deduplication mark and the job are written by one
 * BullMQ Lua script, so a number can never be marked as seen without a job behind it.
 */
@Injectable()
export class LeadQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(LeadQueueProducer.name);
  private readonly connection: Redis;
  private readonly leads: ResilientQueue<LeadSubmittedJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // The offline queue stays on so BullMQ can always finish its own set-up after an outage;
    // visitors are not queued behind it: `enqueue` refuses at once while the link is down.
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: config.ENQUEUE_TIMEOUT_MS,
      connectTimeout: 5000,
      lazyConnect: false,
      // Many concurrent requests: commands issued in the same tick share one socket write.
      enableAutoPipelining: true,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    this.leads = new ResilientQueue<LeadSubmittedJob>(
      LEAD_QUEUE,
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: config.JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
          removeOnComplete: { age: 3600, count: 10_000 },
          // Failed jobs are the dead-letter queue: kept until someone retries or removes them.
          removeOnFail: false,
        },
      },
      this.logger,
    );
  }

  async enqueue(job: LeadSubmittedJob): Promise<EnqueueOutcome> {
    if (isRedisAway(this.connection)) {
      this.logger.warn({
        msg: `enqueue refused: redis is ${this.connection.status}`,
        requestId: job.requestId,
      });
      throw new IntakeUnavailableError();
    }
    let added;
    try {
      // commandTimeout does not cover BullMQ waiting for a connection that is not ready yet.
      added = await withDeadline(
        this.leads.queue.add(LEAD_JOB.submitted, job, {
          jobId: job.submissionId,
          deduplication: {
            id: dedupIdFor(job.phone),
            ttl: this.config.DEDUP_WINDOW_SECONDS * 1000,
          },
        }),
        this.config.ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      this.logger.warn({
        msg: `enqueue failed (redis ${this.connection.status}): ${error instanceof Error ? error.message : String(error)}`,
        requestId: job.requestId,
      });
      throw new IntakeUnavailableError();
    }
    // BullMQ answers with the job that holds the mark: ours (new or a retry of it) or an earlier one.
    return added.id === job.submissionId ? 'queued' : 'duplicate';
  }

  /** Whether Redis is reachable right now (readiness). */
  isConnected(): boolean {
    return this.connection.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leads.close();
    this.connection.disconnect();
  }
}
