import { DataSource, type DataSourceOptions } from 'typeorm';

export interface PostgresStore {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** Each store keeps its own migrations table, so stores can live in separate databases. */
  migrationsTableName: string;
  poolSize: number;
  applicationName: string;
}

/** TypeORM options for one of our PostgreSQL stores. Schema changes only ever come from migrations. */
export function postgresDataSourceOptions(
  url: string,
  store: PostgresStore,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: store.entities,
    migrations: store.migrations,
    migrationsTableName: store.migrationsTableName,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: store.poolSize,
      connectionTimeoutMillis: 5000,
      application_name: store.applicationName,
    },
    ...overrides,
  } as DataSourceOptions;
}

/** Applies a store's pending migrations over one connection and returns their names. */
export async function runPostgresMigrations(
  url: string,
  store: PostgresStore,
): Promise<string[]> {
  const dataSource = new DataSource(
    postgresDataSourceOptions(url, { ...store, poolSize: 1 }),
  );
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
