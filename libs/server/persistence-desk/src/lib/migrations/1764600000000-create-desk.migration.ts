import { type MigrationInterface, type QueryRunner } from 'typeorm';

const OPEN = `status IN ('new', 'contacted')`;

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

    await queryRunner.query(`
      ALTER TABLE leads
        ADD COLUMN owner_id uuid CONSTRAINT leads_owner_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN first_contact_due_at timestamptz,
        ADD COLUMN first_contacted_at timestamptz,
        ADD COLUMN sla_breached_at timestamptz,
        ADD COLUMN call_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN next_call_at timestamptz,
        ADD COLUMN closed_reason varchar(16)
          CONSTRAINT leads_closed_reason_check CHECK (closed_reason IN ('not_interested', 'unreachable', 'wrong_number', 'do_not_call')),
        ADD COLUMN resubmitted_at timestamptz`);

    // The queue reads these partial indexes only: never-called leads by due time, leads to call
    // again by time, per owner; the shared queue oldest first; the SLA scan by due time.
    await queryRunner.query(
      `CREATE INDEX leads_desk_first_contact_idx ON leads (owner_id, first_contact_due_at)
        WHERE first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL AND ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_desk_next_call_idx ON leads (owner_id, next_call_at)
        WHERE next_call_at IS NOT NULL AND ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_desk_unassigned_idx ON leads (created_at, id)
        WHERE owner_id IS NULL AND first_contact_due_at IS NOT NULL AND ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_desk_sla_idx ON leads (first_contact_due_at)
        WHERE first_contacted_at IS NULL AND sla_breached_at IS NULL AND first_contact_due_at IS NOT NULL AND ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_desk_open_owner_idx ON leads (owner_id) WHERE owner_id IS NOT NULL AND ${OPEN}`,
    );

    // A status changed by hand (the review screen) is a contact too: the SLA clock stops.
    await queryRunner.query(`
      CREATE FUNCTION leads_desk_first_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_contacted_at IS NULL THEN NEW.first_contacted_at := now(); END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER leads_desk_first_contact BEFORE UPDATE OF status ON leads
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION leads_desk_first_contact()`);

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
    await queryRunner.query(`DROP TRIGGER leads_desk_first_contact ON leads`);
    await queryRunner.query(`DROP FUNCTION leads_desk_first_contact()`);
    await queryRunner.query(`
      ALTER TABLE leads
        DROP COLUMN owner_id, DROP COLUMN assigned_at, DROP COLUMN first_contact_due_at,
        DROP COLUMN first_contacted_at, DROP COLUMN sla_breached_at, DROP COLUMN call_attempts,
        DROP COLUMN next_call_at, DROP COLUMN closed_reason, DROP COLUMN resubmitted_at`);
    await queryRunner.query(`DROP TABLE desk_staff`);
  }
}
