import { randomUUID } from 'node:crypto';
import { AUDIT_BACKOFF_TYPE, AUDIT_JOB, AUDIT_JOB_ATTEMPTS, AUDIT_QUEUE, type AuditBatchJob, type AuditEvent } from '@landing/shared/contracts-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { ResilientQueue } from '@landing/server/util-queue';
import { counter } from '@landing/server/util-observability';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

export type AuditRecordOutcome = 'queued' | 'failed' | 'disabled';

const enqueueFailures = () =>
  counter({
    name: 'landing_api_audit_enqueue_failures_total',
    help: 'Audit events the api could not hand to the audit queue (the visitor was still answered)',
  });

interface Waiting {
  events: AuditEvent[];
  settle: Array<(outcome: AuditRecordOutcome) => void>;
}

/** "lead.submission ×3, admin.login ×1": what a lost batch held, without anyone's data. */
function describe(events: readonly AuditEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
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
  private readonly batchSize: number;
  private readonly batchWaitMs: number;
  private waiting: Waiting = { events: [], settle: [] };
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private failed = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.timeoutMs = config.AUDIT_ENQUEUE_TIMEOUT_MS;
    this.batchSize = config.AUDIT_BATCH_SIZE;
    this.batchWaitMs = config.AUDIT_BATCH_WAIT_MS;
    if (!config.AUDIT_ENABLED) return;
    // Like the leads producer, never buffer inside ioredis: a slow Redis is a failed batch.
    this.connection = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.AUDIT_ENQUEUE_TIMEOUT_MS,
      connectTimeout: 5000,
    });
    this.connection.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.audit = new ResilientQueue<AuditBatchJob>(
      AUDIT_QUEUE,
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: AUDIT_JOB_ATTEMPTS,
          backoff: { type: AUDIT_BACKOFF_TYPE },
          removeOnComplete: { age: 3600, count: 1000 },
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
    return new Promise((settle) => {
      this.waiting.events.push(event);
      this.waiting.settle.push(settle);
      if (this.waiting.events.length >= this.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.batchWaitMs);
    });
  }

  /** Events that could not be queued since start. */
  get failedCount(): number {
    return this.failed;
  }

  /** Runs after the HTTP server has closed: every request's events are waiting or in flight by then. */
  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
    await this.audit?.close();
    this.connection?.disconnect();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.events.length === 0) return;
    this.waiting = { events: [], settle: [] };
    const sending = this.send(batch).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private async send({ events, settle }: Waiting): Promise<void> {
    const queue = (this.audit as ResilientQueue<AuditBatchJob>).queue;
    let timer: NodeJS.Timeout | undefined;
    // BullMQ waits for a connection that was never ready; nothing here may wait with it.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not confirmed by Redis within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    let outcome: AuditRecordOutcome = 'queued';
    try {
      await Promise.race([queue.add(AUDIT_JOB.batch, { events }, { jobId: randomUUID() }), timeout]);
    } catch (error) {
      outcome = 'failed';
      this.failed += events.length;
      this.failures.inc(events.length);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${events.length} audit event(s) not queued (${describe(events)}): ${reason}`);
    } finally {
      clearTimeout(timer);
    }
    for (const done of settle) done(outcome);
  }
}
