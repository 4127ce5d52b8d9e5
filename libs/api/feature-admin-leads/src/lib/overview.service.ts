import { RequestValidationError } from '@landing/api/util-http';
import {
  LeadOverviewRepository,
  type OverviewWindow,
} from '@landing/server/persistence-admin';
import {
  type LeadQualityResponse,
  type LeadsPerDayQuery,
  type LeadsPerDayResponse,
  type LeadsPerDaySeries,
  OVERVIEW_MAX_SERIES,
  type OverviewQuery,
  type OverviewRange,
  type ResponseTimeResponse,
  type SlaPerDayResponse,
  type StatusFunnelResponse,
} from '@landing/shared/contracts-admin';
import { LEAD_STATUSES } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { parseOverviewRange } from './overview-range';

const windowOf = (query: OverviewQuery): OverviewRange => {
  const { from, to, timeZone } = parseOverviewRange(query);
  return { from, to, timeZone };
};

const share = (part: number, whole: number) =>
  whole > 0 ? part / whole : null;

/** The overview charts, each answered by one aggregate query over the range. */
@Injectable()
export class OverviewService {
  constructor(private readonly overview: LeadOverviewRepository) {}

  async leadsPerDay(query: LeadsPerDayQuery): Promise<LeadsPerDayResponse> {
    const { days, ...range } = parseOverviewRange(query);
    const by = query.by ?? 'source';
    const rows = await this.run(range, (window) =>
      this.overview.dailyStack(window, by, OVERVIEW_MAX_SERIES),
    );
    const index = new Map(days.map((day, i) => [day, i]));
    const series = new Map<string, LeadsPerDaySeries>();
    for (const row of rows) {
      const id = `${row.kind}:${row.key ?? ''}`;
      let entry = series.get(id);
      if (!entry) {
        entry = {
          kind: row.kind,
          key: row.kind === 'value' ? row.key : null,
          counts: days.map(() => 0),
          total: 0,
        };
        series.set(id, entry);
      }
      const i = index.get(row.day);
      if (i === undefined) continue;
      entry.counts[i] = (entry.counts[i] ?? 0) + row.count;
      entry.total += row.count;
    }
    const rank = { value: 0, other: 1, none: 2 } as const;
    const ordered = [...series.values()].sort(
      (a, b) =>
        rank[a.kind] - rank[b.kind] ||
        b.total - a.total ||
        (a.key ?? '').localeCompare(b.key ?? ''),
    );
    return {
      range,
      by,
      days,
      series: ordered,
      total: ordered.reduce((sum, s) => sum + s.total, 0),
    };
  }

  async funnel(query: OverviewQuery): Promise<StatusFunnelResponse> {
    const range = windowOf(query);
    const rows = await this.run(range, (window) =>
      this.overview.statusCounts(window),
    );
    const counts = new Map(rows.map((row) => [row.status, row.count]));
    const stages = LEAD_STATUSES.map((status) => ({
      status,
      count: counts.get(status) ?? 0,
    }));
    return {
      range,
      total: stages.reduce((sum, stage) => sum + stage.count, 0),
      stages,
    };
  }

  async quality(query: OverviewQuery): Promise<LeadQualityResponse> {
    const range = windowOf(query);
    const [submitted, statuses] = await this.run(range, (window) =>
      Promise.all([
        this.overview.submissionCounts(window),
        this.overview.statusCounts(window),
      ]),
    );
    const duplicates = Math.max(
      0,
      submitted.submissions - submitted.firstSubmissions,
    );
    const leads = statuses.reduce((sum, row) => sum + row.count, 0);
    const spam = statuses.find((row) => row.status === 'spam')?.count ?? 0;
    return {
      range,
      submissions: submitted.submissions,
      duplicateSubmissions: duplicates,
      duplicateShare: share(duplicates, submitted.submissions),
      leads,
      spamLeads: spam,
      spamShare: share(spam, leads),
    };
  }

  async responseTime(query: OverviewQuery): Promise<ResponseTimeResponse> {
    const range = windowOf(query);
    const times = await this.run(range, (window) =>
      this.overview.responseTimes(window),
    );
    return { range, ...times };
  }

  async slaPerDay(
    query: OverviewQuery,
    now = new Date(),
  ): Promise<SlaPerDayResponse> {
    const { days, ...range } = parseOverviewRange(query);
    const rows = await this.run(range, (window) =>
      this.overview.slaPerDay(window, now),
    );
    const byDay = new Map(rows.map((row) => [row.day, row]));
    const hit = days.map((day) => byDay.get(day)?.hit ?? 0);
    const missed = days.map((day) => byDay.get(day)?.missed ?? 0);
    const totalHit = hit.reduce((sum, n) => sum + n, 0);
    const totalMissed = missed.reduce((sum, n) => sum + n, 0);
    return {
      range,
      days,
      hit,
      missed,
      totalHit,
      totalMissed,
      hitRate: share(totalHit, totalHit + totalMissed),
    };
  }

  /** A zone the runtime accepted but PostgreSQL does not know is still the caller's mistake. */
  private async run<T>(
    range: OverviewRange,
    query: (window: OverviewWindow) => Promise<T>,
  ): Promise<T> {
    try {
      return await query(range);
    } catch (error) {
      const failed = error as {
        code?: string;
        driverError?: { code?: string };
      };
      if ((failed.code ?? failed.driverError?.code) === '22023')
        throw new RequestValidationError([
          {
            field: 'tz',
            code: 'INVALID_VALUE',
            message: 'tz is not a time zone the database knows',
          },
        ]);
      throw error;
    }
  }
}
