import { type LeadStatus } from '@landing/shared/contracts-lead';

/**
 * Query of every `GET /api/admin/overview/*` chart. `from` and `to` are calendar days
 * (`YYYY-MM-DD`, both inclusive) in `tz`, an IANA time zone. Defaults: the last 30 days up
 * to today, in {@link OVERVIEW_DEFAULT_TIME_ZONE}. At most {@link OVERVIEW_MAX_DAYS} days.
 * A lead belongs to the day it was first seen (`createdAt`) in that zone.
 */
export interface OverviewQuery {
  from?: string;
  to?: string;
  tz?: string;
}

export const OVERVIEW_DEFAULT_TIME_ZONE = 'Asia/Tehran';
export const OVERVIEW_DEFAULT_DAYS = 30;
export const OVERVIEW_MAX_DAYS = 366;

/** The range a chart was computed for, after defaults were applied. */
export interface OverviewRange {
  from: string;
  to: string;
  timeZone: string;
}

export const OVERVIEW_STACK_BY = ['source', 'campaign'] as const;
export type OverviewStackBy = (typeof OVERVIEW_STACK_BY)[number];

/** Query of `GET /api/admin/overview/leads-per-day`; `by` defaults to `source`. */
export interface LeadsPerDayQuery extends OverviewQuery {
  by?: OverviewStackBy;
}

/** Series beyond this many (by total, largest first) are folded into one `other` series. */
export const OVERVIEW_MAX_SERIES = 8;

/**
 * One stack of the chart. `value`: leads whose first submission carried this utm_source /
 * utm_campaign; `none`: leads whose first submission carried none; `other`: the smaller
 * values folded together.
 */
export interface LeadsPerDaySeries {
  kind: 'value' | 'none' | 'other';
  /** The utm value for `value`, null otherwise. */
  key: string | null;
  /** One count per entry of `days`. */
  counts: number[];
  total: number;
}

export interface LeadsPerDayResponse {
  range: OverviewRange;
  by: OverviewStackBy;
  /** Every day of the range, oldest first, including days without leads. */
  days: string[];
  series: LeadsPerDaySeries[];
  total: number;
}

/** `GET /api/admin/overview/funnel`: leads first seen in the range, by their current status. */
export interface StatusFunnelResponse {
  range: OverviewRange;
  total: number;
  /** Every status in workflow order (`LEAD_STATUSES`), zero counts included. */
  stages: { status: LeadStatus; count: number }[];
}

/**
 * `GET /api/admin/overview/quality`. Duplicates: submissions received in the range from a
 * number that was already a lead (repeat submissions stored as such; a resubmission inside
 * the intake's deduplication window is answered but never stored, so it is not counted).
 * Spam: leads first seen in the range that staff marked `spam` (submissions the intake's
 * bot traps caught are never stored as leads). Shares are fractions from 0 to 1, null
 * when there is nothing to divide by.
 */
export interface LeadQualityResponse {
  range: OverviewRange;
  submissions: number;
  duplicateSubmissions: number;
  duplicateShare: number | null;
  leads: number;
  spamLeads: number;
  spamShare: number | null;
}

/**
 * `GET /api/admin/overview/response-time`: for leads first seen in the range, the time from
 * their first submission to the first change of their status (by anyone), in seconds.
 */
export interface ResponseTimeResponse {
  range: OverviewRange;
  /** Leads whose status has changed at least once. */
  handled: number;
  /** Leads still untouched (never changed status). */
  waiting: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /**
   * False: the percentiles are exact. True: over more than 10,000 leads in the business
   * time zone they come from a daily histogram and are within 9 % of the exact values.
   */
  approximate: boolean;
}

/**
 * `GET /api/admin/overview/sla`: first contacts on the callback desk per local day of their
 * due time: `hit` called by the due time, `missed` called later or not yet called after it.
 * Leads not due yet are not counted. `hitRate` is `hit / (hit + missed)`, null without either.
 */
export interface SlaPerDayResponse {
  range: OverviewRange;
  days: string[];
  hit: number[];
  missed: number[];
  totalHit: number;
  totalMissed: number;
  hitRate: number | null;
}
