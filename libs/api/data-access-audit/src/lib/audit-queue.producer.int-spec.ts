import { randomUUID } from 'node:crypto';
import { AUDIT_QUEUE, type AuditEvent } from '@landing/shared/contracts-audit';
import { loadConfig } from '@landing/server/util-config';
import { deleteKeysWithPrefix, sharedRedisUrl, startOwnRedis, uniqueQueuePrefix } from '@landing/server/util-testing';
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

const producerFor = (redisUrl: string, prefix: string, env: Record<string, string> = {}) =>
  new AuditQueueProducer(loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ...env }));

describe('AuditQueueProducer (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    redis = new Redis(redisUrl);
    queue = new Queue(AUDIT_QUEUE, { connection: redis, prefix });
    await queue.waitUntilReady();
  });

  afterAll(async () => {
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    redis.disconnect();
  });

  it('queues an event on the audit queue under its own id, once however often it is recorded', async () => {
    const producer = producerFor(redisUrl, prefix);
    try {
      const event = submissionEvent();
      expect(await producer.record(event)).toBe('queued');
      expect(await producer.record(event)).toBe('queued');
      const jobs = (await queue.getJobs(['waiting', 'delayed'])).filter((job) => job.id === event.id);
      expect(jobs.map((job) => job.data as AuditEvent)).toEqual([event]);
    } finally {
      await producer.onApplicationShutdown();
    }
  });

  it('queues nothing when AUDIT_ENABLED is false', async () => {
    const producer = producerFor(redisUrl, prefix, { AUDIT_ENABLED: 'false' });
    const event = submissionEvent();
    expect(await producer.record(event)).toBe('disabled');
    expect(await queue.getJob(event.id)).toBeUndefined();
    await producer.onApplicationShutdown();
  });

  it('never throws while Redis is down: answers "failed" promptly, counts it and logs the phone masked', async () => {
    const own = await startOwnRedis();
    const producer = producerFor(own.url, prefix);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await own.kill();
      const started = Date.now();
      expect(await producer.record(submissionEvent('+989121234567'))).toBe('failed');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(producer.failedCount).toBe(1);
      const logged = warnings.mock.calls.map((call) => String(call[0])).join('\n');
      expect(logged).toContain('lead.submission');
      expect(logged).not.toContain('9121234567');
    } finally {
      warnings.mockRestore();
      await producer.onApplicationShutdown();
      await own.stop();
    }
  });
});
