import { type AppConfig } from '@landing/server/util-config';
import { DeskEventMetrics } from '@landing/server/util-observability';
import {
  deleteKeysWithPrefix,
  type OwnRedis,
  sharedRedisUrl,
  startOwnRedis,
  uniqueQueuePrefix,
} from '@landing/server/util-testing';
import { type DeskEvent } from '@landing/shared/contracts-desk';
import { COMMAND_TIMEOUT_MS, DeskEventStore } from './desk-event.store';

const event = (leadId: string): DeskEvent => ({
  type: 'lead.created',
  at: new Date().toISOString(),
  leads: [{ leadId, ownerId: null }],
});

/** The desk's live stream on a real Redis: appends, reads, and a Redis that fails. */
describe('DeskEventStore', () => {
  const metrics = new DeskEventMetrics();
  const failures = async () =>
    (await metrics.publishFailures.get()).values[0]?.value ?? 0;
  const storeOn = (url: string, prefix = uniqueQueuePrefix()) =>
    new DeskEventStore(
      { REDIS_URL: url, QUEUE_PREFIX: prefix } as AppConfig,
      metrics,
    );

  it('appends one entry per event in one round trip and reads them back in order', async () => {
    const prefix = uniqueQueuePrefix();
    const store = storeOn(sharedRedisUrl(), prefix);
    try {
      await store.publish(event('a'), event('b'), {
        ...event('none'),
        leads: [],
      });
      const page = await store.after('0-0', 10);
      expect(page.events.map(({ event }) => event.leads[0]?.leadId)).toEqual([
        'a',
        'b',
      ]);
      const [first, second] = page.events;
      expect((await store.after(first?.id ?? '', 10)).events).toEqual([second]);
      const info = await store.info();
      expect(info).toMatchObject({
        lastGeneratedId: second?.id,
        firstId: first?.id,
        length: 2,
        entriesAdded: 2,
      });
    } finally {
      store.onApplicationShutdown();
      await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    }
  });

  describe('with a Redis that fails', () => {
    let redis: OwnRedis;
    beforeAll(async () => {
      redis = await startOwnRedis();
    });
    afterAll(() => redis.stop());

    it('never makes the caller wait on a hung Redis, and counts what it could not append', async () => {
      const store = storeOn(redis.url);
      try {
        await store.publish(event('warm'));
        redis.pause();
        const before = await failures();
        const started = Date.now();
        store.emit(event('lost'));
        // emit returns at once: the lead write it follows goes on.
        expect(Date.now() - started).toBeLessThan(50);
        await store.publish(event('lost too'));
        expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 3000);
        expect(await failures()).toBeGreaterThan(before);
      } finally {
        redis.resume();
        store.onApplicationShutdown();
      }
    }, 30_000);

    it('gives up at once while Redis is away', async () => {
      const store = storeOn(redis.url);
      try {
        await store.publish(event('warm'));
        await redis.kill();
        // ioredis notices the closed connection and starts reconnecting.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const before = await failures();
        const started = Date.now();
        await store.publish(event('lost'));
        expect(Date.now() - started).toBeLessThan(1000);
        expect(await failures()).toBe(before + 1);
      } finally {
        store.onApplicationShutdown();
        await redis.start();
      }
    }, 30_000);
  });
});
