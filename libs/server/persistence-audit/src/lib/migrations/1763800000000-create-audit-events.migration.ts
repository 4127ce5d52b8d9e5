import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAuditEvents1763800000000 implements MigrationInterface {
  name = 'CreateAuditEvents1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        type varchar(64) NOT NULL,
        occurred_at timestamptz NOT NULL,
        phone varchar(16),
        lead_id uuid,
        ip varchar(45),
        user_agent varchar(512),
        path varchar(512),
        request_id varchar(64),
        actor jsonb,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Every read is "newest first, then by id" (keyset pagination); retention deletes by time.
    await queryRunner.query(
      `CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_phone_occurred_at_idx ON audit_events (phone, occurred_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_ip_occurred_at_idx ON audit_events (ip, occurred_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_lead_id_occurred_at_idx ON audit_events (lead_id, occurred_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
  }
}
