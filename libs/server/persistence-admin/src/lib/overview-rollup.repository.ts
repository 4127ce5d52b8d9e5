import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

/** The overview rollup's upkeep (the triggers append deltas; this folds them in). */
@Injectable()
export class OverviewRollupRepository {
  constructor(private readonly db: AdminDatabase) {}

  /** Folds every pending delta into the rollup; returns how many delta rows it folded. */
  async compact(): Promise<number> {
    const [pending = 0] = await this.db.rows(
      `SELECT (SELECT count(*) FROM lead_status_daily_delta) + (SELECT count(*) FROM lead_source_daily_delta)
            + (SELECT count(*) FROM lead_campaign_daily_delta) + (SELECT count(*) FROM lead_response_daily_delta)
            + (SELECT count(*) FROM lead_first_submission_daily_delta) + (SELECT count(*) FROM lead_submission_daily_delta) AS n`,
      [],
      (row) => row.int('n'),
    );
    if (pending > 0) await this.db.execute(`SELECT lead_overview_compact()`);
    return pending;
  }
}
