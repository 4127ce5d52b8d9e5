import { type AuditEvent } from './audit-event.contract';

/** BullMQ queue carrying audit events from the api to the worker; separate from the leads queue. */
export const AUDIT_QUEUE = 'audit';

export const AUDIT_JOB = {
  /** Events an api process collected over a few milliseconds, queued as one job. */
  batch: 'audit.batch',
  /** One event per job: what api versions before batching queued. Still consumed, never produced. */
  record: 'audit.record',
} as const;

export type AuditJobName = (typeof AUDIT_JOB)[keyof typeof AUDIT_JOB];

/** Payload of `audit.batch`. Each event keeps its own id, so storing a batch twice stores each event once. */
export interface AuditBatchJob {
  events: AuditEvent[];
}

/** Payload of `audit.record`; its job id is the event id. */
export type AuditRecordJob = AuditEvent;

/** Whatever an audit-queue job carries, by job name. */
export type AuditJob = AuditBatchJob | AuditRecordJob;

/**
 * Audit jobs retry until the store takes them: attempts without a practical limit, with the
 * worker's capped exponential backoff (named here, computed by the worker from its config).
 */
export const AUDIT_JOB_ATTEMPTS = 1_000_000;
export const AUDIT_BACKOFF_TYPE = 'audit-capped-exponential';
