import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';

/**
 * Told about every batch of submissions after it committed (outbound webhooks listen). A
 * listener that throws fails the batch's jobs, which BullMQ retries; storing them again
 * changes nothing, so the listener must be idempotent too.
 */
export interface LeadBatchListener {
  leadBatchStored(jobs: readonly LeadSubmittedJob[]): Promise<void>;
}

export const LEAD_BATCH_LISTENER = Symbol('LEAD_BATCH_LISTENER');
