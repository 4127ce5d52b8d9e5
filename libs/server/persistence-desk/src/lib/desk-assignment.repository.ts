import { type PreparedStatement } from '@landing/server/persistence-lead';
import { type AssignmentPolicy } from '@landing/shared/contracts-desk';
import { Injectable } from '@nestjs/common';
import { DeskDatabase, type DeskSql } from './desk-database';

/**
 * Serialises hand-outs of the shared queue and fewest-open assignment across worker replicas and
 * api processes (one lock, per transaction). Round-robin arrivals only lock the cursor row.
 */
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
 * The CTEs that decide which on-duty staff member takes the n-th pending lead (oldest first),
 * given a `pending` (id, n) CTE, ending in `plan` (id, user_id, turn, n). The ring is the on-duty
 * staff ordered by `turn`; the round-robin cursor in `desk_settings` is the turn of the last
 * one given a lead, and the ring continues after it, skipping whoever is away.
 *
 * Round robin: one upsert of the cursor row moves the cursor past the whole batch (the m-th
 * on-duty member after it, for m leads) and lead n takes its place in the ring counted back from
 * there. ON CONFLICT DO UPDATE reads the row's latest committed version, waiting for a
 * replica that holds it, so the cursor is advanced atomically without the assignment lock and
 * the row is held only until the statement's own commit.
 *
 * Fewest open (under the assignment lock): each staff member offers slots 1..k ranked by
 * (load + k, place in the ring after the cursor), load being the open-lead count but never below
 * the baseline set when they came on duty, so someone back from away gets no catch-up burst;
 * the n-th lead takes the n-th slot, and `moved` sets the cursor afterwards.
 */
function planSql(policy: AssignmentPolicy): string {
  if (policy === 'fewest_open')
    return `
  ring_cursor AS (SELECT COALESCE((SELECT round_robin_cursor FROM desk_settings), 0) AS turn),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           GREATEST(s.load_baseline, (SELECT count(*) FROM lead_desk o WHERE o.owner_id = s.user_id AND o.open)) AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL AND $2::text = 'fewest_open'
  ),
  plan AS MATERIALIZED (
    SELECT p.id, slots.user_id, slots.turn, p.n FROM pending p JOIN (
      SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
        FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
    ) slots USING (n)
  )`;
  return `
  on_duty AS MATERIALIZED (
    SELECT s.user_id, s.turn, row_number() OVER (ORDER BY s.turn) - 1 AS idx
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL AND $2::text = 'round_robin'
  ),
  size AS (SELECT (SELECT count(*) FROM pending) AS leads, (SELECT count(*) FROM on_duty) AS staff),
  moved AS (
    INSERT INTO desk_settings AS ds (id, round_robin_cursor)
    SELECT true, (SELECT turn FROM on_duty WHERE idx = (z.leads - 1) % z.staff) FROM size z WHERE z.leads > 0 AND z.staff > 0
    ON CONFLICT (id) DO UPDATE SET round_robin_cursor = (
      SELECT o.turn FROM on_duty o, size z
       WHERE o.idx = ((SELECT count(*) FROM on_duty WHERE turn <= ds.round_robin_cursor) + z.leads - 1) % z.staff)
    RETURNING round_robin_cursor AS cursor
  ),
  plan AS MATERIALIZED (
    SELECT p.id, o.user_id, o.turn, p.n
      FROM pending p CROSS JOIN size z CROSS JOIN moved m
      JOIN on_duty last ON last.turn = m.cursor
      JOIN on_duty o ON o.idx = ((last.idx - (z.leads - p.n)) % z.staff + z.staff) % z.staff
  )`;
}

/** Fewest open moves the cursor after the plan; round robin did so in {@link planSql}. */
function movedSql(policy: AssignmentPolicy): string {
  if (policy === 'round_robin') return '';
  return `,
  moved AS (
    INSERT INTO desk_settings (id, round_robin_cursor)
    SELECT true, turn FROM assigned ORDER BY n DESC LIMIT 1
    ON CONFLICT (id) DO UPDATE SET round_robin_cursor = EXCLUDED.round_robin_cursor
    RETURNING 1
  )`;
}

/** Gives every pending lead (oldest first) an on-duty owner ({@link planSql}) in one statement. */
function assignSql(pending: string, policy: AssignmentPolicy): string {
  return `
  WITH pending AS (${pending}),
  ${planSql(policy)},
  assigned AS (
    UPDATE lead_desk d SET owner_id = plan.user_id, assigned_at = now()
      FROM plan
     WHERE d.lead_id = plan.id AND d.owner_id IS NULL
    RETURNING d.lead_id AS id, d.owner_id, plan.n, plan.turn
  ),
  logged AS (
    INSERT INTO lead_assignments (lead_id, to_owner_id, reason)
    SELECT id, owner_id, $3 FROM assigned ORDER BY n
  )${movedSql(policy)}
  SELECT id AS lead_id, owner_id FROM assigned ORDER BY n`;
}

const sharedQueueSql = (policy: AssignmentPolicy) =>
  assignSql(
    `
    SELECT lead_id AS id, row_number() OVER (ORDER BY arrived_at, lead_id) AS n
      FROM (SELECT lead_id, arrived_at FROM lead_desk
             WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND open
             ORDER BY arrived_at, lead_id LIMIT $1::int) oldest`,
    policy,
  );

/**
 * After a batch: one INSERT into the narrow `lead_desk` table (no row version of `leads`,
 * whose many indexes made an UPDATE costly): a new lead's due time and, for an unowned open
 * lead, an owner from {@link planSql}. A lead already at the desk (a resubmission) keeps its
 * owner and due time; it is marked resubmitted and, when it was already called, comes back to
 * its owner's queue at once. The batch's leads and their desk rows are read by primary key
 * (LATERAL … OFFSET 0): a join the planner may turn into a scan of every lead when statistics
 * lag behind a fast-growing table (the desk rows' join was such a scan until 2026-12-01: a
 * hash join over all of `lead_desk` for every batch, most of the step's time, growing with the
 * table).
 */
function arrivedSql(policy: AssignmentPolicy): string {
  return `
  WITH arrived AS (SELECT * FROM unnest($1::uuid[], $4::timestamptz[], $5::boolean[]) AS a(id, due, resubmitted)),
  current AS MATERIALIZED (
    SELECT a.id, a.due, a.resubmitted, l.created_at, l.first_status_changed_at, d.owner_id
      FROM arrived a
      CROSS JOIN LATERAL (SELECT created_at, first_status_changed_at, status FROM leads WHERE id = a.id OFFSET 0) l
      LEFT JOIN LATERAL (SELECT lead_id, owner_id, open FROM lead_desk WHERE lead_id = a.id OFFSET 0) d ON true
     WHERE l.status IN ('new', 'contacted') AND (d.lead_id IS NULL OR d.open)
  ),
  pending AS (
    SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM current WHERE owner_id IS NULL
  ),
  ${planSql(policy)},
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
    SELECT id, owner_id, $3 FROM assigned ORDER BY n
  )${movedSql(policy)}
  SELECT w.id AS lead_id, w.owner_id, a.id IS NOT NULL AS assigned
    FROM written w LEFT JOIN assigned a ON a.id = w.id ORDER BY a.n NULLS LAST, w.id`;
}

/** What a batch's arrival did at the desk. */
export interface ArrivalOutcome {
  /** The leads given an owner now, in hand-out order. */
  assigned: Assignment[];
  /** Every lead of the batch open at the desk, with its owner (null: the shared queue). */
  owners: ReadonlyMap<string, string | null>;
}

interface ArrivalRow {
  lead_id: string;
  owner_id: string | null;
  assigned: boolean;
}

const STATEMENTS: Record<
  AssignmentPolicy,
  { arrived: PreparedStatement; sharedQueue: string }
> = {
  round_robin: {
    arrived: {
      name: 'desk_arrived_round_robin',
      text: arrivedSql('round_robin'),
    },
    sharedQueue: sharedQueueSql('round_robin'),
  },
  fewest_open: {
    arrived: {
      name: 'desk_arrived_fewest_open',
      text: arrivedSql('fewest_open'),
    },
    sharedQueue: sharedQueueSql('fewest_open'),
  },
};

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
    const params = [
      leads.map((lead) => lead.id),
      policy,
      'arrival',
      leads.map((lead) => lead.dueAt.toISOString()),
      leads.map((lead) => lead.resubmitted),
    ];
    // Round robin is one statement in a transaction of its own: the cursor row is its only
    // lock, held from the upsert to the statement's commit, with no round trip in between.
    const rows =
      policy === 'round_robin'
        ? await this.db.query<ArrivalRow>(
            STATEMENTS.round_robin.arrived,
            params,
          )
        : await this.db.transaction(async (sql) => {
            await lock(sql);
            return sql.query<ArrivalRow>(STATEMENTS[policy].arrived, params);
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
          await sql.query(STATEMENTS[policy].sharedQueue, [
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
