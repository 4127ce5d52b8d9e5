import {
  type RowMapper,
  type SqlSession,
  sqlSession,
} from '@landing/server/persistence-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { adminDataSourceOptions } from './admin-data-source';

/** A dedicated connection; the caller must release it. */
export interface SqlConnection extends SqlSession {
  release(): Promise<void>;
}

/**
 * The admin area's connection pool. It connects on first use, so the api (whose intake path
 * never touches PostgreSQL) boots and takes leads while the database is away.
 */
@Injectable()
export class AdminDatabase implements OnApplicationShutdown, SqlSession {
  private connecting?: Promise<DataSource>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Rows of a SELECT, each typed by `map` (wrap UPDATE … RETURNING in a CTE: TypeORM answers
   * those with [rows, count]).
   */
  async rows<T>(
    sql: string,
    params: readonly unknown[],
    map: RowMapper<T>,
  ): Promise<T[]> {
    return sqlSession(await this.dataSource()).rows(sql, params, map);
  }

  /** A statement whose answer is not read. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<void> {
    return sqlSession(await this.dataSource()).execute(sql, params);
  }

  async connection(): Promise<SqlConnection> {
    const runner = (await this.dataSource()).createQueryRunner();
    await runner.connect();
    return { ...sqlSession(runner), release: () => runner.release() };
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    const runner = (await this.dataSource()).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(sqlSession(runner));
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
      adminDataSourceOptions(this.config.DATABASE_URL),
    )
      .initialize()
      .catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    return this.connecting;
  }
}
