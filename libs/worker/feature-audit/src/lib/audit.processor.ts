import {
  AUDIT_JOB,
  type AuditBatchJob,
  type AuditEvent,
  type AuditJob,
  type AuditRecordJob,
} from '@landing/shared/contracts-audit';
import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import { MicroBatcher } from '@landing/server/util-batching';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import { Inject, Injectable } from '@nestjs/common';
import { type Job } from 'bullmq';
import { ErasedPhones } from './erased-phones';

/** Handles jobs of the audit queue: each job is acknowledged only after its batch is stored. */
@Injectable()
export class AuditProcessor {
  private readonly batcher: MicroBatcher<AuditEvent>;
  private written = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
    private readonly metrics: WorkerMetrics,
    private readonly erased: ErasedPhones,
  ) {
    this.batcher = new MicroBatcher((events) => this.write(events), {
      maxSize: config.WORKER_BATCH_SIZE,
      maxWaitMs: config.WORKER_BATCH_WAIT_MS,
    });
  }

  /**
   * A batch job is done when every event in it is stored. Events go through the micro-batcher
   * one by one, so a bad event fails its own job's attempt without sinking other jobs' events.
   */
  async process(job: Job<AuditJob>): Promise<void> {
    switch (job.name) {
      case AUDIT_JOB.batch:
        await Promise.all(
          (job.data as AuditBatchJob).events.map((event) =>
            this.batcher.add(event),
          ),
        );
        return;
      case AUDIT_JOB.record:
        return this.batcher.add(job.data as AuditRecordJob);
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

  private async write(events: AuditEvent[]): Promise<void> {
    const kept = await this.erased.withoutErased(events);
    const stored = kept.length > 0 ? await this.store.append(kept) : 0;
    this.written += stored;
    this.metrics.auditEventsWritten.inc(stored);
  }
}
