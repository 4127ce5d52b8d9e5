import { type Attribution } from './lead-submission.contract';

/** BullMQ queue carrying accepted submissions from the api to the worker. */
export const LEAD_QUEUE = 'leads';

export const LEAD_JOB = {
  submitted: 'lead.submitted',
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
