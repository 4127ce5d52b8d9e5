import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Outbound webhooks (issue 15): endpoints, one delivery per message and endpoint, attempts, alerts. */
export class CreateWebhooks1764600000000 implements MigrationInterface {
  name = 'CreateWebhooks1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url varchar(2000) NOT NULL,
        description varchar(500) NOT NULL DEFAULT '',
        events text[] NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'active'
          CONSTRAINT webhook_endpoints_state_check CHECK (state IN ('active', 'paused', 'disabled')),
        secret varchar(200) NOT NULL,
        previous_secret varchar(200),
        previous_secret_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL CONSTRAINT webhook_deliveries_endpoint_id_fkey
          REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_id varchar(200) NOT NULL,
        event_type varchar(64) NOT NULL,
        payload text NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending'
          CONSTRAINT webhook_deliveries_state_check CHECK (state IN ('pending', 'succeeded', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_endpoint_created_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`,
    );
    // The age of the oldest pending delivery is sampled for a metric and an alert.
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (created_at) WHERE state = 'pending'`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_attempts (
        delivery_id uuid NOT NULL CONSTRAINT webhook_attempts_delivery_id_fkey
          REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        status integer,
        outcome varchar(16) NOT NULL,
        latency_ms integer NOT NULL,
        excerpt varchar(2000) NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL CONSTRAINT webhook_alerts_endpoint_id_fkey
          REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_alerts`);
    await queryRunner.query(`DROP TABLE webhook_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_endpoints`);
  }
}
