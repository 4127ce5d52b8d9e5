import {
  type Attribution,
  type LeadStatus,
} from '@landing/shared/contracts-lead';

/** Who did something in the admin area. Visitors are not actors: their events carry `actor: null`. */
export interface AuditActor {
  adminId: string;
  username: string;
}

/** `lead.submission`: a submission that passed validation, accepted or a duplicate. */
export interface LeadSubmissionAuditPayload {
  submissionId: string;
  /** True when the number had already been received inside the deduplication window. */
  duplicate: boolean;
  attribution: Attribution;
}

/** `lead.spam`: a submission judged automated; answered like an accepted one, stored as no lead. */
export interface LeadSpamAuditPayload {
  submissionId: string;
  reason: 'honeypot' | 'too_fast';
  attribution: Attribution;
}

/** `admin.login`: a sign-in attempt; on failure `actor` is null and only the name typed is kept. */
export interface AdminLoginAuditPayload {
  outcome: 'succeeded' | 'failed';
  username: string;
}

/** `lead.status_changed` */
export interface LeadStatusChangedAuditPayload {
  before: LeadStatus;
  after: LeadStatus;
}

/** `lead.note_added` */
export interface LeadNoteAddedAuditPayload {
  noteId: string;
  /** Length of the note in characters; the text stays with the lead, not in the trail. */
  length: number;
}

/** `leads.exported`: which filter produced the file and how many leads it selected; recorded before the first byte leaves. */
export interface LeadsExportedAuditPayload {
  format: 'csv';
  filter: Readonly<Record<string, string>>;
  rowCount: number;
}

/** `lead.erased`: the lead's personal data was removed; the event keeps no phone number. */
export interface LeadErasedAuditPayload {
  before: { status: LeadStatus; submissionCount: number };
  after: null;
}

/** `admin.user_created`: an admin added a staff account (with a temporary password). */
export interface AdminUserCreatedAuditPayload {
  userId: string;
  email: string;
  role: string;
}

/** `admin.user_role_changed` */
export interface AdminUserRoleChangedAuditPayload {
  userId: string;
  email: string;
  before: string;
  after: string;
}

/** `admin.user_disabled` / `admin.user_enabled`; disabling ends the user's sessions. */
export interface AdminUserAccessAuditPayload {
  userId: string;
  email: string;
  sessionsRevoked: number;
}

/** `admin.sessions_revoked`: an admin ended another user's (or their own) sessions. */
export interface AdminSessionsRevokedAuditPayload {
  userId: string;
  email: string;
  sessionsRevoked: number;
}

/** `admin.password_changed`: a user set their own password; their other sessions ended. */
export interface AdminPasswordChangedAuditPayload {
  userId: string;
  /** True when it replaced a temporary password. */
  wasTemporary: boolean;
  sessionsRevoked: number;
}

/** `admin.view_saved`: a saved lead-list view was created or changed. */
export interface AdminViewSavedAuditPayload {
  viewId: string;
  name: string;
  created: boolean;
  filter: Readonly<Record<string, string>>;
}

/** `admin.view_deleted` */
export interface AdminViewDeletedAuditPayload {
  viewId: string;
  name: string;
}

/** `admin.webhook_changed`: an outbound webhook endpoint was changed or used by hand. */
export interface AdminWebhookChangedAuditPayload {
  endpointId: string;
  action:
    | 'created'
    | 'updated'
    | 'deleted'
    | 'secret_rotated'
    | 'test_sent'
    | 'redelivered';
  url: string;
}

/** `lead.assigned`: a lead got an owner (arrival, hand-out, claim or an admin's reassignment). */
export interface LeadAssignedAuditPayload {
  /** Id of the row in `lead_assignments`; the event has the same id. */
  assignmentId: string;
  reason: 'arrival' | 'handout' | 'claim' | 'reassign';
  from: string | null;
  to: string | null;
}

/** `lead.call_logged`: a staff member recorded a call's outcome; the note stays with the lead. */
export interface LeadCallLoggedAuditPayload {
  callId: string;
  outcome: string;
  /** Unanswered attempts after this call. */
  attempts: number;
  callbackAt: string | null;
}

/** `lead.sla_breached`: the first-contact due time passed before anyone called. */
export interface LeadSlaBreachedAuditPayload {
  alertId: string;
  dueAt: string;
  ownerId: string | null;
}

/** `admin.calendar_changed`: an admin changed the business calendar of the first-contact SLA. */
export interface AdminCalendarChangedAuditPayload {
  timeZone: string;
  holidays: number;
}

/** Event type → payload. Adding an event type means adding one line here. */
export interface AuditPayloads {
  'lead.submission': LeadSubmissionAuditPayload;
  'lead.spam': LeadSpamAuditPayload;
  'admin.login': AdminLoginAuditPayload;
  'lead.status_changed': LeadStatusChangedAuditPayload;
  'lead.note_added': LeadNoteAddedAuditPayload;
  'leads.exported': LeadsExportedAuditPayload;
  'lead.erased': LeadErasedAuditPayload;
  'admin.user_created': AdminUserCreatedAuditPayload;
  'admin.user_role_changed': AdminUserRoleChangedAuditPayload;
  'admin.user_disabled': AdminUserAccessAuditPayload;
  'admin.user_enabled': AdminUserAccessAuditPayload;
  'admin.sessions_revoked': AdminSessionsRevokedAuditPayload;
  'admin.password_changed': AdminPasswordChangedAuditPayload;
  'admin.view_saved': AdminViewSavedAuditPayload;
  'admin.view_deleted': AdminViewDeletedAuditPayload;
  'admin.webhook_changed': AdminWebhookChangedAuditPayload;
  'lead.assigned': LeadAssignedAuditPayload;
  'lead.call_logged': LeadCallLoggedAuditPayload;
  'lead.sla_breached': LeadSlaBreachedAuditPayload;
  'admin.calendar_changed': AdminCalendarChangedAuditPayload;
}

export type AuditEventType = keyof AuditPayloads;

export const AUDIT_EVENT_TYPES = [
  'lead.submission',
  'lead.spam',
  'admin.login',
  'lead.status_changed',
  'lead.note_added',
  'leads.exported',
  'lead.erased',
  'admin.user_created',
  'admin.user_role_changed',
  'admin.user_disabled',
  'admin.user_enabled',
  'admin.sessions_revoked',
  'admin.password_changed',
  'admin.view_saved',
  'admin.view_deleted',
  'admin.webhook_changed',
  'lead.assigned',
  'lead.call_logged',
  'lead.sla_breached',
  'admin.calendar_changed',
] as const satisfies readonly AuditEventType[];

/** Upper bounds (characters) on the free-text fields of an event. */
export const AUDIT_FIELD_LIMITS = {
  ip: 45,
  userAgent: 512,
  path: 512,
  requestId: 64,
} as const;

/**
 * Fields every event has. `phone`, `ip` and `leadId` are the keys the trail is searched by,
 * so they live on the envelope rather than inside a payload.
 */
export interface AuditEnvelope {
  /** UUID chosen by the producer; writing the same event twice stores it once. */
  id: string;
  /** ISO-8601 instant at which it happened. */
  occurredAt: string;
  /** E.164 phone the event is about, if any. */
  phone: string | null;
  /** Lead the event is about, when one exists at the time (admin actions). */
  leadId: string | null;
  /** Client IP resolved through the trusted proxies. */
  ip: string | null;
  userAgent: string | null;
  /** Request path, without the query string. */
  path: string | null;
  requestId: string | null;
  actor: AuditActor | null;
}

export type AuditEventOf<T extends AuditEventType> = AuditEnvelope & {
  type: T;
  payload: AuditPayloads[T];
};

/** One audit event: the envelope plus a payload whose shape follows from `type`. */
export type AuditEvent = {
  [T in AuditEventType]: AuditEventOf<T>;
}[AuditEventType];
