import { type AssignmentReason } from '@landing/shared/contracts-desk';
import { Injectable } from '@nestjs/common';
import { DeskDatabase } from './desk-database';

export interface BreachRecord {
  alertId: string;
  leadId: string;
  ownerId: string | null;
  firstContactDueAt: Date;
  createdAt: Date;
}

export interface AssignmentRecord {
  id: string;
  leadId: string;
  fromOwnerId: string | null;
  toOwnerId: string | null;
  reason: AssignmentReason;
  actorId: string | null;
  actorEmail: string | null;
  assignedAt: Date;
}

/** The worker's periodic side of the desk: SLA breaches, the audit outbox, gauges. */
@Injectable()
export class DeskSlaRepository {
  constructor(private readonly db: DeskDatabase) {}

  /**
   * Flags never-called open leads whose first-contact due time has passed and records an
   * alert for each, in one statement; `SKIP LOCKED` lets several workers scan at once.
   */
  async flagBreaches(now: Date, limit: number): Promise<BreachRecord[]> {
    const rows = await this.db.query<{
      alert_id: string;
      lead_id: string;
      owner_id: string | null;
      first_contact_due_at: Date;
      created_at: Date;
    }>(
      `WITH due AS (
         SELECT lead_id FROM lead_desk
          WHERE first_contacted_at IS NULL AND sla_breached_at IS NULL AND first_contact_due_at IS NOT NULL
            AND first_contact_due_at <= $1 AND open
          ORDER BY first_contact_due_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), flagged AS (
         UPDATE lead_desk d SET sla_breached_at = now() FROM due WHERE d.lead_id = due.lead_id
         RETURNING d.lead_id AS id, d.owner_id, d.first_contact_due_at, d.arrived_at AS created_at
       ), alerted AS (
         INSERT INTO desk_alerts (kind, lead_id, owner_id) SELECT 'sla_breached', id, owner_id FROM flagged
         RETURNING id, lead_id
       )
       SELECT a.id AS alert_id, f.id AS lead_id, f.owner_id, f.first_contact_due_at, f.created_at
         FROM flagged f JOIN alerted a ON a.lead_id = f.id`,
      [now, limit],
    );
    return rows.map((row) => ({
      alertId: row.alert_id,
      leadId: row.lead_id,
      ownerId: row.owner_id,
      firstContactDueAt: row.first_contact_due_at,
      createdAt: row.created_at,
    }));
  }

  /** Breach alerts not yet in the audit trail (oldest first). */
  async unauditedBreaches(limit: number): Promise<BreachRecord[]> {
    const rows = await this.db.query<{
      id: string;
      lead_id: string;
      owner_id: string | null;
      first_contact_due_at: Date;
      created_at: Date;
    }>(
      `SELECT a.id, a.lead_id, a.owner_id, d.first_contact_due_at, a.created_at
         FROM desk_alerts a JOIN lead_desk d ON d.lead_id = a.lead_id
        WHERE a.audited_at IS NULL ORDER BY a.created_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      alertId: row.id,
      leadId: row.lead_id,
      ownerId: row.owner_id,
      firstContactDueAt: row.first_contact_due_at,
      createdAt: row.created_at,
    }));
  }

  async markBreachesAudited(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `WITH u AS (UPDATE desk_alerts SET audited_at = now() WHERE id = ANY($1::uuid[]) RETURNING 1) SELECT count(*) FROM u`,
      [ids],
    );
  }

  /**
   * Assignments not yet in the audit trail, by id after `after` (a flush walks the outbox's
   * primary key forward, so no chunk steps over the entries the chunks before it deleted).
   */
  async unauditedAssignments(
    limit: number,
    after: string | null = null,
  ): Promise<AssignmentRecord[]> {
    const rows = await this.db.query<{
      id: string;
      lead_id: string;
      from_owner_id: string | null;
      to_owner_id: string | null;
      reason: AssignmentReason;
      actor_id: string | null;
      actor_email: string | null;
      assigned_at: Date;
    }>(
      `SELECT a.id, a.lead_id, a.from_owner_id, a.to_owner_id, a.reason, a.actor_id, u.email AS actor_email, a.assigned_at
         FROM desk_audit_outbox o
         JOIN lead_assignments a ON a.id = o.assignment_id
         LEFT JOIN admin_users u ON u.id = a.actor_id
        WHERE o.assignment_id > COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000')
        ORDER BY o.assignment_id LIMIT $1`,
      [limit, after],
    );
    return rows.map((row) => ({
      id: row.id,
      leadId: row.lead_id,
      fromOwnerId: row.from_owner_id,
      toOwnerId: row.to_owner_id,
      reason: row.reason,
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      assignedAt: row.assigned_at,
    }));
  }

  async markAssignmentsAudited(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `WITH d AS (DELETE FROM desk_audit_outbox WHERE assignment_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*) FROM d`,
      [ids],
    );
  }

  /** Open leads per owner (the gauge), owners with none included. */
  async openLeadsPerOwner(): Promise<{ ownerId: string; open: number }[]> {
    const rows = await this.db.query<{ user_id: string; open: string }>(
      `SELECT s.user_id, (SELECT count(*) FROM lead_desk d WHERE d.owner_id = s.user_id AND d.open) AS open
         FROM desk_staff s`,
    );
    return rows.map((row) => ({
      ownerId: row.user_id,
      open: Number(row.open),
    }));
  }
}
