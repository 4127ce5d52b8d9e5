import { type SqlRow } from '@landing/server/persistence-lead';
import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';
import { OVERVIEW_ROLLUP_TIME_ZONE } from './migrations/1764600000000-overview-rollup.migration';
import {
  percentileFromBuckets,
  type ResponseBucket,
} from './response-histogram';

/** Calendar days (`YYYY-MM-DD`, both inclusive) in an IANA time zone PostgreSQL knows. */
export interface OverviewWindow {
  from: string;
  to: string;
  timeZone: string;
}

export type OverviewStackColumn = 'source' | 'campaign';

export interface DailyStackRow {
  day: string;
  kind: 'value' | 'none' | 'other';
  key: string | null;
  count: number;
}

export interface ResponseTimes {
  handled: number;
  waiting: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** True when read from the daily histogram (within 9 %), false when computed exactly. */
  approximate: boolean;
}

export interface SlaDayRow {
  day: string;
  hit: number;
  missed: number;
}

/**
 * Up to this many leads in a range, the response-time percentiles are computed exactly from
 * the leads (an index-only scan of at most this many entries); beyond it, from the rollup's
 * histogram.
 */
export const EXACT_RESPONSE_TIME_LEADS = 10_000;

/** `$1` from, `$2` to, `$3` time zone: the range's bounds as instants. */
const IN_RANGE = (column: string) =>
  `${column} >= ($1::date::timestamp AT TIME ZONE $3) AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE $3)`;

const STACK_COLUMN: Record<OverviewStackColumn, string> = {
  source: 'first_utm_source',
  campaign: 'first_utm_campaign',
};

const ROLLUP_STACK: Record<OverviewStackColumn, string> = {
  source: 'SELECT day, utm_source AS key, leads FROM lead_source_daily_all',
  campaign:
    'SELECT day, utm_campaign AS key, leads FROM lead_campaign_daily_all',
};

/** `$1` from, `$2` to: the days of the rollup in range. */
const ROLLUP_DAYS = `day BETWEEN $1::date AND $2::date`;

const toStackRow = (row: SqlRow): DailyStackRow => ({
  day: row.text('day'),
  kind: row.oneOf('kind', ['value', 'none', 'other'] as const),
  key: row.textOrNull('key'),
  count: row.int('count'),
});

const toStatusCount = (row: SqlRow) => ({
  status: row.oneOf('status', LEAD_STATUSES),
  count: row.int('count'),
});

const toSubmissionCounts = (row: SqlRow) => ({
  submissions: row.int('submissions'),
  firstSubmissions: row.int('first_submissions'),
});

/** Whether the range's days are the rollup's days. */
const inRollup = (window: OverviewWindow) =>
  window.timeZone === OVERVIEW_ROLLUP_TIME_ZONE;

const params = (window: OverviewWindow) => [
  window.from,
  window.to,
  window.timeZone,
];

/**
 * The overview's aggregates over leads first seen in a range. In the business zone
 * ({@link OVERVIEW_ROLLUP_TIME_ZONE}) they read the daily rollup the triggers keep (a few
 * rows per day); in any other zone the day boundaries differ from the rollup's, so they
 * scan `leads_overview_idx` (created_at plus the per-lead facts it includes) for the range.
 */
@Injectable()
export class LeadOverviewRepository {
  constructor(private readonly db: AdminDatabase) {}

  /**
   * Leads per local day and first-touch utm value. The `topValues` largest values keep their
   * own series; the rest fold into `other`, leads without a value into `none`.
   */
  async dailyStack(
    window: OverviewWindow,
    by: OverviewStackColumn,
    topValues: number,
  ): Promise<DailyStackRow[]> {
    const top = `top AS (
         SELECT key FROM daily WHERE key IS NOT NULL GROUP BY key ORDER BY sum(n) DESC, key LIMIT $LIMIT
       )
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
              CASE WHEN d.key IS NULL THEN 'none' WHEN t.key IS NULL THEN 'other' ELSE 'value' END AS kind,
              t.key, sum(d.n)::int AS count
         FROM daily d LEFT JOIN top t ON t.key = d.key
        GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3`;
    if (inRollup(window))
      return this.db.rows(
        `WITH daily AS (
           SELECT day, key, sum(leads) AS n
             FROM (${ROLLUP_STACK[by]} WHERE ${ROLLUP_DAYS}) rollup GROUP BY 1, 2
         ), ${top.replace('$LIMIT', '$3')}`,
        [window.from, window.to, topValues],
        toStackRow,
      );
    const column = STACK_COLUMN[by];
    return this.db.rows(
      // Quarter-hours first (integer arithmetic per lead), then their local day: every zone's
      // offset is a whole number of quarter-hours, and the zone conversion runs per group.
      `WITH quarters AS (
         SELECT floor(extract(epoch FROM created_at) / 900) AS quarter, ${column} AS key, count(*) AS n
           FROM leads WHERE ${IN_RANGE('created_at')} GROUP BY 1, 2
       ), daily AS (
         SELECT (to_timestamp(quarter * 900) AT TIME ZONE $3)::date AS day, key, sum(n) AS n FROM quarters GROUP BY 1, 2
       ), ${top.replace('$LIMIT', '$4')}`,
      [...params(window), topValues],
      toStackRow,
    );
  }

  async statusCounts(
    window: OverviewWindow,
  ): Promise<{ status: LeadStatus; count: number }[]> {
    if (inRollup(window))
      return this.db.rows(
        `SELECT status, sum(leads)::int AS count FROM lead_status_daily_all WHERE ${ROLLUP_DAYS}
          GROUP BY status HAVING sum(leads) <> 0`,
        [window.from, window.to],
        toStatusCount,
      );
    return this.db.rows(
      `SELECT status, count(*)::int AS count FROM leads WHERE ${IN_RANGE('created_at')} GROUP BY status`,
      params(window),
      toStatusCount,
    );
  }

  /**
   * Submissions received in the range, and how many of them were a lead's first: the rest
   * came from a number that was a lead already.
   */
  async submissionCounts(
    window: OverviewWindow,
  ): Promise<{ submissions: number; firstSubmissions: number }> {
    const [counts] = inRollup(window)
      ? await this.db.rows(
          `SELECT (SELECT coalesce(sum(submissions), 0) FROM lead_submission_daily_all WHERE ${ROLLUP_DAYS})::int AS submissions,
                  (SELECT coalesce(sum(leads), 0) FROM lead_first_submission_daily_all WHERE ${ROLLUP_DAYS})::int AS first_submissions`,
          [window.from, window.to],
          toSubmissionCounts,
        )
      : await this.db.rows(
          `SELECT (SELECT count(*) FROM lead_submissions WHERE ${IN_RANGE('received_at')})::int AS submissions,
                  (SELECT count(*) FROM leads WHERE ${IN_RANGE('first_submitted_at')})::int AS first_submissions`,
          params(window),
          toSubmissionCounts,
        );
    return counts ?? { submissions: 0, firstSubmissions: 0 };
  }

  /**
   * Seconds from first sight to the first status change, for leads first seen in the range:
   * exact up to {@link EXACT_RESPONSE_TIME_LEADS} leads or outside the business zone,
   * otherwise from the rollup's histogram.
   */
  /**
   * First contacts per local day of their due time: within the SLA (called by the due time)
   * or missed (called later, or still not called after it). Leads not yet due are left out.
   * Reads `lead_desk_due_idx` only (an index-only scan of the range); grouped by the date, not
   * its text, so the planner hashes the days instead of sorting every entry.
   */
  async slaPerDay(window: OverviewWindow, now: Date): Promise<SlaDayRow[]> {
    return this.db.rows(
      `SELECT ((first_contact_due_at AT TIME ZONE $3)::date)::text AS day,
              count(*) FILTER (WHERE first_contacted_at <= first_contact_due_at) AS hit,
              count(*) FILTER (WHERE first_contacted_at > first_contact_due_at
                                  OR (first_contacted_at IS NULL AND first_contact_due_at <= $4)) AS missed
         FROM lead_desk
        WHERE first_contact_due_at IS NOT NULL AND ${IN_RANGE('first_contact_due_at')}
        GROUP BY (first_contact_due_at AT TIME ZONE $3)::date ORDER BY 1`,
      [...params(window), now],
      (row) => ({
        day: row.text('day'),
        hit: row.int('hit'),
        missed: row.int('missed'),
      }),
    );
  }

  async responseTimes(window: OverviewWindow): Promise<ResponseTimes> {
    if (!inRollup(window)) return this.exactResponseTimes(window);
    const days = [window.from, window.to];
    const [counts] = await this.db.rows(
      `SELECT coalesce(sum(leads), 0)::int AS leads, coalesce(sum(handled), 0)::int AS handled,
              coalesce(sum(leads - handled) FILTER (WHERE status = 'new'), 0)::int AS waiting
         FROM lead_status_daily_all WHERE ${ROLLUP_DAYS}`,
      days,
      (row) => ({
        leads: row.int('leads'),
        handled: row.int('handled'),
        waiting: row.int('waiting'),
      }),
    );
    if (!counts || counts.leads <= EXACT_RESPONSE_TIME_LEADS)
      return this.exactResponseTimes(window);
    const buckets = await this.db.rows<ResponseBucket>(
      `SELECT bucket, sum(leads)::int AS leads FROM lead_response_daily_all WHERE ${ROLLUP_DAYS}
        GROUP BY bucket HAVING sum(leads) > 0 ORDER BY bucket`,
      days,
      (row) => ({ bucket: row.int('bucket'), leads: row.int('leads') }),
    );
    return {
      handled: counts.handled,
      waiting: counts.waiting,
      medianSeconds: percentileFromBuckets(buckets, 0.5),
      p90Seconds: percentileFromBuckets(buckets, 0.9),
      approximate: true,
    };
  }

  private async exactResponseTimes(
    window: OverviewWindow,
  ): Promise<ResponseTimes> {
    const [times] = await this.db.rows(
      `SELECT count(first_status_changed_at)::int AS handled,
              count(*) FILTER (WHERE first_status_changed_at IS NULL AND status = 'new')::int AS waiting,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_status_changed_at - created_at))
                FILTER (WHERE first_status_changed_at IS NOT NULL) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_status_changed_at - created_at))
                FILTER (WHERE first_status_changed_at IS NOT NULL) AS p90
         FROM leads WHERE ${IN_RANGE('created_at')}`,
      params(window),
      (row): ResponseTimes => ({
        handled: row.int('handled'),
        waiting: row.int('waiting'),
        medianSeconds: row.numberOrNull('median'),
        p90Seconds: row.numberOrNull('p90'),
        approximate: false,
      }),
    );
    return (
      times ?? {
        handled: 0,
        waiting: 0,
        medianSeconds: null,
        p90Seconds: null,
        approximate: false,
      }
    );
  }
}
