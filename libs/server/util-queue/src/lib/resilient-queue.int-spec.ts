import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ResilientQueue } from './resilient-queue';

describe('ResilientQueue (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const logger = new Logger('test');

  afterAll(async () => {
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
  });

  it('sets the queue up again when its one-time set-up failed, and then adds jobs', async () => {
    const connection = new Redis(sharedRedisUrl());
    await connection.ping();
    // The race cannot be staged on demand (Redis dying between "ready" and BullMQ's version
    // check while the app boots), so once connected, the version check (BullMQ's first INFO)
    // fails once here.
    const info = connection.info.bind(connection);
    let failures = 1;
    connection.info = ((...args: []) =>
      failures-- > 0
        ? Promise.reject(new Error('Connection is closed.'))
        : info(...args)) as typeof connection.info;
    const warnings = jest
      .spyOn(logger, 'warn')
      .mockImplementation(() => undefined);
    const leads = new ResilientQueue<{ n: number }>(
      'leads',
      { connection, prefix },
      logger,
    );
    try {
      const first = leads.queue;
      await expect(first.waitUntilReady()).rejects.toThrow(
        'Connection is closed.',
      );
      await waitFor(() => leads.queue !== first, {
        timeoutMs: 5000,
        what: 'a new queue',
      });
      const job = await leads.queue.add('lead', { n: 1 }, { jobId: 'j1' });
      expect(job.id).toBe('j1');
      expect(await leads.queue.getJobCountByTypes('waiting')).toBe(1);
      expect(
        warnings.mock.calls.map((call) => String(call[0])).join('\n'),
      ).toContain(
        'queue set-up failed (Connection is closed.); setting it up again',
      );
    } finally {
      warnings.mockRestore();
      await leads.close();
      connection.disconnect();
    }
  });

  it('keeps the queue it has while its set-up succeeds', async () => {
    const connection = new Redis(sharedRedisUrl());
    const leads = new ResilientQueue<{ n: number }>(
      'steady',
      { connection, prefix },
      logger,
    );
    try {
      const first = leads.queue;
      await first.waitUntilReady();
      await leads.queue.add('lead', { n: 2 });
      expect(leads.queue).toBe(first);
    } finally {
      await leads.close();
      connection.disconnect();
    }
  });
});
