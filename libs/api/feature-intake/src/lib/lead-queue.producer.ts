import { createHash } from 'node:crypto';
import {
  LEAD_JOB,
  LEAD_QUEUE,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { dedupIdFor } from '@landing/server/domain-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LogThrottle } from '@landing/server/util-logging';
import {
  isRedisAway,
  RedisStallWatch,
  ResilientQueue,
} from '@landing/server/util-queue';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  IntakeUnavailableError,
  SubmissionIdReusedError,
} from './lead-intake.errors';

export type EnqueueOutcome = 'queued' | 'duplicate';

/**
 * What binds a submissionId to its number: a hash of both, so the key's value names no phone.
 * The id is in the key name; a hash of the pair cannot be looked up across keys.
 */
export function submissionBindingFor(
  submissionId: string,
  phone: string,
): string {
  return createHash('sha256')
    .update(`${submissionId}\n${phone}`)
    .digest('base64url')
    .slice(0, 22);
}

/** A submissionId stays bound to its number at least this long (longer with a longer dedup window). */
export const SUBMISSION_BINDING_MIN_SECONDS = 24 * 60 * 60;

/** Deadline failures (not Redis errors) mark the link as stalled. */
class DeadlineError extends Error {}

/**
 * Rejects when `work` has not settled within `ms`. If the work lands after all, a retry with
 * the same submissionId finds its job and is answered "accepted", so nothing is lost.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`no answer from Redis within ${ms} ms`)),
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
  private readonly stall: RedisStallWatch;
  /** During an outage every request fails alike: one line per 10 s, with a count. */
  private readonly refusals = new LogThrottle((line) => this.logger.warn(line));
  private readonly linkErrors = new LogThrottle((line) =>
    this.logger.warn(line),
  );

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
      this.linkErrors.log({ msg: `redis: ${error.message}` }),
    );
    this.stall = new RedisStallWatch(
      this.connection,
      config.ENQUEUE_TIMEOUT_MS,
    );
    this.leads = new ResilientQueue<LeadSubmittedJob>(
      LEAD_QUEUE,
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: config.JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
          // A stored lead's job is deleted at once: keeping completed jobs (ZADD, HSET and the
          // age and count trimming on every completion) was a third of Redis's work per lead,
          // and nothing reads them. Deduplication and submissionId binding have keys of their own.
          removeOnComplete: true,
          // Failed jobs are the dead-letter queue: kept until someone retries or removes them.
          removeOnFail: false,
        },
      },
      this.logger,
    );
  }

  /**
   * Queues the job, or answers why not: 'duplicate' (the number is inside its dedup window),
   * SubmissionIdReusedError (the id is bound to another number), IntakeUnavailableError
   * (Redis is away, stalled, or did not confirm within ENQUEUE_TIMEOUT_MS; the job may still
   * land, and a retry with the same submissionId then finds it).
   */
  async enqueue(job: LeadSubmittedJob): Promise<EnqueueOutcome> {
    if (this.stall.unavailable) {
      this.refusals.log({
        msg: `enqueue refused: redis is ${this.stallState()}`,
        requestId: job.requestId,
      });
      throw new IntakeUnavailableError();
    }
    let outcome: EnqueueOutcome | 'reused';
    try {
      // commandTimeout does not cover BullMQ waiting for a connection that is not ready yet.
      outcome = await withDeadline(
        this.bindAndAdd(job),
        this.config.ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      if (error instanceof DeadlineError || isCommandTimeout(error))
        this.stall.noteNoAnswer();
      this.refusals.log({
        msg: `enqueue failed (redis ${this.connection.status}): ${error instanceof Error ? error.message : String(error)}`,
        requestId: job.requestId,
      });
      throw new IntakeUnavailableError();
    }
    if (outcome === 'reused') throw new SubmissionIdReusedError();
    return outcome;
  }

  /**
   * Binds the submissionId to this number (first come, first bound, atomically), then adds
   * the job. BullMQ answers an existing job id with that job, whatever number it holds, so
   * without the binding a reused id would be answered "accepted" with nothing stored for it.
   */
  private async bindAndAdd(
    job: LeadSubmittedJob,
  ): Promise<EnqueueOutcome | 'reused'> {
    const binding = submissionBindingFor(job.submissionId, job.phone);
    const previous = (await this.connection.call(
      'SET',
      `${this.config.QUEUE_PREFIX}:sid:${job.submissionId}`,
      binding,
      'EX',
      Math.max(
        this.config.DEDUP_WINDOW_SECONDS,
        SUBMISSION_BINDING_MIN_SECONDS,
      ),
      'NX',
      'GET',
    )) as string | null;
    if (previous !== null && previous !== binding) return 'reused';
    const added = await this.leads.queue.add(LEAD_JOB.submitted, job, {
      jobId: job.submissionId,
      deduplication: {
        id: dedupIdFor(job.phone),
        ttl: this.config.DEDUP_WINDOW_SECONDS * 1000,
      },
    });
    // BullMQ answers with the job that holds the mark: ours (new or a retry of it) or an earlier one.
    return added.id === job.submissionId ? 'queued' : 'duplicate';
  }

  /** Readiness: Redis answers a PING on the intake connection (a stopped Redis keeps the socket open). */
  async ping(): Promise<boolean> {
    if (isRedisAway(this.connection)) return false;
    return (await this.connection.ping()) === 'PONG';
  }

  private stallState(): string {
    return this.connection.status === 'ready'
      ? 'not answering'
      : this.connection.status;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stall.close();
    await this.leads.close();
    this.connection.disconnect();
  }
}

function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}
