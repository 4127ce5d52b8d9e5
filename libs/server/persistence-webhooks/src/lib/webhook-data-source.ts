import {
  postgresDataSourceOptions,
  type PostgresStore,
  runPostgresMigrations,
} from '@landing/server/persistence-lead';
import { type DataSourceOptions } from 'typeorm';
import { CreateWebhooks1764600000000 } from './migrations/1764600000000-create-webhooks.migration';

export const WEBHOOK_MIGRATIONS = [CreateWebhooks1764600000000];

const WEBHOOK_STORE: PostgresStore = {
  entities: [],
  migrations: WEBHOOK_MIGRATIONS,
  migrationsTableName: 'webhook_schema_migrations',
  poolSize: 8,
  applicationName: 'landing-webhooks',
};

export function webhookDataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return postgresDataSourceOptions(url, WEBHOOK_STORE, overrides);
}

/** Applies pending webhook migrations; used by the `migrate` command. */
export function runWebhookMigrations(url: string): Promise<string[]> {
  return runPostgresMigrations(url, WEBHOOK_STORE);
}
