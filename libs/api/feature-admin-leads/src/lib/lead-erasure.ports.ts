import { dedupIdFor } from '@landing/api/feature-intake';
import {
  type AuditStore,
  erasedPhoneKey,
  erasureMarkTtlMs,
} from '@landing/server/domain-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { ResilientQueue } from '@landing/server/util-queue';
import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';

/** Narrow port: removes every audit event about a lead (by id or phone). */
export interface LeadAuditEraser {
  eraseLead(lead: { id: string; phone: string }): Promise<number>;
}

export const LEAD_AUDIT_ERASER = Symbol('LEAD_AUDIT_ERASER');

/** The configured audit store (MongoDB or PostgreSQL) does the erasing. */
export function auditStoreEraser(store: AuditStore): LeadAuditEraser {
  return {
    eraseLead: (lead) =>
      store.deleteAbout({ leadId: lead.id, phone: lead.phone }),
  };
}

/**
 * Forgets a phone number in Redis: the intake deduplication mark and the job that holds it
 * (a completed job keeps its payload, the phone included, for up to an hour); and leaves an
 * erasure mark, so the worker drops queued audit events about the number from before now.
 */
@Injectable()
export class LeadDedupEraser implements OnApplicationShutdown {
  private readonly logger = new Logger(LeadDedupEraser.name);
  private readonly connection: Redis;
  private readonly leads: ResilientQueue<unknown>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: 5000,
      enableOfflineQueue: false,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    this.leads = new ResilientQueue(
      LEAD_QUEUE,
      { connection: this.connection, prefix: config.QUEUE_PREFIX },
      this.logger,
    );
  }

  async erase(phone: string): Promise<void> {
    // First, so that audit events about the number still on their way are dropped, not stored.
    const { QUEUE_PREFIX, AUDIT_RETENTION_DAYS } = this.config;
    await this.connection.set(
      erasedPhoneKey(QUEUE_PREFIX, phone),
      String(Date.now()),
      'PX',
      erasureMarkTtlMs(AUDIT_RETENTION_DAYS),
    );
    const dedupId = dedupIdFor(phone);
    const jobId = await this.leads.queue.getDeduplicationJobId(dedupId);
    if (jobId) {
      // An active job is locked by the worker and cannot be removed; its lead row is erased anyway.
      await this.leads.queue
        .remove(jobId)
        .catch((error: unknown) =>
          this.logger.warn(`job not removed: ${String(error)}`),
        );
    }
    await this.leads.queue.removeDeduplicationKey(dedupId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leads.close();
    this.connection.disconnect();
  }
}
