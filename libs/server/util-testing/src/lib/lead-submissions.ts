import { randomUUID } from 'node:crypto';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';

/** A lead as the api queues it (consented, no name or attribution), with a fresh submissionId. */
export function leadSubmission(
  phone: string,
  submissionId: string = randomUUID(),
): LeadSubmittedJob {
  return {
    submissionId,
    phone,
    name: null,
    email: null,
    consent: true,
    consentVersion: null,
    attribution: {},
    receivedAt: new Date().toISOString(),
    requestId: 'req',
  };
}
