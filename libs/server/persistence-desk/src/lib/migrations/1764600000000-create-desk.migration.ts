import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The callback desk (issue 14): staff availability, lead owners, first-contact due times and
 * SLA breaches, the call log, the assignment history and the desk's settings row.
 * Runs after the lead and admin migrations (it references `leads` and `admin_users`).
 */
export class CreateDesk1764600000000 implements MigrationInterface {
  name = 'CreateDesk1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `turn` orders the round-robin ring; it is fixed when someone first joins the desk, so
    // coming back from away puts them back at their old place, not at the front.
    await queryRunner.query(`
      CREATE TABLE desk_staff (
        user_id uuid PRIMARY KEY CONSTRAINT desk_staff_user_id_fkey REFERENCES admin_users (id) ON DELETE CASCADE,
        turn bigserial NOT NULL CONSTRAINT desk_staff_turn_key UNIQUE,
        on_duty boolean NOT NULL DEFAULT false,
        changed_at timestamptz NOT NULL DEFAULT now(),
        load_baseline integer NOT NULL DEFAULT 0
      )`);

    // The desk's state of a lead lives in a narrow table of its own, written by one INSERT per
    // stored batch: an UPDATE of `leads` (16 indexes, 3 trigram) is not HOT and rewrites every
    // index, which capped the worker's drain. A lead has a row here once it reached the desk
    // (or was claimed, called or reassigned). `open` mirrors `leads.status` in ('new',
    // 'contacted'), kept by the trigger below, so the partial indexes need no join.
    await queryRunner.query(`
      CREATE TABLE lead_desk (
        lead_id uuid PRIMARY KEY CONSTRAINT lead_desk_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        arrived_at timestamptz NOT NULL,
        open boolean NOT NULL DEFAULT true,
        owner_id uuid CONSTRAINT lead_desk_owner_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        assigned_at timestamptz,
        first_contact_due_at timestamptz,
        first_contacted_at timestamptz,
        sla_breached_at timestamptz,
        call_attempts integer NOT NULL DEFAULT 0,
        next_call_at timestamptz,
        closed_reason varchar(16)
          CONSTRAINT lead_desk_closed_reason_check CHECK (closed_reason IN ('not_interested', 'unreachable', 'wrong_number', 'do_not_call')),
        resubmitted_at timestamptz
      )`);

    // The queue reads these partial indexes only: never-called leads by due time, leads to call
    // again by time, per owner; the shared queue oldest first; the SLA scan by due time.
    await queryRunner.query(
      `CREATE INDEX lead_desk_first_contact_idx ON lead_desk (owner_id, first_contact_due_at)
        WHERE first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL AND open`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_desk_next_call_idx ON lead_desk (owner_id, next_call_at)
        WHERE next_call_at IS NOT NULL AND open`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_desk_unassigned_idx ON lead_desk (arrived_at, lead_id)
        WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND open`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_desk_sla_idx ON lead_desk (first_contact_due_at)
        WHERE first_contacted_at IS NULL AND sla_breached_at IS NULL AND first_contact_due_at IS NOT NULL AND open`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_desk_open_owner_idx ON lead_desk (owner_id) WHERE owner_id IS NOT NULL AND open`,
    );

    // A status changed by hand (the review screen) is a contact too: the SLA clock stops; and a
    // closed lead leaves the desk's queues.
    await queryRunner.query(`
      CREATE FUNCTION leads_desk_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE lead_desk SET open = NEW.status IN ('new', 'contacted'),
                             first_contacted_at = COALESCE(first_contacted_at, now())
         WHERE lead_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER leads_desk_status AFTER UPDATE OF status ON leads
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION leads_desk_status()`);

    await queryRunner.query(`
      CREATE TABLE lead_calls (
        id uuid PRIMARY KEY,
        lead_id uuid NOT NULL CONSTRAINT lead_calls_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        staff_id uuid CONSTRAINT lead_calls_staff_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        outcome varchar(16) NOT NULL CONSTRAINT lead_calls_outcome_check
          CHECK (outcome IN ('interested', 'not_interested', 'no_answer', 'busy', 'wrong_number', 'callback', 'do_not_call')),
        note varchar(2000),
        callback_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX lead_calls_lead_id_created_at_idx ON lead_calls (lead_id, created_at)`,
    );

    // Every change of owner, kept with the lead; `audited_at` is the outbox mark: the worker
    // appends a `lead.assigned` audit event per row and marks it.
    await queryRunner.query(`
      CREATE TABLE lead_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL CONSTRAINT lead_assignments_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        from_owner_id uuid CONSTRAINT lead_assignments_from_owner_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        to_owner_id uuid CONSTRAINT lead_assignments_to_owner_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        reason varchar(16) NOT NULL CONSTRAINT lead_assignments_reason_check CHECK (reason IN ('arrival', 'handout', 'claim', 'reassign')),
        actor_id uuid CONSTRAINT lead_assignments_actor_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        assigned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        audited_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX lead_assignments_lead_id_idx ON lead_assignments (lead_id, assigned_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_assignments_unaudited_idx ON lead_assignments (assigned_at) WHERE audited_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE desk_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(24) NOT NULL CONSTRAINT desk_alerts_kind_check CHECK (kind IN ('sla_breached')),
        lead_id uuid NOT NULL CONSTRAINT desk_alerts_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        owner_id uuid CONSTRAINT desk_alerts_owner_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        audited_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX desk_alerts_unaudited_idx ON desk_alerts (created_at) WHERE audited_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX desk_alerts_created_at_idx ON desk_alerts (created_at DESC)`,
    );

    // One row: the round-robin cursor (turn of the last staff member given a lead) and the
    // business calendar (null: the default, Asia/Tehran).
    await queryRunner.query(`
      CREATE TABLE desk_settings (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT desk_settings_one_row CHECK (id),
        round_robin_cursor bigint NOT NULL DEFAULT 0,
        business_calendar jsonb,
        calendar_updated_at timestamptz,
        calendar_updated_by uuid CONSTRAINT desk_settings_calendar_updated_by_fkey REFERENCES admin_users (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`INSERT INTO desk_settings DEFAULT VALUES`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE desk_settings`);
    await queryRunner.query(`DROP TABLE desk_alerts`);
    await queryRunner.query(`DROP TABLE lead_assignments`);
    await queryRunner.query(`DROP TABLE lead_calls`);
    await queryRunner.query(`DROP TRIGGER leads_desk_status ON leads`);
    await queryRunner.query(`DROP FUNCTION leads_desk_status()`);
    await queryRunner.query(`DROP TABLE lead_desk`);
    await queryRunner.query(`DROP TABLE desk_staff`);
  }
}
