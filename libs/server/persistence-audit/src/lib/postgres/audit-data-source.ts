import { type AppConfig } from '@landing/server/util-config';
import {
  postgresDataSourceOptions,
  type PostgresStore,
  runPostgresMigrations,
} from '@landing/server/persistence-lead';
import { type DataSourceOptions } from 'typeorm';
import { CreateAuditEvents1763800000000 } from '../migrations/1763800000000-create-audit-events.migration';
import { AuditEventEntity } from './audit-event.entity';

export const AUDIT_ENTITIES = [AuditEventEntity];
export const AUDIT_MIGRATIONS = [CreateAuditEvents1763800000000];

/** The audit store may live in its own database; by default it shares the leads' one. */
export function auditDatabaseUrl(
  config: Pick<AppConfig, 'AUDIT_DATABASE_URL' | 'DATABASE_URL'>,
): string {
  return config.AUDIT_DATABASE_URL ?? config.DATABASE_URL;
}

const AUDIT_STORE: PostgresStore = {
  entities: AUDIT_ENTITIES,
  migrations: AUDIT_MIGRATIONS,
  migrationsTableName: 'audit_schema_migrations',
  poolSize: 4,
  applicationName: 'landing-audit',
};

/**
 * TypeORM options for the PostgreSQL audit store: its own pool and its own migrations table,
 * so a slow or absent audit database never holds up the leads' connections.
 */
export function auditDataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return postgresDataSourceOptions(url, AUDIT_STORE, overrides);
}

/** Applies pending audit migrations and returns their names; used by the `migrate` command. */
export function runAuditMigrations(url: string): Promise<string[]> {
  return runPostgresMigrations(url, AUDIT_STORE);
}
