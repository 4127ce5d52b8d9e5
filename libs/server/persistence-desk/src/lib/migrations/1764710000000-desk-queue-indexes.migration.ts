import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The queue's two index scans read exactly what they return. Both parts of `GET
 * /api/admin/queue` order by (time, lead_id) and stop at the page size: with `lead_id` in the
 * key the index order is the result order, and the call-back index now carries the queue's
 * `first_contacted_at IS NOT NULL` in its predicate, so the planner stops after a page instead
 * of fetching and sorting every call-back that has come due (835 heap rows, most of a request's
 * time, for one of 50 staff at a million leads). Replaces the two indexes; no extra write.
 */
export class DeskQueueIndexes1764710000000 implements MigrationInterface {
  name = 'DeskQueueIndexes1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX lead_desk_first_contact_idx`);
    await queryRunner.query(
      `CREATE INDEX lead_desk_queue_new_idx ON lead_desk (owner_id, first_contact_due_at, lead_id)
        WHERE first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL AND open`,
    );
    await queryRunner.query(`DROP INDEX lead_desk_next_call_idx`);
    await queryRunner.query(
      `CREATE INDEX lead_desk_queue_callback_idx ON lead_desk (owner_id, next_call_at, lead_id)
        WHERE next_call_at IS NOT NULL AND first_contacted_at IS NOT NULL AND open`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX lead_desk_queue_callback_idx`);
    await queryRunner.query(
      `CREATE INDEX lead_desk_next_call_idx ON lead_desk (owner_id, next_call_at)
        WHERE next_call_at IS NOT NULL AND open`,
    );
    await queryRunner.query(`DROP INDEX lead_desk_queue_new_idx`);
    await queryRunner.query(
      `CREATE INDEX lead_desk_first_contact_idx ON lead_desk (owner_id, first_contact_due_at)
        WHERE first_contacted_at IS NULL AND first_contact_due_at IS NOT NULL AND open`,
    );
  }
}
