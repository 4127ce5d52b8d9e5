import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  type PreparedStatement,
  runPrepared,
} from '@landing/server/persistence-lead';
import { DataSource, type QueryRunner } from 'typeorm';
import { deskDataSourceOptions } from './desk-data-source';

/**
 * Runs SQL on one connection; inside {@link DeskDatabase.transaction} it is that transaction's.
 * A {@link PreparedStatement} is parsed and planned once per connection (the worker's hot ones).
 */
export interface DeskSql {
  query<R>(
    sql: string | PreparedStatement,
    params?: readonly unknown[],
  ): Promise<R[]>;
}

/**
 * The desk's connection pool. It connects on first use, so neither the api's intake path nor
 * the worker's boot waits for it.
 */
@Injectable()
export class DeskDatabase implements OnApplicationShutdown, DeskSql {
  private connecting?: Promise<DataSource>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Rows of a SELECT (wrap UPDATE … RETURNING in a CTE: TypeORM answers those with [rows, count]). */
  async query<R>(
    sql: string | PreparedStatement,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    const dataSource = await this.dataSource();
    if (typeof sql !== 'string') return runPrepared<R>(dataSource, sql, params);
    return (await dataSource.query(sql, [...params])) as R[];
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (sql: DeskSql) => Promise<T>): Promise<T> {
    const runner = (await this.dataSource()).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(sqlOf(runner));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const dataSource = await this.connecting?.catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy();
  }

  private dataSource(): Promise<DataSource> {
    this.connecting ??= new DataSource(
      deskDataSourceOptions(this.config.DATABASE_URL),
    )
      .initialize()
      .catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    return this.connecting;
  }
}

function sqlOf(runner: QueryRunner): DeskSql {
  return {
    async query<R>(
      sql: string | PreparedStatement,
      params: readonly unknown[] = [],
    ) {
      if (typeof sql !== 'string')
        return runPrepared<R>(runner.manager, sql, params);
      return (await runner.query(sql, [...params])) as R[];
    },
  };
}
