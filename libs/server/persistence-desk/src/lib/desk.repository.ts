import { type BusinessCalendarSettings } from '@landing/shared/domain-business-calendar';
import {
  type CallOutcome,
  type CloseReason,
  type QueueItemKind,
} from '@landing/shared/contracts-desk';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { DeskDatabase, type DeskSql } from './desk-database';

export interface DeskLeadRecord {
  id: string;
  createdAt: Date;
  status: LeadStatus;
  ownerId: string | null;
  assignedAt: Date | null;
  firstContactDueAt: Date | null;
  firstContactedAt: Date | null;
  nextCallAt: Date | null;
  attempts: number;
  closedReason: CloseReason | null;
  slaBreachedAt: Date | null;
}

export interface QueueRecord {
  kind: QueueItemKind;
  id: string;
  phone: string;
  name: string | null;
  status: LeadStatus;
  createdAt: Date;
  assignedAt: Date | null;
  firstContactDueAt: Date | null;
  nextCallAt: Date | null;
  attempts: number;
  slaBreached: boolean;
  resubmittedAt: Date | null;
  submissionCount: number;
}

export interface QueueCounts {
  overdue: number;
  new: number;
  callback: number;
  unassigned: number;
}

export interface CallRecord {
  id: string;
  leadId: string;
  staffId: string | null;
  outcome: CallOutcome;
  note: string | null;
  callbackAt: Date | null;
  createdAt: Date;
}

/** What a call changes on its lead, decided by the service (`callEffect`). */
export interface CallChange {
  id: string;
  leadId: string;
  staffId: string;
  outcome: CallOutcome;
  note: string | null;
  callbackAt: Date | null;
  status: LeadStatus;
  closedReason: CloseReason | null;
  attempts: number;
  nextCallAt: Date | null;
}

export interface StaffRecord {
  userId: string;
  email: string;
  role: string;
  onDuty: boolean;
  changedAt: Date | null;
  openLeads: number;
}

export interface AlertRecord {
  id: string;
  leadId: string;
  ownerId: string | null;
  createdAt: Date;
}

interface LeadRow {
  id: string;
  created_at: Date;
  status: LeadStatus;
  owner_id: string | null;
  assigned_at: Date | null;
  first_contact_due_at: Date | null;
  first_contacted_at: Date | null;
  next_call_at: Date | null;
  call_attempts: number;
  closed_reason: CloseReason | null;
  sla_breached_at: Date | null;
}

/** A lead with its desk state (`lead_desk`, none yet for a lead that never reached the desk). */
const LEAD_COLUMNS = `l.id, l.created_at, l.status, d.owner_id, d.assigned_at, d.first_contact_due_at, d.first_contacted_at,
  d.next_call_at, COALESCE(d.call_attempts, 0) AS call_attempts, d.closed_reason, d.sla_breached_at`;
const LEAD_FROM = `leads l LEFT JOIN lead_desk d ON d.lead_id = l.id`;

const toLead = (row: LeadRow): DeskLeadRecord => ({
  id: row.id,
  createdAt: row.created_at,
  status: row.status,
  ownerId: row.owner_id,
  assignedAt: row.assigned_at,
  firstContactDueAt: row.first_contact_due_at,
  firstContactedAt: row.first_contacted_at,
  nextCallAt: row.next_call_at,
  attempts: Number(row.call_attempts),
  closedReason: row.closed_reason,
  slaBreachedAt: row.sla_breached_at,
});

/** The shared queue is counted up to here: a count, not a scan of a backlog of any size. */
export const UNASSIGNED_COUNT_CAP = 10_000;

/** The api's side of the desk: availability, the queue, calls, claims and reassignment, settings. */
/** A queue row as PostgreSQL returns it. */
interface QueueRow {
  kind: QueueItemKind;
  id: string;
  phone: string;
  name: string | null;
  status: LeadStatus;
  created_at: Date;
  assigned_at: Date | null;
  first_contact_due_at: Date | null;
  next_call_at: Date | null;
  call_attempts: number;
  sla_breached_at: Date | null;
  resubmitted_at: Date | null;
  submissions: string;
}

@Injectable()
export class DeskRepository {
  constructor(private readonly db: DeskDatabase) {}

  /**
   * Sets a staff member's availability. Coming on duty sets their load baseline to the lowest
   * open-lead count among those already on duty, so the fewest-open policy does not pour a
   * catch-up burst on them. Returns whether this call put them on duty.
   */
  async setAvailability(
    userId: string,
    onDuty: boolean,
  ): Promise<{ onDuty: boolean; changedAt: Date; cameOnDuty: boolean }> {
    const [row] = await this.db.query<{
      on_duty: boolean;
      changed_at: Date;
      came_on_duty: boolean;
    }>(
      `WITH before AS (SELECT on_duty FROM desk_staff WHERE user_id = $1),
       baseline AS (
         SELECT COALESCE(min(c.open), 0)::int AS value FROM (
           SELECT (SELECT count(*) FROM lead_desk d WHERE d.owner_id = s.user_id AND d.open) AS open
             FROM desk_staff s WHERE s.on_duty AND s.user_id <> $1) c
       ), saved AS (
         INSERT INTO desk_staff AS s (user_id, on_duty, changed_at, load_baseline)
         VALUES ($1, $2, now(), (SELECT value FROM baseline))
         ON CONFLICT (user_id) DO UPDATE SET
           on_duty = EXCLUDED.on_duty,
           changed_at = CASE WHEN s.on_duty = EXCLUDED.on_duty THEN s.changed_at ELSE now() END,
           load_baseline = CASE WHEN EXCLUDED.on_duty AND NOT s.on_duty THEN EXCLUDED.load_baseline ELSE s.load_baseline END
         RETURNING on_duty, changed_at
       )
       SELECT saved.on_duty, saved.changed_at,
              (saved.on_duty AND NOT COALESCE((SELECT on_duty FROM before), false)) AS came_on_duty
         FROM saved`,
      [userId, onDuty],
    );
    if (!row) throw new Error('availability upsert returned no row');
    return {
      onDuty: row.on_duty,
      changedAt: row.changed_at,
      cameOnDuty: row.came_on_duty,
    };
  }

  /**
   * The owner's work list: never-called leads by first-contact due time (the overdue ones
   * come first by that order), then leads whose call-back time has come. Two index scans.
   */
  async queue(
    ownerId: string,
    now: Date,
    limit: number,
    upcomingLimit = 0,
    sharedLimit = 0,
  ): Promise<{
    items: QueueRecord[];
    upcoming: QueueRecord[];
    shared: QueueRecord[];
    counts: QueueCounts;
  }> {
    // The page, the upcoming call-backs and the counts are independent reads, sent at once
    // on pooled connections.
    const page = this.db.query<QueueRow>(
      `WITH due AS (
         (SELECT CASE WHEN first_contact_due_at <= $2 THEN 'overdue' ELSE 'new' END AS kind, 1 AS part, first_contact_due_at AS at, d.*
            FROM lead_desk d
           WHERE owner_id = $1 AND first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL AND open
           ORDER BY first_contact_due_at, lead_id LIMIT $3)
         UNION ALL
         (SELECT 'callback', 2, next_call_at, d.*
            FROM lead_desk d
           WHERE owner_id = $1 AND next_call_at IS NOT NULL AND next_call_at <= $2 AND first_contacted_at IS NOT NULL AND open
           ORDER BY next_call_at, lead_id LIMIT $3)
       )
       SELECT d.kind, l.id, l.phone, l.name, l.status, l.created_at, d.assigned_at, d.first_contact_due_at,
              d.next_call_at, d.call_attempts, d.sla_breached_at, d.resubmitted_at,
              (SELECT count(*) FROM lead_submissions s WHERE s.lead_id = l.id) AS submissions
         FROM (SELECT * FROM due ORDER BY part, at, lead_id LIMIT $3) d JOIN leads l ON l.id = d.lead_id
        ORDER BY d.part, d.at, d.lead_id`,
      [ownerId, now, limit],
    );
    const later =
      upcomingLimit <= 0
        ? Promise.resolve<QueueRow[]>([])
        : this.db.query<QueueRow>(
            `SELECT 'callback' AS kind, l.id, l.phone, l.name, l.status, l.created_at, d.assigned_at, d.first_contact_due_at,
              d.next_call_at, d.call_attempts, d.sla_breached_at, d.resubmitted_at,
              (SELECT count(*) FROM lead_submissions s WHERE s.lead_id = l.id) AS submissions
         FROM (SELECT * FROM lead_desk
                WHERE owner_id = $1 AND next_call_at IS NOT NULL AND next_call_at > $2 AND first_contacted_at IS NOT NULL AND open
                ORDER BY next_call_at, lead_id LIMIT $3) d
         JOIN leads l ON l.id = d.lead_id
        ORDER BY d.next_call_at, d.lead_id`,
            [ownerId, now, upcomingLimit],
          );
    // The shared queue, oldest arrival first, on the partial index for unowned open leads.
    const unowned =
      sharedLimit <= 0
        ? Promise.resolve<QueueRow[]>([])
        : this.db.query<QueueRow>(
            `SELECT CASE WHEN d.first_contact_due_at <= $1 THEN 'overdue' ELSE 'new' END AS kind,
              l.id, l.phone, l.name, l.status, l.created_at, d.assigned_at, d.first_contact_due_at,
              d.next_call_at, d.call_attempts, d.sla_breached_at, d.resubmitted_at,
              (SELECT count(*) FROM lead_submissions s WHERE s.lead_id = l.id) AS submissions
         FROM (SELECT * FROM lead_desk
                WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND open
                ORDER BY arrived_at, lead_id LIMIT $2) d
         JOIN leads l ON l.id = d.lead_id
        ORDER BY d.arrived_at, d.lead_id`,
            [now, sharedLimit],
          );
    const counted = this.db.query<{
      overdue: string;
      new: string;
      callback: string;
      unassigned: string;
    }>(
      `SELECT
         (SELECT count(*) FROM lead_desk WHERE owner_id = $1 AND first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL
             AND first_contact_due_at <= $2 AND open) AS overdue,
         (SELECT count(*) FROM lead_desk WHERE owner_id = $1 AND first_contacted_at IS NULL AND first_contact_due_at > $2 AND open) AS new,
         (SELECT count(*) FROM lead_desk WHERE owner_id = $1 AND next_call_at IS NOT NULL AND next_call_at <= $2
             AND first_contacted_at IS NOT NULL AND open) AS callback,
         (SELECT count(*) FROM (SELECT 1 FROM lead_desk WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND open
             LIMIT ${UNASSIGNED_COUNT_CAP}) u) AS unassigned`,
      [ownerId, now],
    );
    const [items, upcoming, shared, [counts]] = await Promise.all([
      page,
      later,
      unowned,
      counted,
    ]);
    const toRecord = (row: QueueRow): QueueRecord => ({
      kind: row.kind,
      id: row.id,
      phone: row.phone,
      name: row.name,
      status: row.status,
      createdAt: row.created_at,
      assignedAt: row.assigned_at,
      firstContactDueAt: row.first_contact_due_at,
      nextCallAt: row.next_call_at,
      attempts: Number(row.call_attempts),
      slaBreached: row.sla_breached_at !== null,
      resubmittedAt: row.resubmitted_at,
      submissionCount: Number(row.submissions),
    });
    return {
      items: items.map(toRecord),
      upcoming: upcoming.map(toRecord),
      shared: shared.map(toRecord),
      counts: {
        overdue: Number(counts?.overdue ?? 0),
        new: Number(counts?.new ?? 0),
        callback: Number(counts?.callback ?? 0),
        unassigned: Number(counts?.unassigned ?? 0),
      },
    };
  }

  /** A lead's calls, newest first, with who made them. */
  async calls(
    leadId: string,
    limit: number,
  ): Promise<(CallRecord & { staffEmail: string | null })[]> {
    const rows = await this.db.query<{
      id: string;
      lead_id: string;
      staff_id: string | null;
      outcome: CallOutcome;
      note: string | null;
      callback_at: Date | null;
      created_at: Date;
      email: string | null;
    }>(
      `SELECT c.id, c.lead_id, c.staff_id, c.outcome, c.note, c.callback_at, c.created_at, u.email
         FROM lead_calls c LEFT JOIN admin_users u ON u.id = c.staff_id
        WHERE c.lead_id = $1
        ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
      [leadId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      leadId: row.lead_id,
      staffId: row.staff_id,
      outcome: row.outcome,
      note: row.note,
      callbackAt: row.callback_at,
      createdAt: row.created_at,
      staffEmail: row.email,
    }));
  }

  async findLead(id: string): Promise<DeskLeadRecord | undefined> {
    const [row] = await this.db.query<LeadRow>(
      `SELECT ${LEAD_COLUMNS} FROM ${LEAD_FROM} WHERE l.id = $1`,
      [id],
    );
    return row && toLead(row);
  }

  /**
   * Runs `decide` on the lead locked for this transaction; `decide` returns the call to
   * record (or throws). The call, the lead's new state and, when the status moved, a
   * `lead_status_changes` row are written together. An unowned lead becomes the caller's
   * (a claim, kept in `lead_assignments`).
   */
  async logCall(
    leadId: string,
    decide: (lead: DeskLeadRecord) => CallChange,
  ): Promise<
    | {
        call: CallRecord;
        lead: DeskLeadRecord;
        before: DeskLeadRecord;
        statusChangeId: string | null;
        claimed: boolean;
      }
    | undefined
  > {
    return this.db.transaction(async (sql) => {
      const row = await lockLead(sql, leadId);
      if (!row) return undefined;
      const before = toLead(row);
      const change = decide(before);
      const claimed = before.ownerId === null;
      if (claimed)
        await recordAssignment(
          sql,
          leadId,
          null,
          change.staffId,
          'claim',
          change.staffId,
        );
      const [call] = await sql.query<{ created_at: Date }>(
        `INSERT INTO lead_calls (id, lead_id, staff_id, outcome, note, callback_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
        [
          change.id,
          leadId,
          change.staffId,
          change.outcome,
          change.note,
          change.callbackAt,
        ],
      );
      await sql.query(
        `WITH u AS (
           UPDATE leads SET status = $2::varchar,
                  first_status_changed_at = CASE WHEN status <> $2::varchar THEN COALESCE(first_status_changed_at, now()) ELSE first_status_changed_at END,
                  updated_at = now()
            WHERE id = $1 RETURNING 1
         ) SELECT count(*) FROM u`,
        [leadId, change.status],
      );
      await sql.query(
        `WITH u AS (
           UPDATE lead_desk SET closed_reason = $2::varchar, call_attempts = $3::int, next_call_at = $4::timestamptz,
                  first_contacted_at = COALESCE(first_contacted_at, now()),
                  owner_id = COALESCE(owner_id, $5::uuid), assigned_at = COALESCE(assigned_at, now())
            WHERE lead_id = $1 RETURNING 1
         ) SELECT count(*) FROM u`,
        [
          leadId,
          change.closedReason,
          change.attempts,
          change.nextCallAt,
          change.staffId,
        ],
      );
      const [updated] = await sql.query<LeadRow>(
        `SELECT ${LEAD_COLUMNS} FROM ${LEAD_FROM} WHERE l.id = $1`,
        [leadId],
      );
      let statusChangeId: string | null = null;
      if (before.status !== change.status) {
        const [logged] = await sql.query<{ id: string }>(
          `INSERT INTO lead_status_changes (id, lead_id, from_status, to_status, actor_id)
           VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`,
          [leadId, before.status, change.status, change.staffId],
        );
        statusChangeId = logged?.id ?? null;
      }
      if (!updated || !call) throw new Error('call was not recorded');
      return {
        call: {
          id: change.id,
          leadId,
          staffId: change.staffId,
          outcome: change.outcome,
          note: change.note,
          callbackAt: change.callbackAt,
          createdAt: call.created_at,
        },
        lead: toLead(updated),
        before,
        statusChangeId,
        claimed,
      };
    });
  }

  /**
   * Takes an open lead from the shared queue. Answers the lead as it is now and whether this
   * call took it (false: someone else owns it, or it is closed).
   */
  async claim(
    leadId: string,
    userId: string,
  ): Promise<{ lead: DeskLeadRecord; claimed: boolean } | undefined> {
    return this.db.transaction(async (sql) => {
      const row = await lockLead(sql, leadId);
      if (!row) return undefined;
      const lead = toLead(row);
      if (lead.ownerId !== null || !['new', 'contacted'].includes(lead.status))
        return { lead, claimed: false };
      const updated = await setOwner(sql, leadId, userId);
      await recordAssignment(sql, leadId, null, userId, 'claim', userId);
      return { lead: updated, claimed: true };
    });
  }

  /** Gives a lead to another owner (an admin's decision); the change is kept in `lead_assignments`. */
  async reassign(
    leadId: string,
    toUserId: string,
    actorId: string,
  ): Promise<{ lead: DeskLeadRecord; from: string | null } | undefined> {
    return this.db.transaction(async (sql) => {
      const row = await lockLead(sql, leadId);
      if (!row) return undefined;
      const from = row.owner_id;
      if (from === toUserId) return { lead: toLead(row), from };
      const updated = await setOwner(sql, leadId, toUserId);
      await recordAssignment(sql, leadId, from, toUserId, 'reassign', actorId);
      return { lead: updated, from };
    });
  }

  /** The desk owner of each given lead that is at the desk (absent: never reached it). */
  async ownersOf(
    leadIds: readonly string[],
  ): Promise<Map<string, string | null>> {
    if (leadIds.length === 0) return new Map();
    const rows = await this.db.query<{
      lead_id: string;
      owner_id: string | null;
    }>(
      `SELECT lead_id, owner_id FROM lead_desk WHERE lead_id = ANY($1::uuid[])`,
      [leadIds],
    );
    return new Map(rows.map((row) => [row.lead_id, row.owner_id]));
  }

  /** Whether a user exists and may work (not disabled). */
  async isActiveUser(userId: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM admin_users WHERE id = $1 AND disabled_at IS NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Every active staff member with availability and open leads, on-duty first. */
  async staff(): Promise<StaffRecord[]> {
    const rows = await this.db.query<{
      id: string;
      email: string;
      role: string;
      on_duty: boolean | null;
      changed_at: Date | null;
      open: string;
    }>(
      `SELECT u.id, u.email, u.role, s.on_duty, s.changed_at,
              (SELECT count(*) FROM lead_desk d WHERE d.owner_id = u.id AND d.open) AS open
         FROM admin_users u LEFT JOIN desk_staff s ON s.user_id = u.id
        WHERE u.disabled_at IS NULL
        ORDER BY COALESCE(s.on_duty, false) DESC, u.email`,
    );
    return rows.map((row) => ({
      userId: row.id,
      email: row.email,
      role: row.role,
      onDuty: row.on_duty ?? false,
      changedAt: row.changed_at,
      openLeads: Number(row.open),
    }));
  }

  async onDuty(
    userId: string,
  ): Promise<{ onDuty: boolean; changedAt: Date | null }> {
    const [row] = await this.db.query<{ on_duty: boolean; changed_at: Date }>(
      `SELECT on_duty, changed_at FROM desk_staff WHERE user_id = $1`,
      [userId],
    );
    return {
      onDuty: row?.on_duty ?? false,
      changedAt: row?.changed_at ?? null,
    };
  }

  /** The stored business calendar; null when the default applies. */
  async calendar(): Promise<{
    settings: BusinessCalendarSettings | null;
    updatedAt: Date | null;
  }> {
    const [row] = await this.db.query<{
      business_calendar: BusinessCalendarSettings | null;
      calendar_updated_at: Date | null;
    }>(`SELECT business_calendar, calendar_updated_at FROM desk_settings`);
    return {
      settings: row?.business_calendar ?? null,
      updatedAt: row?.calendar_updated_at ?? null,
    };
  }

  async saveCalendar(
    settings: BusinessCalendarSettings,
    actorId: string,
  ): Promise<Date> {
    const [row] = await this.db.query<{ calendar_updated_at: Date }>(
      `WITH u AS (
         UPDATE desk_settings SET business_calendar = $1::jsonb, calendar_updated_at = now(), calendar_updated_by = $2
         RETURNING calendar_updated_at
       ) SELECT * FROM u`,
      [JSON.stringify(settings), actorId],
    );
    if (!row) throw new Error('desk_settings row is missing');
    return row.calendar_updated_at;
  }

  async alerts(limit: number): Promise<AlertRecord[]> {
    const rows = await this.db.query<{
      id: string;
      lead_id: string;
      owner_id: string | null;
      created_at: Date;
    }>(
      `SELECT id, lead_id, owner_id, created_at FROM desk_alerts ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      leadId: row.lead_id,
      ownerId: row.owner_id,
      createdAt: row.created_at,
    }));
  }
}

async function setOwner(
  sql: DeskSql,
  leadId: string,
  ownerId: string,
): Promise<DeskLeadRecord> {
  await sql.query(
    `WITH u AS (UPDATE leads SET updated_at = now() WHERE id = $1 RETURNING 1),
          o AS (UPDATE lead_desk SET owner_id = $2, assigned_at = now() WHERE lead_id = $1 RETURNING 1)
     SELECT (SELECT count(*) FROM u) AS leads, (SELECT count(*) FROM o) AS desk`,
    [leadId, ownerId],
  );
  const [row] = await sql.query<LeadRow>(
    `SELECT ${LEAD_COLUMNS} FROM ${LEAD_FROM} WHERE l.id = $1`,
    [leadId],
  );
  if (!row) throw new Error('lead vanished while locked');
  return toLead(row);
}

/**
 * Locks a lead for this transaction (the lead, then its desk row, in the order the status
 * trigger takes them) and gives it a desk row if it has none yet (it never reached the desk:
 * no due time, no owner). Undefined when there is no such lead.
 */
async function lockLead(
  sql: DeskSql,
  leadId: string,
): Promise<LeadRow | undefined> {
  const found = await sql.query<{ id: string }>(
    `SELECT id FROM leads WHERE id = $1 FOR UPDATE`,
    [leadId],
  );
  if (found.length === 0) return undefined;
  await sql.query(
    `INSERT INTO lead_desk (lead_id, arrived_at, open, first_contacted_at)
     SELECT id, created_at, status IN ('new', 'contacted'), first_status_changed_at FROM leads WHERE id = $1
     ON CONFLICT (lead_id) DO NOTHING`,
    [leadId],
  );
  const [row] = await sql.query<LeadRow>(
    `SELECT ${LEAD_COLUMNS} FROM leads l JOIN lead_desk d ON d.lead_id = l.id WHERE l.id = $1 FOR UPDATE OF d`,
    [leadId],
  );
  return row;
}

async function recordAssignment(
  sql: DeskSql,
  leadId: string,
  from: string | null,
  to: string,
  reason: 'claim' | 'reassign',
  actorId: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO lead_assignments (lead_id, from_owner_id, to_owner_id, reason, actor_id) VALUES ($1, $2, $3, $4, $5)`,
    [leadId, from, to, reason, actorId],
  );
}
