import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { type ReadinessCheck } from './readiness';

/**
 * `SELECT 1` over a one-connection pool of its own: the api does not otherwise hold a
 * PostgreSQL connection, and a process must not fail to boot because the database is down.
 */
@Injectable()
export class PostgresReadinessCheck
  implements ReadinessCheck, OnApplicationShutdown
{
  readonly name = 'postgres';
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: config.HEALTH_CHECK_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
      query_timeout: config.HEALTH_CHECK_TIMEOUT_MS,
      application_name: 'landing-health',
    });
    // An idle connection that dies (database restart) is dropped here and reopened by the next check.
    this.pool.on('error', () => undefined);
  }

  async isReady(): Promise<boolean> {
    await this.pool.query('SELECT 1');
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
