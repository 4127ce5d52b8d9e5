import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

export interface LeadStatusChangeRecord {
  id: string;
  from: LeadStatus;
  to: LeadStatus;
  actorEmail: string | null;
  changedAt: Date;
}

/** The status changes kept with each lead (written by the review repository's changeStatus). */
@Injectable()
export class LeadHistoryRepository {
  constructor(private readonly db: AdminDatabase) {}

  /** Newest first, at most `limit`. */
  async statusChangesOf(
    leadId: string,
    limit: number,
  ): Promise<LeadStatusChangeRecord[]> {
    return this.db.rows(
      `SELECT c.id, c.from_status, c.to_status, u.email, c.changed_at
         FROM lead_status_changes c LEFT JOIN admin_users u ON u.id = c.actor_id
        WHERE c.lead_id = $1 ORDER BY c.changed_at DESC, c.id DESC LIMIT $2`,
      [leadId, limit],
      (row) => ({
        id: row.text('id'),
        from: row.oneOf('from_status', LEAD_STATUSES),
        to: row.oneOf('to_status', LEAD_STATUSES),
        actorEmail: row.textOrNull('email'),
        changedAt: row.date('changed_at'),
      }),
    );
  }
}
