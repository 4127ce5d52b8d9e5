import { type AuditStore } from '@landing/server/domain-audit';
import {
  dedupIdFor,
  erasedPhoneKey,
  erasureMarkTtlMs,
} from '@landing/server/domain-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { ResilientQueue } from '@landing/server/util-queue';
import {
  AUDIT_JOB,
  AUDIT_QUEUE,
  type AuditBatchJob,
  type AuditEvent,
  type AuditJob,
} from '@landing/shared/contracts-audit';
import {
  LEAD_JOB,
  LEAD_QUEUE,
  leadsOfJob,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** Narrow port: removes every audit event about a lead (by id or phone). */
export interface LeadAuditEraser {
  eraseLead(lead: { id: string; phone: string }): Promise<number>;
}

export const LEAD_AUDIT_ERASER = Symbol('LEAD_AUDIT_ERASER');

/** The configured audit store (MongoDB or PostgreSQL) does the erasing. */
export function auditStoreEraser(store: AuditStore): LeadAuditEraser {
  return {
    eraseLead: (lead) =>
      store.deleteAbout({ leadId: lead.id, phone: lead.phone }),
  };
}

/** The events an audit job carries, whichever its kind. */
const eventsOf = (job: Job<AuditJob>): readonly AuditEvent[] =>
  job.name === AUDIT_JOB.batch
    ? ((job.data as AuditBatchJob).events ?? [])
    : [job.data as AuditEvent];

type LeadJob = LeadSubmittedJob | LeadSubmittedBatchJob;

/** Job states searched for jobs that still carry an erased number. */
const JOB_STATES = [
  'waiting',
  'paused',
  'delayed',
  'prioritized',
  'waiting-children',
  'active',
  'completed',
  'failed',
] as const;
const JOB_PAGE = 500;

/**
 * Forgets a phone number in Redis: the intake deduplication mark, every lead job that holds
 * the number (completed jobs are deleted at once, but jobs queued before that change
 * kept their payload for up to an hour; a dead-lettered one stays until someone acts), and the number's events inside audit jobs still waiting for the store. It
 * leaves an erasure mark, so the worker drops events about the number from before now that
 * were already on their way. Then it asks Redis to rewrite its append-only file, so that the
 * file on disk no longer holds the number either.
 */
@Injectable()
export class LeadDedupEraser implements OnApplicationShutdown {
  private readonly logger = new Logger(LeadDedupEraser.name);
  private readonly connection: Redis;
  private readonly leads: ResilientQueue<LeadJob>;
  private readonly audit: ResilientQueue<AuditJob>;
  private rewrite?: Promise<void>;
  private rewriteAgain = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: 5000,
      enableOfflineQueue: false,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    const options = {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
    };
    this.leads = new ResilientQueue(LEAD_QUEUE, options, this.logger);
    this.audit = new ResilientQueue(AUDIT_QUEUE, options, this.logger);
  }

  async erase(phone: string): Promise<void> {
    // First, so that audit events about the number still on their way are dropped, not stored.
    const { QUEUE_PREFIX, AUDIT_RETENTION_DAYS } = this.config;
    await this.connection.set(
      erasedPhoneKey(QUEUE_PREFIX, phone),
      String(Date.now()),
      'PX',
      erasureMarkTtlMs(AUDIT_RETENTION_DAYS),
    );
    const dedupId = dedupIdFor(phone);
    const jobId = await this.leads.queue.getDeduplicationJobId(dedupId);
    if (jobId) await this.removeJob(this.leads.queue, jobId);
    await this.leads.queue.removeDeduplicationKey(dedupId);
    // Jobs are gathered first and changed after: removing while paging would shift the pages.
    const leadsIn = (job: Job<LeadJob>) => leadsOfJob(job.name, job.data);
    const leadJobs = await this.jobsWhere(this.leads.queue, (job) =>
      leadsIn(job).some((lead) => lead.phone === phone),
    );
    for (const job of leadJobs)
      await this.withoutEntriesAbout(
        this.leads.queue,
        job,
        leadsIn(job),
        phone,
        job.name === LEAD_JOB.submittedBatch
          ? (leads) => ({ leads })
          : undefined,
      );
    const auditJobs = await this.jobsWhere(this.audit.queue, (job) =>
      eventsOf(job).some((event) => event.phone === phone),
    );
    for (const job of auditJobs)
      await this.withoutEntriesAbout(
        this.audit.queue,
        job,
        eventsOf(job),
        phone,
        job.name === AUDIT_JOB.batch ? (events) => ({ events }) : undefined,
      );
  }

  /**
   * Has Redis rewrite its append-only file from what it holds now, in the background: until
   * then the file keeps every command since the last rewrite, the erased number included.
   * Requests made while a rewrite runs lead to one more rewrite after it, because a rewrite
   * already running copies the data from before the erasure. Does nothing when Redis keeps
   * no append-only file, and never fails the erasure (a refusal is logged).
   */
  rewriteAppendOnlyFile(): void {
    if (this.rewrite) {
      this.rewriteAgain = true;
      return;
    }
    this.rewrite = this.rewriteUntilCurrent()
      .catch((error: unknown) =>
        this.logger.warn(
          `append-only file not rewritten after an erasure: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => (this.rewrite = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rewrite;
    await Promise.all([this.leads.close(), this.audit.close()]);
    this.connection.disconnect();
  }

  private async rewriteUntilCurrent(): Promise<void> {
    do {
      this.rewriteAgain = false;
      const persistence = await this.connection.info('persistence');
      if (!/^aof_enabled:1\b/m.test(persistence)) return;
      // One rewrite at a time: wait for a running one, whose copy may predate the erasure.
      for (
        let waited = 0;
        /^aof_rewrite_in_progress:1\b/m.test(
          await this.connection.info('persistence'),
        );
        waited += 200
      ) {
        if (waited > 120_000)
          throw new Error('a rewrite has run for 2 minutes');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await this.connection.bgrewriteaof();
    } while (this.rewriteAgain);
  }

  /** The jobs, in any state, that `matches` picks; read a page at a time. */
  private async jobsWhere<T>(
    queue: Queue<T>,
    matches: (job: Job<T>) => boolean,
  ): Promise<Job<T>[]> {
    const found: Job<T>[] = [];
    for (const state of JOB_STATES) {
      for (let start = 0; ; start += JOB_PAGE) {
        const jobs = await queue.getJobs([state], start, start + JOB_PAGE - 1);
        for (const job of jobs) if (job && matches(job)) found.push(job);
        if (jobs.length < JOB_PAGE) break;
      }
    }
    return found;
  }

  /**
   * A batch job (one `rewrite` can rebuild from the entries kept) keeps its other entries;
   * a job left with none, or a job of one entry, is removed.
   */
  private async withoutEntriesAbout<T, E extends { phone: string | null }>(
    queue: Queue<T>,
    job: Job<T>,
    entries: readonly E[],
    phone: string,
    rewrite: ((kept: E[]) => T) | undefined,
  ): Promise<void> {
    const kept = entries.filter((entry) => entry.phone !== phone);
    if (kept.length === entries.length || !job.id) return;
    if (kept.length > 0 && rewrite)
      await job
        .updateData(rewrite(kept))
        .catch((error: unknown) =>
          this.logger.warn(`${queue.name} job not rewritten: ${String(error)}`),
        );
    else await this.removeJob(queue, job.id);
  }

  private async removeJob<T>(queue: Queue<T>, jobId: string): Promise<void> {
    // An active job is locked by its worker and cannot be removed: the worker finishes it (a
    // lead job's row is erased anyway; an audit event about the number is dropped).
    await queue
      .remove(jobId)
      .catch((error: unknown) =>
        this.logger.warn(`job not removed: ${String(error)}`),
      );
  }
}
