import { randomUUID } from 'node:crypto';
import {
  AUDIT_BACKOFF_TYPE,
  AUDIT_JOB,
  AUDIT_JOB_ATTEMPTS,
  AUDIT_QUEUE,
  type AuditBatchJob,
  type AuditEvent,
} from '@landing/shared/contracts-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LogThrottle } from '@landing/server/util-logging';
import { ResilientQueue } from '@landing/server/util-queue';
import { MicroBatcher } from '@landing/server/util-batching';
import { counter } from '@landing/server/util-observability';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';

export type AuditRecordOutcome = 'queued' | 'failed' | 'disabled';

const enqueueFailures = () =>
  counter({
    name: 'landing_api_audit_enqueue_failures_total',
    help: 'Audit events the api could not hand to the audit queue (the visitor was still answered)',
  });

/** "lead.submission ×3, admin.login ×1": what a lost batch held, without anyone's data. */
export function describeAuditBatch(events: readonly AuditEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events)
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => `${type} ×${count}`).join(', ');
}

/**
 * Hands audit events to the worker through their own BullMQ queue, a batch per job: events
 * recorded within AUDIT_BATCH_WAIT_MS of each other travel together, so at peak the trail
 * costs one Redis job per few hundred requests rather than one each.
 *
 * It never throws. A batch that cannot be queued is logged (types and count only) and
 * counted, and the requests that produced it carry on as if nothing happened.
 */
@Injectable()
export class AuditQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditQueueProducer.name);
  private readonly connection?: Redis;
  private readonly audit?: ResilientQueue<AuditBatchJob>;
  private readonly failures = enqueueFailures();
  private readonly timeoutMs: number;
  private readonly batcher: MicroBatcher<AuditEvent>;
  private failed = 0;
  /** During an outage every batch fails alike: one line per 10 s, with a count. */
  private readonly notQueued = new LogThrottle((line) =>
    this.logger.warn(line),
  );
  private readonly linkErrors = new LogThrottle((line) =>
    this.logger.warn(line),
  );

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.timeoutMs = config.AUDIT_ENQUEUE_TIMEOUT_MS;
    // A batch that cannot be queued failed because of Redis, not one event: no one-by-one retry.
    this.batcher = new MicroBatcher((events) => this.send(events), {
      maxSize: config.AUDIT_BATCH_SIZE,
      maxWaitMs: config.AUDIT_BATCH_WAIT_MS,
      retryOneByOne: false,
    });
    if (!config.AUDIT_ENABLED) return;
    // Like the leads producer, never buffer inside ioredis: a slow Redis is a failed batch.
    this.connection = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.AUDIT_ENQUEUE_TIMEOUT_MS,
      connectTimeout: 5000,
    });
    this.connection.on('error', (error: Error) =>
      this.linkErrors.log({ msg: `redis: ${error.message}` }),
    );
    this.audit = new ResilientQueue<AuditBatchJob>(
      AUDIT_QUEUE,
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: AUDIT_JOB_ATTEMPTS,
          backoff: { type: AUDIT_BACKOFF_TYPE },
          // Once stored, the events live in the audit store; a completed job kept in Redis
          // would only be a second copy of phone numbers and addresses that erasure must chase.
          removeOnComplete: true,
          removeOnFail: false,
        },
      },
      this.logger,
    );
  }

  /**
   * Adds an event to the next batch. The promise settles once that batch is queued or given
   * up on, and never rejects; a caller that need not know (intake) does not have to wait.
   */
  record(event: AuditEvent): Promise<AuditRecordOutcome> {
    if (!this.audit) return Promise.resolve('disabled');
    return this.batcher.add(event).then(
      () => 'queued',
      () => 'failed',
    );
  }

  /** Events that could not be queued since start. */
  get failedCount(): number {
    return this.failed;
  }

  /** Runs after the HTTP server has closed: every request's events are waiting or in flight by then. */
  async onApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
    await this.audit?.close();
    this.connection?.disconnect();
  }

  /** Queues one batch as one job; logs (types and count only) and counts a batch it cannot. */
  private async send(events: AuditEvent[]): Promise<void> {
    const queue = (this.audit as ResilientQueue<AuditBatchJob>).queue;
    let timer: NodeJS.Timeout | undefined;
    // BullMQ waits for a connection that was never ready; nothing here may wait with it.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`not confirmed by Redis within ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([
        queue.add(AUDIT_JOB.batch, { events }, { jobId: randomUUID() }),
        timeout,
      ]);
    } catch (error) {
      this.failed += events.length;
      this.failures.inc(events.length);
      const reason = error instanceof Error ? error.message : String(error);
      this.notQueued.log({
        msg: `${events.length} audit event(s) not queued (${describeAuditBatch(events)}): ${reason}`,
        events: events.length,
      });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
