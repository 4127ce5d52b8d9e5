import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage } from '@nestjs/throttler';
import { type ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { Redis } from 'ioredis';

/** Fixed window counter plus a block marker, in one round trip; returns milliseconds. */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}`;

type IncrementReply = [number, number, number, number];

interface ThrottleRedis extends Redis {
  throttleIncrement(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<IncrementReply>;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Rate-limit counters in Redis, so limits hold across every api replica. When Redis cannot
 * answer, requests pass: intake then fails with its own 503, and a limiter outage must never
 * be what turns visitors away.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: ThrottleRedis;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const redis = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.RATE_LIMIT_TIMEOUT_MS,
      enableAutoPipelining: true,
    });
    redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
    redis.on('error', () => undefined);
    this.redis = redis as ThrottleRedis;
    this.prefix = `${config.QUEUE_PREFIX}:rl`;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // Key material (an IP or a phone) is hashed so Redis key names carry no personal data.
    const id = createHash('sha256').update(key).digest('base64url').slice(0, 24);
    const base = `${this.prefix}:${throttlerName}:${id}`;
    try {
      const [totalHits, ttlMs, blocked, blockMs] = await this.redis.throttleIncrement(`${base}:n`, `${base}:b`, ttl, limit, blockDuration);
      return { totalHits, timeToExpire: seconds(ttlMs), isBlocked: blocked === 1, timeToBlockExpire: seconds(blockMs) };
    } catch (error) {
      this.warnAtMostEvery10s(error);
      return { totalHits: 0, timeToExpire: seconds(ttl), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private warnAtMostEvery10s(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.logger.warn(`rate limiter cannot reach Redis, letting requests through: ${error instanceof Error ? error.message : String(error)}`);
  }
}
