import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The admin workspace (issue 13): user management, saved views, a history of status
 * changes, and what the overview charts read.
 */
export class AdminWorkspace1764500000000 implements MigrationInterface {
  name = 'AdminWorkspace1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE admin_users
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN last_sign_in_at timestamptz`);

    await queryRunner.query(`
      CREATE TABLE admin_saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL CONSTRAINT admin_saved_views_owner_id_fkey REFERENCES admin_users (id) ON DELETE CASCADE,
        name varchar(80) NOT NULL,
        filter jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX admin_saved_views_owner_name_key ON admin_saved_views (owner_id, lower(name))`,
    );

    // Kept with the lead (not only in the audit trail, which may live in MongoDB and expires):
    // the timeline and the overview's response time read it.
    await queryRunner.query(`
      CREATE TABLE lead_status_changes (
        id uuid PRIMARY KEY,
        lead_id uuid NOT NULL CONSTRAINT lead_status_changes_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        from_status varchar(16) NOT NULL,
        to_status varchar(16) NOT NULL,
        actor_id uuid CONSTRAINT lead_status_changes_actor_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX lead_status_changes_lead_id_changed_at_idx ON lead_status_changes (lead_id, changed_at)`,
    );

    // Per-lead facts the overview aggregates, so a chart is one index-only scan of the range
    // instead of a join per lead: first-touch attribution and the first status change.
    await queryRunner.query(`
      ALTER TABLE leads
        ADD COLUMN first_submitted_at timestamptz,
        ADD COLUMN first_utm_source varchar(200),
        ADD COLUMN first_utm_campaign varchar(200),
        ADD COLUMN first_status_changed_at timestamptz`);
    await queryRunner.query(`
      UPDATE leads l SET first_submitted_at = f.received_at, first_utm_source = f.utm_source, first_utm_campaign = f.utm_campaign
        FROM (SELECT DISTINCT ON (lead_id) lead_id, received_at, utm_source, utm_campaign
                FROM lead_submissions ORDER BY lead_id, received_at, submission_id) f
       WHERE l.id = f.lead_id`);
    // Status changes from before this table existed are known only to an audit trail kept in
    // this database (the default); with MongoDB they stay unknown (neither handled nor waiting).
    await queryRunner.query(`
      DO $$ BEGIN
        IF to_regclass('audit_events') IS NOT NULL THEN
          UPDATE leads l SET first_status_changed_at = a.first_at
            FROM (SELECT lead_id, min(occurred_at) AS first_at FROM audit_events
                   WHERE type = 'lead.status_changed' AND lead_id IS NOT NULL GROUP BY lead_id) a
           WHERE l.id = a.lead_id;
        END IF;
      END $$`);

    // The worker writes submissions in batches (one INSERT … SELECT unnest per batch); one
    // statement-level trigger per batch keeps the first-touch facts without the worker's
    // write path knowing about the overview.
    await queryRunner.query(`
      CREATE FUNCTION leads_record_first_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE leads l
           SET first_submitted_at = f.received_at, first_utm_source = f.utm_source, first_utm_campaign = f.utm_campaign
          FROM (SELECT DISTINCT ON (lead_id) lead_id, received_at, utm_source, utm_campaign
                  FROM inserted ORDER BY lead_id, received_at, submission_id) f
         WHERE l.id = f.lead_id AND (l.first_submitted_at IS NULL OR f.received_at < l.first_submitted_at);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER lead_submissions_first_touch AFTER INSERT ON lead_submissions
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION leads_record_first_touch()`);

    // Every overview chart reads leads first seen in a range: index-only over this one.
    await queryRunner.query(
      `CREATE INDEX leads_overview_idx ON leads (created_at) INCLUDE (status, first_utm_source, first_utm_campaign, first_status_changed_at)`,
    );
    // Counts first submissions in a range (the duplicate share subtracts them from all submissions).
    await queryRunner.query(
      `CREATE INDEX leads_first_submitted_at_idx ON leads (first_submitted_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX leads_first_submitted_at_idx`);
    await queryRunner.query(`DROP INDEX leads_overview_idx`);
    await queryRunner.query(
      `DROP TRIGGER lead_submissions_first_touch ON lead_submissions`,
    );
    await queryRunner.query(`DROP FUNCTION leads_record_first_touch()`);
    await queryRunner.query(`
      ALTER TABLE leads
        DROP COLUMN first_status_changed_at,
        DROP COLUMN first_utm_campaign,
        DROP COLUMN first_utm_source,
        DROP COLUMN first_submitted_at`);
    await queryRunner.query(`DROP TABLE lead_status_changes`);
    await queryRunner.query(`DROP TABLE admin_saved_views`);
    await queryRunner.query(`
      ALTER TABLE admin_users DROP COLUMN last_sign_in_at, DROP COLUMN must_change_password`);
  }
}
