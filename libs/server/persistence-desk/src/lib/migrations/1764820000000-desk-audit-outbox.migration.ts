import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The assignments not yet in the audit trail get a narrow queue of their own. They used to be
 * the `lead_assignments` rows whose `audited_at` was null, found through a partial index and
 * marked by an UPDATE: a new version of every assignment row (the indexed column changed, so
 * never a HOT update) and a scan that stepped over the dead index entries those left behind.
 * While the worker drained with round robin on, the mark and the scan were a fifth of
 * PostgreSQL's time (pg_stat_statements). Now a statement trigger puts every new assignment's
 * id in `desk_audit_outbox` (whoever inserts it: the worker's arrivals and hand-outs, the api's
 * claims and reassignments), and the scan deletes the ids it has audited.
 */
export class DeskAuditOutbox1764820000000 implements MigrationInterface {
  name = 'DeskAuditOutbox1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE desk_audit_outbox (
        assignment_id uuid PRIMARY KEY
          CONSTRAINT desk_audit_outbox_assignment_id_fkey REFERENCES lead_assignments (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      INSERT INTO desk_audit_outbox (assignment_id)
      SELECT id FROM lead_assignments WHERE audited_at IS NULL`);
    await queryRunner.query(`
      CREATE FUNCTION lead_assignments_to_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO desk_audit_outbox (assignment_id) SELECT id FROM added;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER lead_assignments_to_outbox AFTER INSERT ON lead_assignments
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION lead_assignments_to_outbox()`);
    await queryRunner.query(`DROP INDEX lead_assignments_unaudited_idx`);
    await queryRunner.query(
      `ALTER TABLE lead_assignments DROP COLUMN audited_at`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE lead_assignments ADD COLUMN audited_at timestamptz`,
    );
    await queryRunner.query(`
      UPDATE lead_assignments a SET audited_at = now()
       WHERE NOT EXISTS (SELECT 1 FROM desk_audit_outbox o WHERE o.assignment_id = a.id)`);
    await queryRunner.query(
      `CREATE INDEX lead_assignments_unaudited_idx ON lead_assignments (assigned_at) WHERE audited_at IS NULL`,
    );
    await queryRunner.query(
      `DROP TRIGGER lead_assignments_to_outbox ON lead_assignments`,
    );
    await queryRunner.query(`DROP FUNCTION lead_assignments_to_outbox()`);
    await queryRunner.query(`DROP TABLE desk_audit_outbox`);
  }
}
