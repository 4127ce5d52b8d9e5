import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes events older than AUDIT_RETENTION_DAYS, every AUDIT_RETENTION_INTERVAL_MS. PostgreSQL
 * has no TTL, so this is its retention; with MongoDB the TTL index does it and this is a no-op
 * in practice. Several workers running it at once is harmless (deletes are idempotent).
 */
@Injectable()
export class AuditRetentionJob
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(AuditRetentionJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.runOnce(),
      this.config.AUDIT_RETENTION_INTERVAL_MS,
    );
    this.timer.unref();
  }

  /** One pass; resolves with the number of events deleted (0 when the store is unreachable). */
  async runOnce(now = new Date()): Promise<number> {
    if (this.running) return 0;
    const cutoff = new Date(
      now.getTime() - this.config.AUDIT_RETENTION_DAYS * DAY_MS,
    );
    let deleted = 0;
    this.running = this.store.deleteOlderThan(cutoff).then(
      (count) => {
        deleted = count;
        if (count > 0)
          this.logger.log(
            `deleted ${count} audit events older than ${cutoff.toISOString()}`,
          );
      },
      (error: unknown) =>
        this.logger.warn(
          `retention pass failed, will try again: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return deleted;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
