import { erasedPhoneKey } from '@landing/server/domain-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * Keeps erased numbers out of the trail: an admin's erasure marks the number in Redis, and
 * events about it from before the erasure that were still queued (the audit store was away,
 * or the worker behind) are dropped here instead of bringing the number back.
 */
@Injectable()
export class ErasedPhones implements OnApplicationShutdown {
  private readonly logger = new Logger(ErasedPhones.name);
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.QUEUE_PREFIX;
    this.redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
    });
    this.redis.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
  }

  /** The events to store; rejects when Redis cannot say (the batch is then retried). */
  async withoutErased(events: readonly AuditEvent[]): Promise<AuditEvent[]> {
    const phones = [
      ...new Set(
        events.flatMap((event) => (event.phone === null ? [] : [event.phone])),
      ),
    ];
    if (phones.length === 0) return [...events];
    const marks = await this.redis.mget(
      phones.map((phone) => erasedPhoneKey(this.prefix, phone)),
    );
    const erasedAt = new Map<string, number>();
    phones.forEach((phone, index) => {
      const mark = marks[index];
      if (mark) erasedAt.set(phone, Number(mark));
    });
    if (erasedAt.size === 0) return [...events];
    const kept = events.filter(
      (event) =>
        event.phone === null ||
        !(
          Date.parse(event.occurredAt) <=
          (erasedAt.get(event.phone) ?? Number.NEGATIVE_INFINITY)
        ),
    );
    if (kept.length < events.length)
      this.logger.log(
        `dropped ${events.length - kept.length} audit event(s) about numbers erased since`,
      );
    return kept;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
