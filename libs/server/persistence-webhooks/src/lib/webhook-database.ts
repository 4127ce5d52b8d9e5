import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { webhookDataSourceOptions } from './webhook-data-source';

/**
 * The webhooks' connection pool. It connects on first use, so the api (whose intake path
 * never touches PostgreSQL) boots and takes leads while the database is away.
 */
@Injectable()
export class WebhookDatabase implements OnApplicationShutdown {
  private connecting?: Promise<DataSource>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Rows of a SELECT (wrap UPDATE … RETURNING in a CTE: TypeORM answers those with [rows, count]). */
  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const dataSource = await this.dataSource();
    return (await dataSource.query(sql, [...params])) as R[];
  }

  /** A dedicated connection; the caller must release it. */
  async queryRunner(): Promise<QueryRunner> {
    const runner = (await this.dataSource()).createQueryRunner();
    await runner.connect();
    return runner;
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = (await this.dataSource()).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(runner);
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
      webhookDataSourceOptions(this.config.DATABASE_URL),
    )
      .initialize()
      .catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    return this.connecting;
  }
}
