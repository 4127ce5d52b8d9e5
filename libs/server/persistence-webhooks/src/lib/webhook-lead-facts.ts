import { Injectable } from '@nestjs/common';
import { WebhookDatabase } from './webhook-database';

export interface SubmissionFacts {
  submissionId: string;
  leadId: string;
  /** The lead's first submission: `lead.created`; any later one: `lead.duplicate`. */
  first: boolean;
  /** Submissions of the lead up to and including this one. */
  submissionCount: number;
}

/**
 * What the lead events need to know about stored submissions. Read after the batch committed,
 * so a replayed batch (a worker crashed after committing) yields the same events again.
 */
@Injectable()
export class WebhookLeadFacts {
  constructor(private readonly db: WebhookDatabase) {}

  describe(submissionIds: readonly string[]): Promise<SubmissionFacts[]> {
    if (submissionIds.length === 0) return Promise.resolve([]);
    return this.db.query<SubmissionFacts>(
      `SELECT s.submission_id AS "submissionId", s.lead_id AS "leadId",
              NOT EXISTS (
                SELECT 1 FROM lead_submissions o
                WHERE o.lead_id = s.lead_id
                  AND (o.received_at, o.submission_id) < (s.received_at, s.submission_id)) AS first,
              (SELECT count(*)::int FROM lead_submissions c
                WHERE c.lead_id = s.lead_id
                  AND (c.received_at, c.submission_id) <= (s.received_at, s.submission_id)) AS "submissionCount"
       FROM lead_submissions s WHERE s.submission_id = ANY($1::uuid[])`,
      [submissionIds],
    );
  }
}
