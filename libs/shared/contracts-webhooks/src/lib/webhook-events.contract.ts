import { type LeadStatus } from '@landing/shared/contracts-lead';

/**
 * Events an endpoint can subscribe to. `lead.assigned`, `lead.call_logged` and
 * `lead.sla_breached` are emitted by the callback desk; their payloads are fixed here so
 * receivers can be built before it ships. `webhook.test` is what "send a test event" sends.
 */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.duplicate',
  'lead.status_changed',
  'lead.erased',
  'lead.assigned',
  'lead.call_logged',
  'lead.sla_breached',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type WebhookTestEventType = typeof WEBHOOK_TEST_EVENT;

/**
 * Version of every payload's `data` shape. A change that removes or renames a field gets a
 * new version; receivers read `version` before `data`.
 */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** Attribution of the submission, as the visitor's browser sent it. */
export interface WebhookAttribution {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  referrer: string | null;
  landingPath: string | null;
}

/** `lead.created`: the first submission of a number. */
export interface LeadCreatedData {
  leadId: string;
  submissionId: string;
  /** E.164. */
  phone: string;
  name: string | null;
  email: string | null;
  consent: boolean;
  receivedAt: string;
  attribution: WebhookAttribution;
}

/** `lead.duplicate`: another submission of a number that already has a lead. */
export interface LeadDuplicateData extends LeadCreatedData {
  /** Submissions of this lead so far, this one included (0 when unknown). */
  submissionCount: number;
}

/** `lead.status_changed`: staff moved a lead in the workflow. */
export interface LeadStatusChangedData {
  leadId: string;
  from: LeadStatus;
  to: LeadStatus;
  changedAt: string;
  /** The staff member's id, never their e-mail. */
  changedBy: string | null;
}

/** `lead.erased`: a lead's personal data was erased. Carries no phone, name or e-mail. */
export interface LeadErasedData {
  leadId: string;
  erasedAt: string;
}

/** `lead.assigned` (callback desk). */
export interface LeadAssignedData {
  leadId: string;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  assignedAt: string;
}

/** `lead.call_logged` (callback desk). */
export interface LeadCallLoggedData {
  leadId: string;
  callId: string;
  outcome: string;
  calledAt: string;
  calledBy: string | null;
}

/** `lead.sla_breached` (callback desk): a lead was not called back in time. */
export interface LeadSlaBreachedData {
  leadId: string;
  dueAt: string;
  breachedAt: string;
  assigneeId: string | null;
}

/** `webhook.test`: sent on demand from the admin area. */
export interface WebhookTestData {
  endpointId: string;
  message: string;
}

export interface WebhookEventData {
  'lead.created': LeadCreatedData;
  'lead.duplicate': LeadDuplicateData;
  'lead.status_changed': LeadStatusChangedData;
  'lead.erased': LeadErasedData;
  'lead.assigned': LeadAssignedData;
  'lead.call_logged': LeadCallLoggedData;
  'lead.sla_breached': LeadSlaBreachedData;
  'webhook.test': WebhookTestData;
}

/**
 * The JSON body of every delivery, in the Standard Webhooks payload shape (`type`,
 * `timestamp`, `data`) plus `version`. The `webhook-id` header identifies the message: the
 * same on every attempt and on a redelivery, so receivers can de-duplicate.
 */
export interface WebhookPayload<
  T extends keyof WebhookEventData = keyof WebhookEventData,
> {
  type: T;
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: WebhookEventData[T];
}

export type LeadCreatedPayload = WebhookPayload<'lead.created'>;
export type LeadDuplicatePayload = WebhookPayload<'lead.duplicate'>;
export type LeadStatusChangedPayload = WebhookPayload<'lead.status_changed'>;
export type LeadErasedPayload = WebhookPayload<'lead.erased'>;
export type LeadAssignedPayload = WebhookPayload<'lead.assigned'>;
export type LeadCallLoggedPayload = WebhookPayload<'lead.call_logged'>;
export type LeadSlaBreachedPayload = WebhookPayload<'lead.sla_breached'>;
export type WebhookTestPayload = WebhookPayload<'webhook.test'>;

/** An event to fan out to the endpoints that subscribe to its type. */
export type WebhookEvent = {
  [T in keyof WebhookEventData]: {
    /** Deterministic, so a replayed fan-out creates no second message. */
    eventId: string;
    payload: WebhookPayload<T>;
  };
}[keyof WebhookEventData];
