import { randomUUID } from 'node:crypto';
import {
  LEAD_JOB,
  LEAD_QUEUE,
  type LeadSubmittedBatchJob,
} from '@landing/shared/contracts-lead';
import { dedupIdFor } from '@landing/server/domain-lead';
import { loadConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  leadSubmission,
  sharedRedisUrl,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LeadDedupEraser } from './lead-erasure.ports';

const lead = leadSubmission;

describe('LeadDedupEraser (Redis): batch jobs', () => {
  const prefix = uniqueQueuePrefix();
  const redisUrl = sharedRedisUrl();
  const redis = new Redis(redisUrl);
  const queue = new Queue(LEAD_QUEUE, { connection: redis, prefix });
  const eraser = new LeadDedupEraser(
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
    }),
  );

  afterAll(async () => {
    await eraser.onApplicationShutdown();
    await queue.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    redis.disconnect();
  });

  it("takes the number's leads out of a waiting batch job, keeps its other leads, and removes a job left with none", async () => {
    const erased = lead('+989127776601');
    const kept = lead('+989127776602');
    await queue.add(
      LEAD_JOB.submittedBatch,
      { leads: [erased, kept, { ...erased, submissionId: randomUUID() }] },
      { jobId: 'b.1' },
    );
    await queue.add(
      LEAD_JOB.submittedBatch,
      { leads: [lead('+989127776601')] },
      { jobId: 'b.2' },
    );
    const mark = `${prefix}:${LEAD_QUEUE}:de:${dedupIdFor(erased.phone)}`;
    await redis.set(mark, erased.submissionId);
    // Its connection refuses commands until it is up.
    await waitFor(
      () =>
        eraser.erase(erased.phone).then(
          () => true,
          () => false,
        ),
      { what: 'an erasure' },
    );

    const rest = await queue.getJob('b.1');
    expect((rest?.data as LeadSubmittedBatchJob).leads).toEqual([kept]);
    expect(await queue.getJob('b.2')).toBeUndefined();
    expect(await redis.get(mark)).toBeNull();
  });
});
