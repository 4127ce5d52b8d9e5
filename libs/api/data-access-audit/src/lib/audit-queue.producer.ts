import { AUDIT_BACKOFF_TYPE, AUDIT_JOB, AUDIT_JOB_ATTEMPTS, AUDIT_QUEUE, type AuditEvent, type AuditRecordJob } from '@landing/shared/contracts-audit';
import { maskPhone } from '@landing/shared/domain-phone';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { counter } from '@landing/server/util-observability';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export type AuditRecordOutcome = 'queued' | 'failed' | 'disabled';

const enqueueFailures = () =>
  counter({
    name: 'landing_api_audit_enqueue_failures_total',
    help: 'Audit events the api could not hand to the audit queue (the visitor was still answered)',
  });

/**
 * Hands audit events to the worker through their own BullMQ queue. It never throws: an
 * audit event that cannot be queued is logged (masked) and counted, and the request that
 * produced it carries on as if nothing happened.
 */
@Injectable()
export class AuditQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditQueueProducer.name);
  private readonly connection?: Redis;
  private readonly queue?: Queue<AuditRecordJob>;
  private readonly failures = enqueueFailures();
  private failed = 0;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.timeoutMs = config.AUDIT_ENQUEUE_TIMEOUT_MS;
    if (!config.AUDIT_ENABLED) return;
    // Like the leads producer, never buffer: a slow Redis must not hold the visitor's answer.
    this.connection = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.AUDIT_ENQUEUE_TIMEOUT_MS,
      connectTimeout: 5000,
    });
    this.connection.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.queue = new Queue<AuditRecordJob>(AUDIT_QUEUE, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: AUDIT_JOB_ATTEMPTS,
        backoff: { type: AUDIT_BACKOFF_TYPE },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: false,
      },
    });
    this.queue.on('error', (error: Error) => this.logger.warn(`queue: ${error.message}`));
  }

  async record(event: AuditEvent): Promise<AuditRecordOutcome> {
    if (!this.queue) return 'disabled';
    let timer: NodeJS.Timeout | undefined;
    // BullMQ waits for a connection that was never ready; the visitor must not wait with it.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not confirmed by Redis within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([this.queue.add(AUDIT_JOB.record, event, { jobId: event.id }), timeout]);
      return 'queued';
    } catch (error) {
      this.failed++;
      this.failures.inc();
      const reason = error instanceof Error ? error.message : String(error);
      const phone = event.phone === null ? '-' : maskPhone(event.phone);
      this.logger.warn(`audit event ${event.type} ${event.id} (phone ${phone}) not queued: ${reason}`);
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  /** Events that could not be queued since start. */
  get failedCount(): number {
    return this.failed;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    this.connection?.disconnect();
  }
}
