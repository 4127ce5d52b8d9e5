import { Injectable } from '@nestjs/common';
import { counter, histogram } from './metric-registry';

/** completed: done; retrying: an attempt failed and another follows; failed: attempts exhausted (dead letter). */
export const WORKER_JOB_RESULTS = ['completed', 'retrying', 'failed'] as const;
export type WorkerJobResult = (typeof WORKER_JOB_RESULTS)[number];

@Injectable()
export class WorkerMetrics {
  readonly jobs = counter({
    name: 'landing_worker_jobs_total',
    help: 'Jobs processed by queue and result',
    labelNames: ['queue', 'result'] as const,
  });

  readonly jobDuration = histogram({
    name: 'landing_worker_job_duration_seconds',
    help: 'Time from a job being taken to its batch being committed',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });

  readonly leadsPersisted = counter({
    name: 'landing_worker_leads_persisted_total',
    help: 'Lead submissions written to PostgreSQL (replays of stored submissions are not counted)',
  });

  /** Incremented by the audit trail writer. */
  readonly auditEventsWritten = counter({
    name: 'landing_worker_audit_events_written_total',
    help: 'Audit events written to the audit store',
  });

  /** Incremented by the audit trail writer when the store refuses an event for good. */
  readonly auditEventsDeadLettered = counter({
    name: 'landing_worker_audit_events_dead_lettered_total',
    help: 'Audit events the store refused for good; their job was moved to the failed set (dead letter) of the audit queue without retrying',
  });

  /** Exports a zero for each result of the given queues, so a rate is defined before the first job. */
  initialise(queues: readonly string[]): void {
    for (const queue of queues) {
      for (const result of WORKER_JOB_RESULTS)
        this.jobs.inc({ queue, result }, 0);
    }
  }

  recordJob(queue: string, result: WorkerJobResult): void {
    this.jobs.inc({ queue, result });
  }
}
