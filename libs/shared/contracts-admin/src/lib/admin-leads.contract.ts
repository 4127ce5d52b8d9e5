import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type LeadStatus } from '@landing/shared/contracts-lead';

export const LEAD_SORT_FIELDS = [
  'createdAt',
  'lastSubmittedAt',
  'name',
  'status',
] as const;
export type LeadSortField = (typeof LEAD_SORT_FIELDS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const LEAD_PAGE_LIMITS = { default: 50, max: 200 } as const;

/**
 * Filters of the lead list and of the CSV export, as query-string parameters (so a filtered
 * view is a URL that can be bookmarked). All optional.
 */
export interface LeadFilter {
  /** Comma-separated statuses. */
  status?: string;
  /** ISO-8601 instants bounding when the lead was first seen: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** utm_source / utm_campaign of any of the lead's submissions (exact match). */
  source?: string;
  campaign?: string;
  /** A phone number in any format the form accepts, part of one, or part of a name or email. */
  q?: string;
}

export interface LeadListQuery extends LeadFilter {
  sort?: LeadSortField;
  order?: SortOrder;
  limit?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface LeadSummary {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  status: LeadStatus;
  createdAt: string;
  lastSubmittedAt: string;
}

/**
 * How many leads match the list's filter. Counting stops at a cap: beyond it `exact` is
 * false and `value` is a lower bound (show "10,000+").
 */
export interface LeadMatchCount {
  value: number;
  exact: boolean;
}

export interface LeadListResponse {
  items: LeadSummary[];
  /** Null on the last page. */
  nextCursor: string | null;
  /** Counted for the first page only (no `cursor`); null on the pages after it. */
  total: LeadMatchCount | null;
}

export interface LeadSubmissionView {
  submissionId: string;
  receivedAt: string;
  name: string | null;
  email: string | null;
  consent: boolean;
  consentVersion: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
  landingPath: string | null;
}

export interface LeadNoteView {
  id: string;
  text: string;
  authorEmail: string | null;
  createdAt: string;
}

export interface LeadDetailResponse {
  lead: LeadSummary;
  submissions: LeadSubmissionView[];
  notes: LeadNoteView[];
  audit: { events: AuditEvent[]; nextCursor: string | null };
  /** Statuses this lead may move to from its current one. */
  nextStatuses: LeadStatus[];
  /** Who works the lead on the callback desk; null until it reached the desk. */
  desk: LeadDeskSummary | null;
}

/** A lead's owner and first-contact clock on the callback desk. */
export interface LeadDeskSummary {
  ownerId: string | null;
  /** Null when nobody owns it (the shared queue) or the owner's account was removed. */
  ownerEmail: string | null;
  assignedAt: string | null;
  firstContactDueAt: string | null;
  firstContactedAt: string | null;
  slaBreachedAt: string | null;
}

/** Body of `PATCH /api/admin/leads/:id/status`. */
export interface ChangeLeadStatusRequest {
  status: LeadStatus;
}

/** Body of `POST /api/admin/leads/:id/notes`. */
export interface AddLeadNoteRequest {
  text: string;
}

export const LEAD_NOTE_MAX_LENGTH = 4000;
export const BULK_STATUS_MAX_IDS = 500;

/** Body of `POST /api/admin/leads/bulk-status`. */
export interface BulkLeadStatusRequest {
  ids: string[];
  status: LeadStatus;
}

export interface BulkLeadStatusResponse {
  changed: string[];
  /** Leads already in that status, gone, or whose status may not move there. */
  skipped: string[];
}

export interface EraseLeadResponse {
  erased: true;
}
