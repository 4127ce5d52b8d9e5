import { type AuditEvent } from './audit-event.contract';

/** BullMQ queue carrying audit events from the api to the worker; separate from the leads queue. */
export const AUDIT_QUEUE = 'audit';

export const AUDIT_JOB = {
  record: 'audit.record',
} as const;

export type AuditJobName = (typeof AUDIT_JOB)[keyof typeof AUDIT_JOB];

/** Payload of `audit.record`; the job id is the event id. */
export type AuditRecordJob = AuditEvent;

/**
 * Audit jobs retry until the store takes them: attempts without a practical limit, with the
 * worker's capped exponential backoff (named here, computed by the worker from its config).
 */
export const AUDIT_JOB_ATTEMPTS = 1_000_000;
export const AUDIT_BACKOFF_TYPE = 'audit-capped-exponential';
