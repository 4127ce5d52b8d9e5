import {
  postgresDataSourceOptions,
  type PostgresStore,
  runPostgresMigrations,
} from '@landing/server/persistence-lead';
import { type DataSourceOptions } from 'typeorm';
import { CreateDesk1764600000000 } from './migrations/1764600000000-create-desk.migration';
import { DeskSlaOverview1764700000000 } from './migrations/1764700000000-desk-sla-overview.migration';
import { DeskQueueIndexes1764710000000 } from './migrations/1764710000000-desk-queue-indexes.migration';
import { DeskAuditOutbox1764820000000 } from './migrations/1764820000000-desk-audit-outbox.migration';

export const DESK_MIGRATIONS = [
  CreateDesk1764600000000,
  DeskSlaOverview1764700000000,
  DeskQueueIndexes1764710000000,
  DeskAuditOutbox1764820000000,
];

const DESK_STORE: PostgresStore = {
  entities: [],
  migrations: DESK_MIGRATIONS,
  migrationsTableName: 'desk_schema_migrations',
  poolSize: 4,
  applicationName: 'landing-desk',
};

/** TypeORM options for the desk's tables and the desk columns of `leads`. */
export function deskDataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return postgresDataSourceOptions(url, DESK_STORE, overrides);
}

/**
 * Applies pending desk migrations and returns their names; used by the `migrate` command.
 * Run after the lead and admin migrations (the desk references `leads` and `admin_users`).
 */
export function runDeskMigrations(url: string): Promise<string[]> {
  return runPostgresMigrations(url, DESK_STORE);
}
