import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { retryFailedLeadJobs } from './dead-letter';

describe('dead letters of the leads queue', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(LEAD_QUEUE, { connection, prefix });

  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
  });

  it('keeps jobs that exhausted their attempts, and the retry command puts every one back to waiting', async () => {
    await queue.addBulk(
      ['a', 'b', 'c'].map((id) => ({
        name: 'lead.submitted',
        data: { id },
        opts: { jobId: id, attempts: 2, backoff: 1, removeOnFail: false },
      })),
    );
    const workerConnection = new Redis(redisUrl, {
      maxRetriesPerRequest: null,
    });
    const failing = new Worker(
      LEAD_QUEUE,
      () => Promise.reject(new Error('database is down')),
      { connection: workerConnection, prefix },
    );
    try {
      await waitFor(
        async () => (await queue.getJobCounts('failed'))['failed'] === 3,
        { timeoutMs: 15_000, what: 'three dead letters' },
      );
    } finally {
      await failing.close();
      workerConnection.disconnect();
    }
    const dead = await queue.getJob('a');
    expect(dead?.failedReason).toBe('database is down');
    expect(dead?.attemptsMade).toBe(2);

    expect(await retryFailedLeadJobs(redisUrl, prefix)).toBe(3);

    expect(await queue.getJobCounts('failed', 'waiting')).toMatchObject({
      failed: 0,
      waiting: 3,
    });
  });
});
