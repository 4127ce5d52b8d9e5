import { loadConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startOwnRedis,
  uniqueQueuePrefix,
} from '@landing/server/util-testing';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE = 60_000;

const storageFor = (redisUrl: string, prefix: string) =>
  new RedisThrottlerStorage(
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      // A check past its deadline lets the request through; a loaded test machine can take
      // longer than the default 250 ms without Redis being at fault.
      RATE_LIMIT_TIMEOUT_MS: '5000',
    }),
  );

describe('RedisThrottlerStorage (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  let storage: RedisThrottlerStorage;

  beforeAll(() => {
    storage = storageFor(redisUrl, prefix);
  });

  afterAll(async () => {
    storage.onApplicationShutdown();
    await deleteKeysWithPrefix(redisUrl, prefix);
  });

  it('counts every request, also many for one key arriving together, and blocks past the limit', async () => {
    const records = await Promise.all(
      Array.from({ length: 8 }, () =>
        storage.increment('ip:203.0.113.1', MINUTE, 5, MINUTE, 'ip'),
      ),
    );
    expect(
      records.map((record) => record.totalHits).sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records.filter((record) => record.isBlocked)).toHaveLength(3);
    for (const record of records) {
      expect(record.timeToExpire).toBeGreaterThan(55);
      expect(record.timeToExpire).toBeLessThanOrEqual(60);
    }
    const blocked = records.find((record) => record.isBlocked);
    expect(blocked?.timeToBlockExpire).toBeGreaterThan(55);
  });

  it('keeps keys and throttlers apart, and holds limits for every caller sharing Redis', async () => {
    const other = storageFor(redisUrl, prefix);
    try {
      const [a, b, c] = await Promise.all([
        storage.increment('ip:203.0.113.2', MINUTE, 1, MINUTE, 'ip'),
        storage.increment('ip:203.0.113.2', MINUTE, 1, MINUTE, 'phone'),
        storage.increment('ip:203.0.113.3', MINUTE, 1, MINUTE, 'ip'),
      ]);
      expect(
        [a, b, c].map((record) => [record.totalHits, record.isBlocked]),
      ).toEqual([
        [1, false],
        [1, false],
        [1, false],
      ]);
      const second = await other.increment(
        'ip:203.0.113.2',
        MINUTE,
        1,
        MINUTE,
        'ip',
      );
      expect([second.totalHits, second.isBlocked]).toEqual([2, true]);
    } finally {
      other.onApplicationShutdown();
    }
  });

  it('a new window starts when the old one ends, and the block lasts its own duration', async () => {
    const key = 'phone:+989121234567';
    await storage.increment(key, 300, 1, 300, 'phone');
    expect((await storage.increment(key, 300, 1, 300, 'phone')).isBlocked).toBe(
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const fresh = await storage.increment(key, 300, 1, 300, 'phone');
    expect([fresh.totalHits, fresh.isBlocked]).toEqual([1, false]);
  });

  it('a block longer than the window outlasts it, and a refusal says how long is left', async () => {
    const key = 'ip:203.0.113.9';
    await storage.increment(key, 200, 1, 900, 'ip');
    const refused = await storage.increment(key, 200, 1, 900, 'ip');
    expect(refused.isBlocked).toBe(true);
    expect(refused.timeToBlockExpire).toBe(1);
    // Past the window, still inside the block.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const still = await storage.increment(key, 200, 1, 900, 'ip');
    expect(still.isBlocked).toBe(true);
    // Past the block: a fresh window.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const fresh = await storage.increment(key, 200, 1, 900, 'ip');
    expect([fresh.totalHits, fresh.isBlocked]).toEqual([1, false]);
  });

  it('keeps personal data out of key names', async () => {
    await storage.increment('ip:198.51.100.77', MINUTE, 5, MINUTE, 'ip');
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${prefix}:rl:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toMatch(/198\.51|203\.0|9121234567/);
    } finally {
      redis.disconnect();
    }
  });

  it('lets requests through, and warns, when Redis cannot answer', async () => {
    const own = await startOwnRedis();
    const lonely = storageFor(own.url, prefix);
    const warnings = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    try {
      // The very first check, made while the connection is still being set up, counts too.
      expect(
        (await lonely.increment('ip:203.0.113.9', MINUTE, 1, MINUTE, 'ip'))
          .totalHits,
      ).toBe(1);
      await own.kill();
      const records = await Promise.all(
        [1, 2, 3].map(() =>
          lonely.increment('ip:203.0.113.9', MINUTE, 1, MINUTE, 'ip'),
        ),
      );
      expect(records.map((record) => record.isBlocked)).toEqual([
        false,
        false,
        false,
      ]);
      expect(
        warnings.mock.calls
          .map((call) => (call[0] as { msg?: string }).msg ?? String(call[0]))
          .join('\n'),
      ).toContain('rate limiter cannot reach Redis');
    } finally {
      warnings.mockRestore();
      lonely.onApplicationShutdown();
      await own.stop();
    }
  });
});
