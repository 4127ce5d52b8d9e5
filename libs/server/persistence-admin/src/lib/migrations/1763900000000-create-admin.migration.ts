import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAdmin1763900000000 implements MigrationInterface {
  name = 'CreateAdmin1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE admin_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash text NOT NULL,
        role varchar(16) NOT NULL CONSTRAINT admin_users_role_check CHECK (role IN ('admin', 'reviewer')),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX admin_users_email_key ON admin_users (lower(email))`,
    );
    // The id is an HMAC of the cookie's token: a copy of this table opens no sessions.
    await queryRunner.query(`
      CREATE TABLE admin_sessions (
        id varchar(64) PRIMARY KEY,
        admin_id uuid NOT NULL CONSTRAINT admin_sessions_admin_id_fkey REFERENCES admin_users (id) ON DELETE CASCADE,
        csrf_token varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX admin_sessions_admin_id_idx ON admin_sessions (admin_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE lead_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL CONSTRAINT lead_notes_lead_id_fkey REFERENCES leads (id) ON DELETE CASCADE,
        author_id uuid CONSTRAINT lead_notes_author_id_fkey REFERENCES admin_users (id) ON DELETE SET NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX lead_notes_lead_id_created_at_idx ON lead_notes (lead_id, created_at)`,
    );
    // Keyset pagination orders by (column, id); the status filter usually comes with the default sort.
    await queryRunner.query(
      `CREATE INDEX leads_created_at_id_idx ON leads (created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_last_submitted_at_id_idx ON leads (last_submitted_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_status_created_at_id_idx ON leads (status, created_at, id)`,
    );
    // Sorting by name orders by this expression (leads without a name sort first).
    await queryRunner.query(
      `CREATE INDEX leads_name_sort_idx ON leads ((coalesce(name, '')), id)`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_submissions_utm_source_idx ON lead_submissions (utm_source, lead_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX lead_submissions_utm_campaign_idx ON lead_submissions (utm_campaign, lead_id)`,
    );
    // Substring search on name, email and phone digits (pg_trgm is a trusted extension).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX leads_name_trgm_idx ON leads USING gin (name gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_email_trgm_idx ON leads USING gin (email gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX leads_phone_trgm_idx ON leads USING gin (phone gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'leads_phone_trgm_idx',
      'leads_email_trgm_idx',
      'leads_name_trgm_idx',
      'lead_submissions_utm_campaign_idx',
      'lead_submissions_utm_source_idx',
      'leads_name_sort_idx',
      'leads_status_created_at_id_idx',
      'leads_last_submitted_at_id_idx',
      'leads_created_at_id_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`DROP TABLE lead_notes`);
    await queryRunner.query(`DROP TABLE admin_sessions`);
    await queryRunner.query(`DROP TABLE admin_users`);
  }
}
