import { type AssignmentPolicy } from '@landing/shared/contracts-desk';
import { Injectable } from '@nestjs/common';
import { DeskDatabase, type DeskSql } from './desk-database';

/** Serialises assignment across worker replicas and api processes (one lock, per transaction). */
const ASSIGNMENT_LOCK = 1_764_600_001;

/** Most leads one hand-out statement gives out (the slot table is staff × leads rows). */
export const HANDOUT_CHUNK = 200;

export interface ArrivedLead {
  id: string;
  /** First-contact due time computed from its arrival in the business calendar. */
  dueAt: Date;
  /** True when the lead existed before this batch and the visitor submitted again. */
  resubmitted: boolean;
}

export interface Assignment {
  leadId: string;
  ownerId: string;
}

/**
 * Gives every pending lead (oldest first) an on-duty owner in one statement. Each on-duty
 * staff member offers slots 1..k; a slot's rank is (load + k, place in the ring after the
 * cursor), and the i-th pending lead takes the i-th slot. With round robin the load is 0, so
 * the ring simply continues where the last lead went, skipping whoever is away; with fewest
 * open it is the open-lead count, but never below the baseline set when they came on duty,
 * so someone back from away gets no catch-up burst.
 */
function assignSql(pending: string): string {
  return `
  WITH ring_cursor AS (SELECT COALESCE((SELECT round_robin_cursor FROM desk_settings), 0) AS turn),
  pending AS (${pending}),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           CASE WHEN $2 = 'fewest_open' THEN GREATEST(s.load_baseline,
             (SELECT count(*) FROM leads o WHERE o.owner_id = s.user_id AND o.status IN ('new', 'contacted')))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  assigned AS (
    UPDATE leads l SET owner_id = slots.user_id, assigned_at = now()
      FROM pending JOIN slots USING (n)
     WHERE l.id = pending.id AND l.owner_id IS NULL
    RETURNING l.id, l.owner_id, pending.n, slots.turn
  ),
  logged AS (
    INSERT INTO lead_assignments (lead_id, to_owner_id, reason)
    SELECT id, owner_id, $3 FROM assigned
  ),
  moved AS (
    INSERT INTO desk_settings (id, round_robin_cursor)
    SELECT true, turn FROM assigned ORDER BY n DESC LIMIT 1
    ON CONFLICT (id) DO UPDATE SET round_robin_cursor = EXCLUDED.round_robin_cursor
    RETURNING 1
  )
  SELECT id AS lead_id, owner_id FROM assigned ORDER BY n`;
}

const ASSIGN_SHARED_QUEUE = assignSql(`
    SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
      FROM (SELECT id, created_at FROM leads
             WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND status IN ('new', 'contacted')
             ORDER BY created_at, id LIMIT $1::int) oldest`);

/**
 * After a batch: one UPDATE per lead (the leads table carries many indexes, so each extra
 * row version is costly): its first-contact due time, the resubmission mark (an open lead
 * that was called comes back to its owner's queue at once) and, for an unowned open lead, an
 * owner from the slots as in {@link assignSql}.
 */
const ARRIVED = `
  WITH ring_cursor AS (SELECT COALESCE((SELECT round_robin_cursor FROM desk_settings), 0) AS turn),
  arrived AS (SELECT * FROM unnest($1::uuid[], $4::timestamptz[], $5::boolean[]) AS a(id, due, resubmitted)),
  pending AS (
    SELECT l.id, row_number() OVER (ORDER BY l.created_at, l.id) AS n
      FROM leads l JOIN arrived a ON a.id = l.id
     WHERE l.owner_id IS NULL AND l.status IN ('new', 'contacted')
  ),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           CASE WHEN $2 = 'fewest_open' THEN GREATEST(s.load_baseline,
             (SELECT count(*) FROM leads o WHERE o.owner_id = s.user_id AND o.status IN ('new', 'contacted')))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  plan AS MATERIALIZED (SELECT p.id, s.user_id, s.turn, p.n FROM pending p JOIN slots s USING (n)),
  changed AS (
    UPDATE leads l SET
      owner_id = COALESCE(l.owner_id, s.user_id),
      assigned_at = CASE WHEN l.owner_id IS NULL AND s.user_id IS NOT NULL THEN now() ELSE l.assigned_at END,
      first_contact_due_at = CASE WHEN l.first_contacted_at IS NULL THEN COALESCE(l.first_contact_due_at, a.due) ELSE l.first_contact_due_at END,
      resubmitted_at = CASE WHEN a.resubmitted THEN now() ELSE l.resubmitted_at END,
      next_call_at = CASE WHEN a.resubmitted AND l.first_contacted_at IS NOT NULL AND l.owner_id IS NOT NULL
                          THEN LEAST(COALESCE(l.next_call_at, now()), now()) ELSE l.next_call_at END
      FROM arrived a LEFT JOIN plan s ON s.id = a.id
     WHERE l.id = a.id AND l.status IN ('new', 'contacted')
    RETURNING l.id, l.owner_id, s.n, s.turn, s.user_id AS slot_owner
  ),
  assigned AS (SELECT id, owner_id, n, turn FROM changed WHERE slot_owner IS NOT NULL AND owner_id = slot_owner),
  logged AS (
    INSERT INTO lead_assignments (lead_id, to_owner_id, reason)
    SELECT id, owner_id, $3 FROM assigned
  ),
  moved AS (
    INSERT INTO desk_settings (id, round_robin_cursor)
    SELECT true, turn FROM assigned ORDER BY n DESC LIMIT 1
    ON CONFLICT (id) DO UPDATE SET round_robin_cursor = EXCLUDED.round_robin_cursor
    RETURNING 1
  )
  SELECT id AS lead_id, owner_id FROM assigned ORDER BY n`;

/** Where new leads get their due time and owner: the worker after each batch, the api on duty changes. */
@Injectable()
export class DeskAssignmentRepository {
  constructor(private readonly db: DeskDatabase) {}

  /**
   * After a batch was stored: sets first-contact due times, marks resubmissions of open leads
   * (they stay with their owner and come back to the owner's queue), and gives the unowned
   * ones an owner. Safe to repeat: due times are only set once and owned leads keep their owner.
   */
  async arrived(
    leads: readonly ArrivedLead[],
    policy: AssignmentPolicy,
  ): Promise<Assignment[]> {
    if (leads.length === 0) return [];
    return this.db.transaction(async (sql) => {
      await lock(sql);
      return toAssignments(
        await sql.query(ARRIVED, [
          leads.map((lead) => lead.id),
          policy,
          'arrival',
          leads.map((lead) => lead.dueAt.toISOString()),
          leads.map((lead) => lead.resubmitted),
        ]),
      );
    });
  }

  /** Hands the shared queue out, oldest first, to whoever is on duty; returns how many. */
  async handOutSharedQueue(policy: AssignmentPolicy): Promise<number> {
    let total = 0;
    for (;;) {
      const given = await this.db.transaction(async (sql) => {
        await lock(sql);
        return (
          await sql.query(ASSIGN_SHARED_QUEUE, [
            HANDOUT_CHUNK,
            policy,
            'handout',
          ])
        ).length;
      });
      total += given;
      if (given < HANDOUT_CHUNK) return total;
    }
  }
}

async function lock(sql: DeskSql): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock($1)`, [ASSIGNMENT_LOCK]);
}

function toAssignments(
  rows: { lead_id: string; owner_id: string }[],
): Assignment[] {
  return rows.map((row) => ({ leadId: row.lead_id, ownerId: row.owner_id }));
}
