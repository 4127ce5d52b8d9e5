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
             (SELECT count(*) FROM lead_desk o WHERE o.owner_id = s.user_id AND o.open))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  assigned AS (
    UPDATE lead_desk d SET owner_id = slots.user_id, assigned_at = now()
      FROM pending JOIN slots USING (n)
     WHERE d.lead_id = pending.id AND d.owner_id IS NULL
    RETURNING d.lead_id AS id, d.owner_id, pending.n, slots.turn
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
    SELECT lead_id AS id, row_number() OVER (ORDER BY arrived_at, lead_id) AS n
      FROM (SELECT lead_id, arrived_at FROM lead_desk
             WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND open
             ORDER BY arrived_at, lead_id LIMIT $1::int) oldest`);

/**
 * After a batch: one INSERT into the narrow `lead_desk` table (no row version of `leads`,
 * whose many indexes made an UPDATE costly): a new lead's due time and, for an unowned open
 * lead, an owner from the slots as in {@link assignSql}. A lead already at the desk (a
 * resubmission) keeps its owner and due time; it is marked resubmitted and, when it was
 * already called, comes back to its owner's queue at once.
 */
const ARRIVED = `
  WITH ring_cursor AS (SELECT COALESCE((SELECT round_robin_cursor FROM desk_settings), 0) AS turn),
  arrived AS (SELECT * FROM unnest($1::uuid[], $4::timestamptz[], $5::boolean[]) AS a(id, due, resubmitted)),
  current AS MATERIALIZED (
    SELECT a.id, a.due, a.resubmitted, l.created_at, l.first_status_changed_at, d.owner_id
      FROM arrived a JOIN leads l ON l.id = a.id LEFT JOIN lead_desk d ON d.lead_id = a.id
     WHERE l.status IN ('new', 'contacted') AND (d.lead_id IS NULL OR d.open)
  ),
  pending AS (
    SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM current WHERE owner_id IS NULL
  ),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           CASE WHEN $2 = 'fewest_open' THEN GREATEST(s.load_baseline,
             (SELECT count(*) FROM lead_desk o WHERE o.owner_id = s.user_id AND o.open))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  plan AS MATERIALIZED (SELECT p.id, s.user_id, s.turn, p.n FROM pending p JOIN slots s USING (n)),
  written AS (
    INSERT INTO lead_desk AS d (lead_id, arrived_at, first_contact_due_at, first_contacted_at, owner_id, assigned_at, resubmitted_at)
    SELECT c.id, c.created_at, c.due, c.first_status_changed_at, p.user_id,
           CASE WHEN p.user_id IS NOT NULL THEN now() END, CASE WHEN c.resubmitted THEN now() END
      FROM current c LEFT JOIN plan p ON p.id = c.id
    ON CONFLICT (lead_id) DO UPDATE SET
      owner_id = COALESCE(d.owner_id, EXCLUDED.owner_id),
      assigned_at = CASE WHEN d.owner_id IS NULL AND EXCLUDED.owner_id IS NOT NULL THEN now() ELSE d.assigned_at END,
      first_contact_due_at = CASE WHEN d.first_contacted_at IS NULL THEN COALESCE(d.first_contact_due_at, EXCLUDED.first_contact_due_at)
                                  ELSE d.first_contact_due_at END,
      resubmitted_at = COALESCE(EXCLUDED.resubmitted_at, d.resubmitted_at),
      next_call_at = CASE WHEN EXCLUDED.resubmitted_at IS NOT NULL AND d.first_contacted_at IS NOT NULL AND d.owner_id IS NOT NULL
                          THEN LEAST(COALESCE(d.next_call_at, now()), now()) ELSE d.next_call_at END
    WHERE d.open
    RETURNING d.lead_id AS id, d.owner_id
  ),
  assigned AS (
    SELECT w.id, w.owner_id, p.n, p.turn FROM written w JOIN plan p ON p.id = w.id AND p.user_id = w.owner_id
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
  SELECT w.id AS lead_id, w.owner_id, a.id IS NOT NULL AS assigned
    FROM written w LEFT JOIN assigned a ON a.id = w.id ORDER BY a.n NULLS LAST, w.id`;

/** What a batch's arrival did at the desk. */
export interface ArrivalOutcome {
  /** The leads given an owner now, in hand-out order. */
  assigned: Assignment[];
  /** Every lead of the batch open at the desk, with its owner (null: the shared queue). */
  owners: ReadonlyMap<string, string | null>;
}

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
    return (await this.arrive(leads, policy)).assigned;
  }

  /** {@link arrived}, also answering the owner of every lead of the batch (for the live stream). */
  async arrive(
    leads: readonly ArrivedLead[],
    policy: AssignmentPolicy,
  ): Promise<ArrivalOutcome> {
    if (leads.length === 0) return { assigned: [], owners: new Map() };
    const rows = await this.db.transaction(async (sql) => {
      await lock(sql);
      return sql.query<{
        lead_id: string;
        owner_id: string | null;
        assigned: boolean;
      }>(ARRIVED, [
        leads.map((lead) => lead.id),
        policy,
        'arrival',
        leads.map((lead) => lead.dueAt.toISOString()),
        leads.map((lead) => lead.resubmitted),
      ]);
    });
    return {
      assigned: rows.flatMap((row) =>
        row.assigned && row.owner_id !== null
          ? [{ leadId: row.lead_id, ownerId: row.owner_id }]
          : [],
      ),
      owners: new Map(rows.map((row) => [row.lead_id, row.owner_id])),
    };
  }

  /** Hands the shared queue out, oldest first, to whoever is on duty; returns who got what. */
  async handOutSharedQueue(policy: AssignmentPolicy): Promise<Assignment[]> {
    const all: Assignment[] = [];
    for (;;) {
      const given = await this.db.transaction(async (sql) => {
        await lock(sql);
        return toAssignments(
          await sql.query(ASSIGN_SHARED_QUEUE, [
            HANDOUT_CHUNK,
            policy,
            'handout',
          ]),
        );
      });
      all.push(...given);
      if (given.length < HANDOUT_CHUNK) return all;
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
