import {
  AUDIT_JOB,
  type AuditBatchJob,
  type AuditEvent,
  type AuditJob,
  type AuditRecordJob,
} from '@landing/shared/contracts-audit';
import {
  AUDIT_STORE,
  AuditEventRefusedError,
  type AuditStore,
} from '@landing/server/domain-audit';
import { findUnstorableText } from '@landing/shared/contracts-lead';
import { MicroBatcher } from '@landing/server/util-batching';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  AUDIT_BATCH_LISTENER,
  type AuditBatchListener,
} from './audit-batch.listener';
import { type Job, UnrecoverableError } from 'bullmq';
import { ErasedPhones } from './erased-phones';

/** Handles jobs of the audit queue: each job is acknowledged only after its batch is stored. */
@Injectable()
export class AuditProcessor {
  private readonly logger = new Logger(AuditProcessor.name);
  private readonly batcher: MicroBatcher<AuditEvent>;
  private written = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
    private readonly metrics: WorkerMetrics,
    private readonly erased: ErasedPhones,
    @Optional()
    @Inject(AUDIT_BATCH_LISTENER)
    private readonly listener?: AuditBatchListener,
  ) {
    this.batcher = new MicroBatcher((events) => this.write(events), {
      maxSize: config.WORKER_BATCH_SIZE,
      maxWaitMs: config.WORKER_BATCH_WAIT_MS,
    });
  }

  /**
   * A batch job is done when every event in it is stored. Events go through the micro-batcher
   * one by one, so a bad event fails its own job's attempt without sinking other jobs' events.
   *
   * An event the store refuses for good does not hold its job in retries for ever: once every
   * other event of the job is stored, the job keeps only the refused events and fails without
   * further attempts (UnrecoverableError), into the audit queue's failed set: the dead letter.
   */
  async process(job: Job<AuditJob>): Promise<void> {
    switch (job.name) {
      case AUDIT_JOB.batch:
        return this.storeAll(job, (job.data as AuditBatchJob).events);
      case AUDIT_JOB.record:
        return this.storeAll(job, [job.data as AuditRecordJob]);
      default:
        throw new Error(`unknown job name "${job.name}" on the audit queue`);
    }
  }

  /** Events newly stored since start (a retried job whose event was already stored is not counted). */
  get writtenCount(): number {
    return this.written;
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private async storeAll(
    job: Job<AuditJob>,
    events: readonly AuditEvent[],
  ): Promise<void> {
    const results = await Promise.allSettled(
      events.map((event) => this.storeOne(event)),
    );
    const refused: { event: AuditEvent; reason: string }[] = [];
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      // Anything but a refusal means the store is away: the whole job is tried again later.
      if (!(result.reason instanceof AuditEventRefusedError))
        throw result.reason;
      const event = events[i];
      if (event) refused.push({ event, reason: result.reason.message });
    }
    if (refused.length === 0) return;
    if (job.name === AUDIT_JOB.batch)
      await job.updateData({ events: refused.map(({ event }) => event) });
    this.metrics.auditEventsDeadLettered.inc(refused.length);
    const summary = refused
      .map(({ event, reason }) => `${event.type} ${event.id}: ${reason}`)
      .join('; ');
    this.logger.error(
      `audit job ${job.id ?? '?'}: ${refused.length} event(s) refused for good, moved to the dead letter (failed jobs of the audit queue): ${summary}`,
    );
    throw new UnrecoverableError(
      `${refused.length} audit event(s) refused by the store for good: ${summary}`,
    );
  }

  /** Checks the event with the edge's rule first, so no store is asked to keep the unkeepable. */
  private storeOne(event: AuditEvent): Promise<void> {
    const field = findUnstorableText(event);
    if (field !== undefined)
      return Promise.reject(
        new AuditEventRefusedError(
          `${field} holds a NUL character or an unpaired UTF-16 surrogate`,
        ),
      );
    return this.batcher.add(event);
  }

  private async write(events: AuditEvent[]): Promise<void> {
    const kept = await this.erased.withoutErased(events);
    const stored = kept.length > 0 ? await this.store.append(kept) : 0;
    this.written += stored;
    this.metrics.auditEventsWritten.inc(stored);
    if (kept.length > 0) await this.listener?.auditBatchStored(kept);
  }
}
