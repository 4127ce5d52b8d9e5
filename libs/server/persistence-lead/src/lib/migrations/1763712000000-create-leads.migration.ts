import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateLeads1763712000000 implements MigrationInterface {
  name = 'CreateLeads1763712000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone varchar(16) NOT NULL,
        name varchar(120),
        email varchar(254),
        status varchar(16) NOT NULL DEFAULT 'new'
          CONSTRAINT leads_status_check CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified', 'spam')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_submitted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX leads_phone_key ON leads (phone)`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_created_at_idx ON leads (created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE lead_submissions (
        submission_id uuid PRIMARY KEY,
        lead_id uuid NOT NULL CONSTRAINT lead_submissions_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        phone varchar(16) NOT NULL,
        name varchar(120),
        email varchar(254),
        consent boolean NOT NULL DEFAULT false,
        consent_version varchar(32),
        utm_source varchar(200),
        utm_medium varchar(200),
        utm_campaign varchar(200),
        utm_term varchar(200),
        utm_content varchar(200),
        referrer varchar(2048),
        landing_path varchar(512),
        request_id varchar(64) NOT NULL,
        received_at timestamptz NOT NULL,
        persisted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX lead_submissions_lead_id_received_at_idx ON lead_submissions (lead_id, received_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_submissions_received_at_idx ON lead_submissions (received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE lead_submissions`);
    await queryRunner.query(`DROP TABLE leads`);
  }
}
