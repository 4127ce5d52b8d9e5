import {
  postgresDataSourceOptions,
  type PostgresStore,
  runPostgresMigrations,
} from '@landing/server/persistence-lead';
import { type DataSourceOptions } from 'typeorm';
import { CreateAdmin1763900000000 } from './migrations/1763900000000-create-admin.migration';
import { AdminWorkspace1764500000000 } from './migrations/1764500000000-admin-workspace.migration';
import { OverviewRollup1764600000000 } from './migrations/1764600000000-overview-rollup.migration';
import { StaffLanguage1764700000000 } from './migrations/1764700000000-staff-language.migration';
import { FirstTouchSkip1764810000000 } from './migrations/1764810000000-first-touch-skip.migration';

export const ADMIN_MIGRATIONS = [
  CreateAdmin1763900000000,
  AdminWorkspace1764500000000,
  OverviewRollup1764600000000,
  StaffLanguage1764700000000,
  FirstTouchSkip1764810000000,
];

const ADMIN_STORE: PostgresStore = {
  entities: [],
  migrations: ADMIN_MIGRATIONS,
  migrationsTableName: 'admin_schema_migrations',
  poolSize: 6,
  applicationName: 'landing-admin',
};

/**
 * TypeORM options for the admin tables (users, sessions, notes) and the review queries on
 * the leads. Its migrations run after the leads' ones (they reference `leads`).
 */
export function adminDataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return postgresDataSourceOptions(url, ADMIN_STORE, overrides);
}

/** Applies pending admin migrations and returns their names; used by the `migrate` command. */
export function runAdminMigrations(url: string): Promise<string[]> {
  return runPostgresMigrations(url, ADMIN_STORE);
}
