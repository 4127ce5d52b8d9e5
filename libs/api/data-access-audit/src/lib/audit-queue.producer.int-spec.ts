import { randomUUID } from 'node:crypto';
import {
  AUDIT_JOB,
  AUDIT_QUEUE,
  type AuditBatchJob,
  type AuditEvent,
} from '@landing/shared/contracts-audit';
import { loadConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startOwnRedis,
  uniqueQueuePrefix,
} from '@landing/server/util-testing';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AuditQueueProducer } from './audit-queue.producer';

function submissionEvent(phone = '+989121234567'): AuditEvent {
  return {
    id: randomUUID(),
    type: 'lead.submission',
    occurredAt: new Date().toISOString(),
    phone,
    leadId: null,
    ip: '203.0.113.9',
    userAgent: 'test',
    path: '/api/leads',
    requestId: 'req-1',
    actor: null,
    payload: { submissionId: randomUUID(), duplicate: false, attribution: {} },
  };
}

const producerFor = (
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
) =>
  new AuditQueueProducer(
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      ...env,
    }),
  );

describe('AuditQueueProducer (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  let redis: Redis;
  let queue: Queue<AuditBatchJob>;

  beforeAll(async () => {
    redis = new Redis(redisUrl);
    queue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: redis,
      prefix,
    });
    await queue.waitUntilReady();
  });

  afterAll(async () => {
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    redis.disconnect();
  });

  const queued = async (ids: readonly string[]) =>
    (await queue.getJobs(['waiting', 'delayed']))
      .filter((job) => job.data.events.some((event) => ids.includes(event.id)))
      .map((job) => ({ name: job.name, events: job.data.events }));

  it('queues the events recorded within AUDIT_BATCH_WAIT_MS as one job, in the order recorded', async () => {
    const producer = producerFor(redisUrl, prefix, {
      AUDIT_BATCH_WAIT_MS: '50',
    });
    try {
      const events = [
        submissionEvent(),
        submissionEvent('+989351112233'),
        submissionEvent(),
      ];
      const outcomes = await Promise.all(
        events.map((event) => producer.record(event)),
      );
      expect(outcomes).toEqual(['queued', 'queued', 'queued']);
      expect(await queued(events.map((event) => event.id))).toEqual([
        { name: AUDIT_JOB.batch, events },
      ]);
    } finally {
      await producer.onApplicationShutdown();
    }
  });

  it('starts a new job once AUDIT_BATCH_SIZE events wait, without waiting for the timer', async () => {
    const producer = producerFor(redisUrl, prefix, {
      AUDIT_BATCH_SIZE: '2',
      AUDIT_BATCH_WAIT_MS: '1000',
    });
    try {
      const events = [submissionEvent(), submissionEvent()];
      const started = Date.now();
      expect(
        await Promise.all(events.map((event) => producer.record(event))),
      ).toEqual(['queued', 'queued']);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await queued(events.map((event) => event.id))).toHaveLength(1);
    } finally {
      await producer.onApplicationShutdown();
    }
  });

  it('queues what is still waiting when the app shuts down', async () => {
    const producer = producerFor(redisUrl, prefix, {
      AUDIT_BATCH_WAIT_MS: '1000',
    });
    const event = submissionEvent();
    const outcome = producer.record(event);
    await producer.onApplicationShutdown();
    expect(await outcome).toBe('queued');
    expect(await queued([event.id])).toEqual([
      { name: AUDIT_JOB.batch, events: [event] },
    ]);
  });

  it('queues nothing when AUDIT_ENABLED is false', async () => {
    const producer = producerFor(redisUrl, prefix, { AUDIT_ENABLED: 'false' });
    const event = submissionEvent();
    expect(await producer.record(event)).toBe('disabled');
    expect(await queued([event.id])).toEqual([]);
    await producer.onApplicationShutdown();
  });

  it('never throws while Redis is down: answers "failed" promptly, counts it, logs the phone masked and one line per outage', async () => {
    const own = await startOwnRedis();
    const producer = producerFor(own.url, prefix);
    const warnings = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    try {
      await own.kill();
      const started = Date.now();
      const outcomes = await Promise.all([
        producer.record(submissionEvent('+989121234567')),
        producer.record(submissionEvent()),
      ]);
      expect(outcomes).toEqual(['failed', 'failed']);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(producer.failedCount).toBe(2);
      // Further batches in the same outage are counted, not each written.
      expect(await producer.record(submissionEvent())).toBe('failed');
      expect(await producer.record(submissionEvent())).toBe('failed');
      expect(producer.failedCount).toBe(4);
      const logged = warnings.mock.calls.map((call) =>
        typeof call[0] === 'object' && call[0] !== null
          ? String((call[0] as { msg?: unknown }).msg)
          : String(call[0]),
      );
      expect(logged.filter((line) => line.includes('not queued'))).toEqual([
        expect.stringContaining(
          '2 audit event(s) not queued (lead.submission ×2)',
        ),
      ]);
      expect(logged.join('\n')).not.toContain('9121234567');
    } finally {
      warnings.mockRestore();
      await producer.onApplicationShutdown();
      await own.stop();
    }
  });
});
