import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The overview's SLA chart counts leads by the day their first call was due and compares the
 * first call with the due time. This index answers it with an index-only scan of the range's
 * entries (the due time plus the first call, included), never a scan of `lead_desk`.
 */
export class DeskSlaOverview1764700000000 implements MigrationInterface {
  name = 'DeskSlaOverview1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX lead_desk_due_idx ON lead_desk (first_contact_due_at) INCLUDE (first_contacted_at)
        WHERE first_contact_due_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX lead_desk_due_idx`);
  }
}
