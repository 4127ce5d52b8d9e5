import { type DataSourceOptions } from 'typeorm';
import { LeadSubmissionEntity } from './lead-submission.entity';
import { LeadEntity } from './lead.entity';
import { CreateLeads1763712000000 } from './migrations/1763712000000-create-leads.migration';
import {
  postgresDataSourceOptions,
  type PostgresStore,
  runPostgresMigrations,
} from './postgres-data-source';

export const LEAD_ENTITIES = [LeadEntity, LeadSubmissionEntity];
export const LEAD_MIGRATIONS = [CreateLeads1763712000000];

const LEAD_STORE: PostgresStore = {
  entities: LEAD_ENTITIES,
  migrations: LEAD_MIGRATIONS,
  migrationsTableName: 'schema_migrations',
  poolSize: 10,
  applicationName: 'landing',
};

/** TypeORM options for the lead store. */
export function leadDataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return postgresDataSourceOptions(url, LEAD_STORE, overrides);
}

/** Applies pending lead migrations and returns their names; used by the `migrate` command. */
export function runLeadMigrations(url: string): Promise<string[]> {
  return runPostgresMigrations(url, LEAD_STORE);
}
