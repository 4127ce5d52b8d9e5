export {
  LEAD_PENDING_STORAGE,
  LEAD_SESSION_STORAGE,
  LEAD_TRANSPORT,
  LeadSubmissionService,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  newSubmissionId,
  retryDelayMs,
  type LeadDraft,
  type SubmissionStatus,
} from './lib/lead-submission.service';
export {
  LEADS_URL,
  sendLead,
  retryAfterMs,
  type LeadTransport,
  type SendOutcome,
} from './lib/lead-api';
export {
  PENDING_SUBMISSION_KEY,
  PendingSubmissionStore,
  type PendingSubmission,
} from './lib/pending-submission.store';
export {
  ATTRIBUTION_KEY,
  captureAttribution,
  readAttribution,
} from './lib/attribution';
