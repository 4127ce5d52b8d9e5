import { dedupIdFor } from '@landing/api/feature-intake';
import { auditDatabaseUrl } from '@landing/server/persistence-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/**
 * Narrow port: removes every audit event about a lead (by id or phone). The audit module
 * has no erase operation yet; when it gets one, bind this token to it instead.
 */
export interface LeadAuditEraser {
  eraseLead(lead: { id: string; phone: string }): Promise<number>;
}

export const LEAD_AUDIT_ERASER = Symbol('LEAD_AUDIT_ERASER');

/** The PostgreSQL audit store's table; MongoDB stores are not handled here (see the port). */
@Injectable()
export class PostgresLeadAuditEraser implements LeadAuditEraser {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async eraseLead(lead: { id: string; phone: string }): Promise<number> {
    if (this.config.MONGODB_URI)
      throw new Error('erasing audit events from MongoDB is not implemented');
    const client = new Client({
      connectionString: auditDatabaseUrl(this.config),
      connectionTimeoutMillis: 5000,
    });
    await client.connect();
    try {
      const result = await client.query(
        `DELETE FROM audit_events WHERE lead_id = $1 OR phone = $2`,
        [lead.id, lead.phone],
      );
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
}

/**
 * Forgets a phone number in Redis: the intake deduplication mark and the job that holds it
 * (a completed job keeps its payload, the phone included, for up to an hour).
 */
@Injectable()
export class LeadDedupEraser implements OnApplicationShutdown {
  private readonly logger = new Logger(LeadDedupEraser.name);
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: 5000,
      enableOfflineQueue: false,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    this.queue = new Queue(LEAD_QUEUE, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
    });
    this.queue.on('error', (error: Error) =>
      this.logger.warn(`queue: ${error.message}`),
    );
  }

  async erase(phone: string): Promise<void> {
    const dedupId = dedupIdFor(phone);
    const jobId = await this.queue.getDeduplicationJobId(dedupId);
    if (jobId) {
      // An active job is locked by the worker and cannot be removed; its lead row is erased anyway.
      await this.queue
        .remove(jobId)
        .catch((error: unknown) =>
          this.logger.warn(`job not removed: ${String(error)}`),
        );
    }
    await this.queue.removeDeduplicationKey(dedupId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
