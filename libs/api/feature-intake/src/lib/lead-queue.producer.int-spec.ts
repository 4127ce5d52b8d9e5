import { randomUUID } from 'node:crypto';
import {
  LEAD_QUEUE,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { loadConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  sleep,
  startOwnRedis,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { IntakeUnavailableError } from './lead-intake.errors';
import { LeadQueueProducer } from './lead-queue.producer';

function job(phone: string, submissionId = randomUUID()): LeadSubmittedJob {
  return {
    submissionId,
    phone,
    name: null,
    email: null,
    consent: true,
    consentVersion: null,
    attribution: {},
    receivedAt: new Date().toISOString(),
    requestId: 'req',
  };
}

function producerFor(
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): LeadQueueProducer {
  return new LeadQueueProducer(
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      ...env,
    }),
  );
}

describe('LeadQueueProducer (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  let producer: LeadQueueProducer;
  let queue: Queue;
  let redis: Redis;

  beforeAll(async () => {
    producer = producerFor(redisUrl, prefix);
    redis = new Redis(redisUrl);
    queue = new Queue(LEAD_QUEUE, { connection: redis, prefix });
    await queue.waitUntilReady();
  });

  afterAll(async () => {
    await producer.onApplicationShutdown();
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    redis.disconnect();
  });

  it('queues the first submission of a number and calls the next one a duplicate', async () => {
    expect(await producer.enqueue(job('+989120000001'))).toBe('queued');
    expect(await producer.enqueue(job('+989120000001'))).toBe('duplicate');
    expect(await producer.enqueue(job('+989120000002'))).toBe('queued');
  });

  it('lets exactly one of many simultaneous submissions of one number through', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () => producer.enqueue(job('+989120000003'))),
    );

    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(1);
    const jobs = await queue.getJobs(['waiting']);
    expect(
      jobs.filter(
        (j) => (j.data as LeadSubmittedJob).phone === '+989120000003',
      ),
    ).toHaveLength(1);
  });

  it('treats a retried submission (same submissionId) as the same accepted submission, with one job', async () => {
    const retried = job('+989120000004');
    expect(await producer.enqueue(retried)).toBe('queued');
    expect(await producer.enqueue({ ...retried, requestId: 'retry' })).toBe(
      'queued',
    );
    expect(
      (await queue.getJobs(['waiting'])).filter(
        (j) => j.id === retried.submissionId,
      ),
    ).toHaveLength(1);
  });

  it('still knows the number after a worker has completed its job', async () => {
    const first = job('+989120000005');
    await producer.enqueue(first);
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const worker = new Worker(LEAD_QUEUE, async () => undefined, {
      connection,
      prefix,
    });
    try {
      await waitFor(
        async () =>
          (await queue.getJobState(first.submissionId)) === 'completed',
        { what: 'the job to complete' },
      );
    } finally {
      await worker.close();
      connection.disconnect();
    }
    expect(await producer.enqueue(job('+989120000005'))).toBe('duplicate');
  });

  it('accepts the number again once the window has passed', async () => {
    const shortWindow = producerFor(redisUrl, prefix, {
      DEDUP_WINDOW_SECONDS: '1',
    });
    try {
      expect(await shortWindow.enqueue(job('+989120000006'))).toBe('queued');
      expect(await shortWindow.enqueue(job('+989120000006'))).toBe('duplicate');
      await sleep(1100);
      expect(await shortWindow.enqueue(job('+989120000006'))).toBe('queued');
    } finally {
      await shortWindow.onApplicationShutdown();
    }
  });

  it('keeps phone numbers out of Redis key names', async () => {
    await producer.enqueue(job('+989120000007'));
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.some((key) => key.includes('989120000007'))).toBe(false);
  });

  it('fails fast with "unavailable" while Redis is down, and accepts (not "duplicate") the retry once it is back', async () => {
    const own = await startOwnRedis();
    const outage = producerFor(own.url, prefix);
    try {
      await sleep(100);
      const submission = job('+989120000008');
      await own.kill();

      const started = Date.now();
      await expect(outage.enqueue(submission)).rejects.toBeInstanceOf(
        IntakeUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(3000);

      await own.start();
      let outcome: string | undefined;
      for (let attempt = 0; attempt < 100 && outcome === undefined; attempt++) {
        outcome = await outage.enqueue(submission).catch(() => undefined);
        if (outcome === undefined) await sleep(100);
      }
      expect(outcome).toBe('queued');
    } finally {
      await outage.onApplicationShutdown();
      await own.stop();
    }
  });
});
