import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The language a staff member reads e-mail in (and later the admin area); Persian unless chosen. */
export class StaffLanguage1764700000000 implements MigrationInterface {
  name = 'StaffLanguage1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE admin_users ADD COLUMN language varchar(2) NOT NULL DEFAULT 'fa'
         CONSTRAINT admin_users_language_check CHECK (language IN ('fa', 'en'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE admin_users DROP COLUMN language`);
  }
}
