import { type LeadStatus } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

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

/** `$1` from, `$2` to, `$3` time zone: the range's bounds as instants. */
const IN_RANGE = (column: string) =>
  `${column} >= ($1::date::timestamp AT TIME ZONE $3) AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE $3)`;

const STACK_COLUMN: Record<OverviewStackColumn, string> = {
  source: 'first_utm_source',
  campaign: 'first_utm_campaign',
};

const params = (window: OverviewWindow) => [
  window.from,
  window.to,
  window.timeZone,
];

/**
 * The overview's aggregates over leads first seen in a range. Each is one index-only scan
 * of `leads_overview_idx` (created_at plus the per-lead facts it includes).
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
    const column = STACK_COLUMN[by];
    return this.db.query<DailyStackRow>(
      `WITH daily AS (
         SELECT (created_at AT TIME ZONE $3)::date AS day, ${column} AS key, count(*) AS n
           FROM leads WHERE ${IN_RANGE('created_at')} GROUP BY 1, 2
       ), top AS (
         SELECT key FROM daily WHERE key IS NOT NULL GROUP BY key ORDER BY sum(n) DESC, key LIMIT $4
       )
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
              CASE WHEN d.key IS NULL THEN 'none' WHEN t.key IS NULL THEN 'other' ELSE 'value' END AS kind,
              t.key, sum(d.n)::int AS count
         FROM daily d LEFT JOIN top t ON t.key = d.key
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [...params(window), topValues],
    );
  }

  async statusCounts(
    window: OverviewWindow,
  ): Promise<{ status: LeadStatus; count: number }[]> {
    return this.db.query(
      `SELECT status, count(*)::int AS count FROM leads WHERE ${IN_RANGE('created_at')} GROUP BY status`,
      params(window),
    );
  }

  /**
   * Submissions received in the range, and how many of them were a lead's first: the rest
   * came from a number that was a lead already.
   */
  async submissionCounts(
    window: OverviewWindow,
  ): Promise<{ submissions: number; firstSubmissions: number }> {
    const rows = await this.db.query<{
      submissions: number;
      first_submissions: number;
    }>(
      `SELECT (SELECT count(*) FROM lead_submissions WHERE ${IN_RANGE('received_at')})::int AS submissions,
              (SELECT count(*) FROM leads WHERE ${IN_RANGE('first_submitted_at')})::int AS first_submissions`,
      params(window),
    );
    return {
      submissions: rows[0]?.submissions ?? 0,
      firstSubmissions: rows[0]?.first_submissions ?? 0,
    };
  }

  /** Seconds from first sight to the first status change, for leads first seen in the range. */
  async responseTimes(window: OverviewWindow): Promise<{
    handled: number;
    waiting: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
  }> {
    const rows = await this.db.query<{
      handled: number;
      waiting: number;
      median: number | null;
      p90: number | null;
    }>(
      `SELECT count(first_status_changed_at)::int AS handled,
              count(*) FILTER (WHERE first_status_changed_at IS NULL AND status = 'new')::int AS waiting,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_status_changed_at - created_at))
                FILTER (WHERE first_status_changed_at IS NOT NULL) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_status_changed_at - created_at))
                FILTER (WHERE first_status_changed_at IS NOT NULL) AS p90
         FROM leads WHERE ${IN_RANGE('created_at')}`,
      params(window),
    );
    const row = rows[0];
    return {
      handled: row?.handled ?? 0,
      waiting: row?.waiting ?? 0,
      medianSeconds: row?.median === null || !row ? null : Number(row.median),
      p90Seconds: row?.p90 === null || !row ? null : Number(row.p90),
    };
  }
}
