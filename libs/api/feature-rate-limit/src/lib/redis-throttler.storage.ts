import { hash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type ThrottlerStorage } from '@nestjs/throttler';
import { type ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { LogThrottle } from '@landing/server/util-logging';
import { RedisStallWatch } from '@landing/server/util-queue';
import { Redis } from 'ioredis';

/**
 * Fixed-window counters, for any number of counters in one call; the block lives in the
 * counter itself. Per counter, ARGV holds window ms, limit and block ms; the reply per counter
 * is {hits, window ms left, blocked 0/1, block ms left}. Counters are handled in order, so two
 * requests from one address in the same call count twice.
 *
 * A counter past its limit is blocked until it expires, and the hit that first passes the
 * limit makes it live at least the block's length: blocked until the later of the window's
 * end and the block's. Under the limit the window's time left is not asked for (the window's
 * length stands in for it): the api sends no rate-limit headers, and only a refusal's
 * Retry-After needs a time. So a counter costs Redis an `INCR`, plus a `PEXPIRE` when its
 * window opens, and a `PTTL` only when it refuses. (It was a block marker of its own: a
 * `PTTL` of the marker and one of the counter for every request, about 3 of the 13 commands
 * per lead at 50 connections.)
 */
const INCREMENT_MANY = `
local out = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local window, limit, block = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i])
  local hits = redis.call('INCR', key)
  if hits == 1 then
    redis.call('PEXPIRE', key, window)
  end
  if hits <= limit then
    out[i] = {hits, window, 0, 0}
  else
    local left = redis.call('PTTL', key)
    if hits == limit + 1 and left < block then
      redis.call('PEXPIRE', key, block)
      left = block
    end
    out[i] = {hits, left, 1, left}
  end
end
return out`;

type IncrementReply = [number, number, number, number];

interface ThrottleRedis extends Redis {
  throttleIncrementMany(
    keyCount: number,
    ...keysThenArgs: Array<string | number>
  ): Promise<IncrementReply[]>;
}

interface PendingIncrement {
  hitsKey: string;
  args: [ttlMs: number, limit: number, blockMs: number];
  resolve: (reply: IncrementReply) => void;
  reject: (error: unknown) => void;
}

/** Bounds the time one script holds Redis (each counter is one to three O(1) commands). */
const MAX_PAIRS_PER_CALL = 256;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Rate-limit counters in Redis, so limits hold across every api replica. When Redis cannot
 * answer, requests pass: intake then fails with its own 503, and a limiter outage must never
 * be what turns visitors away.
 */
@Injectable()
export class RedisThrottlerStorage
  implements ThrottlerStorage, OnApplicationShutdown
{
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: ThrottleRedis;
  private readonly prefix: string;
  private pending: PendingIncrement[] = [];
  private flushScheduled = false;
  private readonly stall: RedisStallWatch;
  private readonly warnings = new LogThrottle((line) => this.logger.warn(line));

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Checks wait (up to the timeout) for the first connection, so limits hold from the first
    // request; once Redis has been lost, `send` refuses at once instead of queueing.
    const redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 0,
      commandTimeout: config.RATE_LIMIT_TIMEOUT_MS,
    });
    redis.defineCommand('throttleIncrementMany', { lua: INCREMENT_MANY });
    redis.on('error', () => undefined);
    this.redis = redis as ThrottleRedis;
    this.stall = new RedisStallWatch(redis, config.RATE_LIMIT_TIMEOUT_MS);
    this.prefix = `${config.QUEUE_PREFIX}:rl`;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // Key material (an IP or a phone) is hashed so Redis key names carry no personal data.
    // The one-shot `hash` builds no Hash object: a third of createHash's time per key.
    const id = hash('sha256', key, 'base64url').slice(0, 24);
    const base = `${this.prefix}:${throttlerName}:${id}`;
    try {
      const [totalHits, ttlMs, blocked, blockMs] = await this.enqueue(
        `${base}:n`,
        [ttl, limit, blockDuration],
      );
      return {
        totalHits,
        timeToExpire: seconds(ttlMs),
        isBlocked: blocked === 1,
        timeToBlockExpire: seconds(blockMs),
      };
    } catch (error) {
      this.warnings.log({
        msg: `rate limiter cannot reach Redis, letting requests through: ${error instanceof Error ? error.message : String(error)}`,
      });
      return {
        totalHits: 0,
        timeToExpire: seconds(ttl),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
  }

  onApplicationShutdown(): void {
    this.stall.close();
    this.redis.disconnect();
  }

  /**
   * Checks asked for while the event loop handles one round of I/O go to Redis together, as
   * one script call: at peak, one round trip serves every request that arrived together.
   */
  private enqueue(
    hitsKey: string,
    args: PendingIncrement['args'],
  ): Promise<IncrementReply> {
    return new Promise((resolve, reject) => {
      this.pending.push({ hitsKey, args, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = [];
    for (let start = 0; start < pending.length; start += MAX_PAIRS_PER_CALL) {
      void this.send(pending.slice(start, start + MAX_PAIRS_PER_CALL));
    }
  }

  private async send(batch: PendingIncrement[]): Promise<void> {
    const keys = batch.map((item) => item.hitsKey);
    const args = batch.flatMap((item) => item.args);
    try {
      // Away or stalled: let the request through now instead of after the timeout.
      if (this.stall.unavailable)
        throw new Error(
          `redis is ${this.redis.status === 'ready' ? 'not answering' : this.redis.status}`,
        );
      const replies = await this.redis.throttleIncrementMany(
        keys.length,
        ...keys,
        ...args,
      );
      batch.forEach((item, index) =>
        item.resolve(replies[index] as IncrementReply),
      );
    } catch (error) {
      if (error instanceof Error && /timed out/i.test(error.message))
        this.stall.noteNoAnswer();
      for (const item of batch) item.reject(error);
    }
  }
}
