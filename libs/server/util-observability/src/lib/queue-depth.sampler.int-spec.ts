import { LEAD_JOB, LEAD_QUEUE } from '@landing/shared/contracts-lead';
import { type AppConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueDepthSampler } from './queue-depth.sampler';
import { QueueMetrics } from './queue-metrics';

describe('QueueDepthSampler (Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  const redis = new Redis(redisUrl);
  const queue = new Queue(LEAD_QUEUE, { connection: redis, prefix });
  const metrics = new QueueMetrics();
  const sampler = new QueueDepthSampler(
    {
      METRICS_ENABLED: true,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      QUEUE_SAMPLE_INTERVAL_MS: 600_000,
    } as AppConfig,
    metrics,
  );

  afterAll(async () => {
    await sampler.onApplicationShutdown();
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    redis.disconnect();
  });

  const sampled = async (name: 'landing_queue_leads' | 'landing_queue_jobs') =>
    (
      await (
        name === 'landing_queue_leads' ? metrics.leads : metrics.jobs
      ).get()
    ).values.find(
      (v) =>
        v.labels['queue'] === LEAD_QUEUE && v.labels['state'] === 'waiting',
    )?.value;

  it('counts the leads the waiting jobs carry: a batch job its own count, a job of one lead one', async () => {
    // As the api's script leaves them: the batch's lead count in the job's hash.
    for (const [id, count] of [
      ['b.1', 3],
      ['b.2', 0],
      ['b.3', 40],
    ] as const) {
      await queue.add(LEAD_JOB.submittedBatch, { leads: [] }, { jobId: id });
      await redis.hset(queue.toKey(id), 'leadCount', count);
    }
    await queue.add(LEAD_JOB.submitted, {}, { jobId: 'one-lead' });

    sampler.onApplicationBootstrap();
    // Until its connection is up a round fails; the timer is far off here, so ask again.
    await waitFor(
      async () => {
        await sampler.sample();
        return (await sampled('landing_queue_jobs')) === 4;
      },
      { what: 'a sample' },
    );
    expect(await sampled('landing_queue_leads')).toBe(44);
  });
});
