import { type BusinessCalendarSettings } from './business-calendar.contract';
import { type LeadStatus } from '@landing/shared/contracts-lead';

/** What happened on one call; one action (and one key) each on the desk. */
export const CALL_OUTCOMES = [
  'interested',
  'not_interested',
  'no_answer',
  'busy',
  'wrong_number',
  'callback',
  'do_not_call',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Outcomes that count as an unanswered attempt; enough of them close the lead as unreachable. */
export const UNANSWERED_OUTCOMES: readonly CallOutcome[] = [
  'no_answer',
  'busy',
];

/**
 * Why a lead left the desk without being qualified. The status union stays as it was
 * (`disqualified`); the reason says which kind of closing it was.
 */
export const CLOSE_REASONS = [
  'not_interested',
  'unreachable',
  'wrong_number',
  'do_not_call',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Statuses a lead is worked in; the rest are closed. */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = ['new', 'contacted'];

export const ASSIGNMENT_POLICIES = ['round_robin', 'fewest_open'] as const;
export type AssignmentPolicy = (typeof ASSIGNMENT_POLICIES)[number];

/**
 * `DESK_ASSIGNMENT_POLICY`: a policy, or `off` (the worker does no desk work when a lead
 * arrives; the shared queue left from before is still handed out, in turn).
 */
export const ASSIGNMENT_SETTINGS = ['off', ...ASSIGNMENT_POLICIES] as const;
export type AssignmentSetting = (typeof ASSIGNMENT_SETTINGS)[number];

/** The policy used to hand out the shared queue: `off` hands it out in turn. */
export function handOutPolicy(setting: AssignmentSetting): AssignmentPolicy {
  return setting === 'off' ? 'round_robin' : setting;
}

/** How a lead got its owner, as kept in `lead_assignments` and the `lead.assigned` event. */
export const ASSIGNMENT_REASONS = [
  /** The worker stored a new lead and gave it to the next on-duty staff member. */
  'arrival',
  /** A lead that waited in the shared queue, handed out when someone came on duty. */
  'handout',
  /** A staff member took it from the shared queue by hand. */
  'claim',
  /** An admin gave it to someone. */
  'reassign',
] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/** `PUT /api/admin/me/availability` */
export interface AvailabilityRequest {
  onDuty: boolean;
}

/** `GET /api/admin/me/availability` */
export interface AvailabilityStatus {
  onDuty: boolean;
  /** When it last changed; null: never set (away). */
  changedAt: string | null;
}

export interface AvailabilityResponse {
  onDuty: boolean;
  changedAt: string;
  /** Leads from the shared queue handed out because this change put someone on duty. */
  handedOut: number;
}

/** Why a lead is in the queue, in the order the queue lists them. */
export const QUEUE_ITEM_KINDS = ['overdue', 'new', 'callback'] as const;
export type QueueItemKind = (typeof QUEUE_ITEM_KINDS)[number];

export interface QueueItem {
  kind: QueueItemKind;
  leadId: string;
  phone: string;
  name: string | null;
  status: LeadStatus;
  createdAt: string;
  assignedAt: string | null;
  /** When the first call is due (working time from arrival); null for leads from before the desk. */
  firstContactDueAt: string | null;
  /** When the lead is to be called again (a callback, or a retry after no answer). */
  nextCallAt: string | null;
  /** Unanswered attempts so far (no answer, busy). */
  attempts: number;
  slaBreached: boolean;
  /** The last time the visitor submitted again while the lead was open (a duplicate), if ever. */
  resubmittedAt: string | null;
  submissionCount: number;
}

/** `GET /api/admin/queue`: the signed-in user's work list. */
export interface QueueResponse {
  items: QueueItem[];
  /**
   * The owner's next callbacks and retries whose time has not come yet (kind `callback`),
   * soonest first, at most `QUEUE_UPCOMING_LIMIT`. The screen moves each into the list when
   * its `nextCallAt` passes on the screen's clock, so a callback shows up on time without
   * asking the server again; the server's list has it from then on as well.
   */
  upcoming: QueueItem[];
  /**
   * The shared queue: open leads nobody owns (nobody was on duty when they came), oldest
   * arrival first, at most `QUEUE_SHARED_LIMIT` (kind `overdue` or `new` by first-contact due
   * time). Anyone may claim one (`POST /api/admin/leads/:id/claim`); `counts.unassigned` has
   * how many wait in all.
   */
  shared: QueueItem[];
  counts: Record<QueueItemKind, number> & {
    total: number;
    /** Leads waiting in the shared queue (nobody was on duty when they came). */
    unassigned: number;
  };
}

/** `POST /api/admin/leads/:id/calls` */
export interface LogCallRequest {
  outcome: CallOutcome;
  /** Required with `callback`: when to call again (ISO-8601, in the future). */
  callbackAt?: string;
  note?: string;
}

/** How many not-yet-due callbacks `GET /api/admin/queue` answers in `upcoming`. */
export const QUEUE_UPCOMING_LIMIT = 50;

/** How many shared-queue leads `GET /api/admin/queue` answers in `shared`, oldest first. */
export const QUEUE_SHARED_LIMIT = 20;

export interface CallView {
  id: string;
  leadId: string;
  staffId: string | null;
  outcome: CallOutcome;
  note: string | null;
  callbackAt: string | null;
  createdAt: string;
}

/** A lead's desk state after a call, a claim or an assignment. */
export interface DeskLeadView {
  leadId: string;
  status: LeadStatus;
  ownerId: string | null;
  assignedAt: string | null;
  firstContactDueAt: string | null;
  firstContactedAt: string | null;
  nextCallAt: string | null;
  attempts: number;
  closedReason: CloseReason | null;
  slaBreachedAt: string | null;
}

/** `GET /api/admin/leads/:id/calls`: a lead's calls, newest first. */
export interface LeadCallsResponse {
  calls: LeadCallView[];
}

export interface LeadCallView extends CallView {
  /** Who called (null: the account is gone). */
  staffEmail: string | null;
}

export interface LogCallResponse {
  call: CallView;
  lead: DeskLeadView;
}

/** `POST /api/admin/leads/:id/assign` (admin) */
export interface AssignLeadRequest {
  ownerId: string;
}

/** `GET /api/admin/staff/on-duty` (admin): every staff member with their desk state. */
export interface StaffAvailabilityView {
  userId: string;
  email: string;
  role: string;
  onDuty: boolean;
  changedAt: string | null;
  openLeads: number;
}

export interface StaffOnDutyResponse {
  staff: StaffAvailabilityView[];
  onDuty: number;
}

/** `GET`/`PUT /api/admin/settings/business-calendar` (admin) */
export type BusinessCalendarRequest = BusinessCalendarSettings;

export interface BusinessCalendarResponse extends BusinessCalendarSettings {
  /** Null while the default calendar applies. */
  updatedAt: string | null;
  /**
   * The first-contact SLA in working minutes (`DESK_FIRST_CONTACT_SLA_MINUTES`, set by the
   * operator, not here): read-only, so the settings screen can preview a due time.
   */
  firstContactSlaMinutes: number;
}

/** `GET /api/admin/desk/alerts` (admin): SLA breaches, newest first. */
export interface DeskAlertView {
  id: string;
  kind: 'sla_breached';
  leadId: string;
  ownerId: string | null;
  createdAt: string;
}

export const DESK_API = {
  availability: '/api/admin/me/availability',
  queue: '/api/admin/queue',
  calls: (leadId: string) =>
    `/api/admin/leads/${encodeURIComponent(leadId)}/calls`,
  claim: (leadId: string) =>
    `/api/admin/leads/${encodeURIComponent(leadId)}/claim`,
  assign: (leadId: string) =>
    `/api/admin/leads/${encodeURIComponent(leadId)}/assign`,
  staffOnDuty: '/api/admin/staff/on-duty',
  businessCalendar: '/api/admin/settings/business-calendar',
  alerts: '/api/admin/desk/alerts',
} as const;

/** Longest call note, in characters. */
export const CALL_NOTE_MAX_LENGTH = 2000;
