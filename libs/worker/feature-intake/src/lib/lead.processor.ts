import {
  LEAD_JOB,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { LeadWriteRepository } from '@landing/server/persistence-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Job } from 'bullmq';
import { MicroBatcher } from '@landing/server/util-batching';
import { DeskArrivals } from '@landing/worker/feature-desk';
import {
  LEAD_BATCH_LISTENER,
  type LeadBatchListener,
} from './lead-batch.listener';

/** Handles jobs of the leads queue: each job is acknowledged only after its batch committed. */
@Injectable()
export class LeadProcessor {
  private readonly logger = new Logger(LeadProcessor.name);
  private readonly batcher: MicroBatcher<LeadSubmittedJob>;
  private persisted = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly leads: LeadWriteRepository,
    private readonly metrics: WorkerMetrics,
    private readonly desk: DeskArrivals,
    @Optional()
    @Inject(LEAD_BATCH_LISTENER)
    private readonly listener?: LeadBatchListener,
  ) {
    this.batcher = new MicroBatcher((jobs) => this.write(jobs), {
      maxSize: config.WORKER_BATCH_SIZE,
      maxWaitMs: config.WORKER_BATCH_WAIT_MS,
    });
  }

  async process(
    job: Job<LeadSubmittedJob | LeadSubmittedBatchJob>,
  ): Promise<void> {
    switch (job.name) {
      case LEAD_JOB.submitted:
        return this.batcher.add(job.data as LeadSubmittedJob);
      case LEAD_JOB.submittedBatch: {
        // The api put only the winners of their marks into the job, each once.
        const { leads } = job.data as LeadSubmittedBatchJob;
        await Promise.all(leads.map((lead) => this.batcher.add(lead)));
        return;
      }
      default:
        throw new Error(`unknown job name "${job.name}" on the leads queue`);
    }
  }

  /** Submissions written since start (replays of already stored ones are not counted). */
  get persistedCount(): number {
    return this.persisted;
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private async write(jobs: LeadSubmittedJob[]): Promise<void> {
    const result = await this.leads.persistSubmissions(jobs);
    this.persisted += result.inserted;
    this.metrics.leadsPersisted.inc(result.inserted);
    // Stored first, assigned second: a failure here retries the jobs, whose replay stores
    // nothing again and assigns what is still unowned.
    await this.desk.stored(result.leads);
    await this.listener?.leadBatchStored(jobs);
    this.logger.debug(
      `batch of ${jobs.length}: ${result.inserted} submissions, ${result.newLeads} new leads`,
    );
  }
}
