import { type Attribution } from './lead-submission.contract';

/** BullMQ queue carrying accepted submissions from the api to the worker. */
export const LEAD_QUEUE = 'leads';

export const LEAD_JOB = {
  /** One submission per job: what the api queued before batching; still handled after a deploy. */
  submitted: 'lead.submitted',
  /** The submissions one api accepted in one event-loop turn. */
  submittedBatch: 'lead.submitted-batch',
} as const;

export type LeadJobName = (typeof LEAD_JOB)[keyof typeof LEAD_JOB];

/** Payload of `lead.submitted`. The phone is already normalised to E.164. */
export interface LeadSubmittedJob {
  submissionId: string;
  phone: string;
  name: string | null;
  email: string | null;
  consent: boolean;
  consentVersion: string | null;
  attribution: Attribution;
  /** ISO-8601 instant at which the api accepted the submission. */
  receivedAt: string;
  requestId: string;
}

/**
 * Payload of `lead.submitted-batch`: only the submissions that won their deduplication mark,
 * each at most once. Duplicates and reused ids never reach the job.
 */
export interface LeadSubmittedBatchJob {
  leads: LeadSubmittedJob[];
}

/**
 * Field of a batch job's Redis hash holding how many leads it carries, so the backlog can be
 * counted in leads without reading the payloads.
 */
export const BATCH_LEAD_COUNT_FIELD = 'leadCount';

/** The submissions a job of the leads queue carries, whichever its kind. */
export function leadsOfJob(
  name: string,
  data: LeadSubmittedJob | LeadSubmittedBatchJob,
): LeadSubmittedJob[] {
  if (name === LEAD_JOB.submittedBatch)
    return (data as LeadSubmittedBatchJob).leads ?? [];
  return [data as LeadSubmittedJob];
}
