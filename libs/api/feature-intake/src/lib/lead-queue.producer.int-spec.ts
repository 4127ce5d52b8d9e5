import { randomUUID } from 'node:crypto';
import {
  LEAD_JOB,
  LEAD_QUEUE,
  leadsOfJob,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { dedupIdFor } from '@landing/server/domain-lead';
import { loadConfig } from '@landing/server/util-config';
import {
  deleteKeysWithPrefix,
  leadSubmission,
  sharedRedisUrl,
  sleep,
  startOwnRedis,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Logger } from '@nestjs/common';
import {
  IntakeUnavailableError,
  SubmissionIdReusedError,
} from './lead-intake.errors';
import { LeadQueueProducer } from './lead-queue.producer';

const job = leadSubmission;

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

type LeadJob = LeadSubmittedJob | LeadSubmittedBatchJob;

/** The leads the waiting jobs of `queue` carry, with the id of the job each is in. */
async function waitingLeads(
  queue: Queue,
): Promise<Array<LeadSubmittedJob & { jobId: string | undefined }>> {
  const jobs = (await queue.getJobs(['waiting'])) as Job<LeadJob>[];
  return jobs.flatMap((j) =>
    leadsOfJob(j.name, j.data).map((lead) => ({ ...lead, jobId: j.id })),
  );
}

/** Settles as `enqueue` would answer a visitor: the outcome, or the error's kind. */
const outcomeOf = (producer: LeadQueueProducer, lead: LeadSubmittedJob) =>
  producer.enqueue(lead).then(
    (outcome) => outcome,
    (error: unknown) =>
      error instanceof SubmissionIdReusedError
        ? 'reused'
        : error instanceof IntakeUnavailableError
          ? 'unavailable'
          : 'other',
  );

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
    expect(
      (await waitingLeads(queue)).filter(
        (lead) => lead.phone === '+989120000003',
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
      (await waitingLeads(queue)).filter(
        (lead) => lead.submissionId === retried.submissionId,
      ),
    ).toHaveLength(1);
  });

  it('refuses a submissionId reused with another number, and queues nothing for that number', async () => {
    const first = job('+989120000011');
    expect(await producer.enqueue(first)).toBe('queued');
    await expect(
      producer.enqueue({ ...first, phone: '+989120000012' }),
    ).rejects.toBeInstanceOf(SubmissionIdReusedError);
    // The same id with its own number is still the same submission.
    expect(await producer.enqueue(first)).toBe('queued');
    const jobs = (await waitingLeads(queue)).map((lead) => lead.phone);
    expect(jobs).toContain('+989120000011');
    expect(jobs).not.toContain('+989120000012');
    // The number itself was never marked as seen: with a new id it is accepted.
    expect(await producer.enqueue(job('+989120000012'))).toBe('queued');
  });

  it('binds one id to one number when submissions with different numbers race for it', async () => {
    const submissionId = randomUUID();
    const phones = Array.from(
      { length: 20 },
      (_, i) => `+98912000${String(100 + i).padStart(4, '0')}`,
    );
    const outcomes = await Promise.all(
      phones.map((phone) => outcomeOf(producer, job(phone, submissionId))),
    );
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'reused')).toHaveLength(19);
    const stored = (await waitingLeads(queue)).filter(
      (lead) => lead.submissionId === submissionId,
    );
    expect(stored.map((lead) => lead.phone)).toEqual([
      phones[outcomes.indexOf('queued')],
    ]);
  });

  it('gathers the requests of one event-loop turn into one job of the winners, with duplicates inside the batch and across batches', async () => {
    const first = job('+989120000031');
    const again = job('+989120000031');
    const other = job('+989120000032');
    const before = (await queue.getJobs(['waiting'])).length;

    // One turn: the second of one number is a duplicate, a retry of the first is the first.
    expect(
      await Promise.all([
        producer.enqueue(first),
        producer.enqueue(again),
        producer.enqueue(other),
        producer.enqueue({ ...first, requestId: 'retry' }),
      ]),
    ).toEqual(['queued', 'duplicate', 'queued', 'queued']);
    const jobs = (await queue.getJobs(['waiting'])) as Job<LeadJob>[];
    expect(jobs).toHaveLength(before + 1);
    const batch = jobs.find((j) =>
      leadsOfJob(j.name, j.data).some(
        (lead) => lead.submissionId === first.submissionId,
      ),
    );
    expect(batch?.name).toBe(LEAD_JOB.submittedBatch);
    expect((batch?.data as LeadSubmittedBatchJob).leads).toEqual([
      first,
      other,
    ]);
    expect(await redis.hget(queue.toKey(batch?.id ?? ''), 'leadCount')).toBe(
      '2',
    );

    // A later turn: both numbers are known.
    expect(
      await Promise.all([
        producer.enqueue(job('+989120000031')),
        producer.enqueue(job('+989120000032')),
      ]),
    ).toEqual(['duplicate', 'duplicate']);
    // A batch with nothing to store leaves no job.
    expect(await queue.getJobs(['waiting'])).toHaveLength(before + 1);
    const leads = (await waitingLeads(queue)).filter((lead) =>
      ['+989120000031', '+989120000032'].includes(lead.phone),
    );
    expect(leads.map((lead) => lead.submissionId)).toEqual([
      first.submissionId,
      other.submissionId,
    ]);
  });

  it('refuses a submissionId reused within one batch and keeps the first number it was bound to', async () => {
    const submissionId = randomUUID();
    expect(
      await Promise.all([
        outcomeOf(producer, job('+989120000041', submissionId)),
        outcomeOf(producer, job('+989120000042', submissionId)),
      ]),
    ).toEqual(['queued', 'reused']);
    expect(
      (await waitingLeads(queue))
        .filter((lead) => lead.submissionId === submissionId)
        .map((lead) => lead.phone),
    ).toEqual(['+989120000041']);
  });

  it('leaves no job for a batch of duplicates while the queue is paused either', async () => {
    const own = uniqueQueuePrefix();
    const paused = producerFor(redisUrl, own);
    const ownQueue = new Queue(LEAD_QUEUE, { connection: redis, prefix: own });
    try {
      await ownQueue.pause();
      expect(await paused.enqueue(job('+989120000061'))).toBe('queued');
      expect(await paused.enqueue(job('+989120000061'))).toBe('duplicate');
      expect(await ownQueue.getJobCountByTypes('paused', 'waiting')).toBe(1);
      expect(await redis.keys(`${own}:${LEAD_QUEUE}:b.*`)).toHaveLength(1);
    } finally {
      await paused.onApplicationShutdown();
      await ownQueue.close();
      await deleteKeysWithPrefix(redisUrl, own);
    }
  });

  it("changes nothing when a batch's transaction runs twice (resent after a lost reply)", async () => {
    const stored = job('+989120000071');
    const nothing = job('+989120000071');
    // The private step that sends one batch, with the batch id it would draw itself.
    const send = (leads: LeadSubmittedJob[], jobId: string) =>
      (
        producer as unknown as {
          addBatch(leads: LeadSubmittedJob[], jobId: string): Promise<string[]>;
        }
      ).addBatch(leads, jobId);

    expect(await send([stored], 'b.twice')).toEqual(['queued']);
    expect(await send([stored], 'b.twice')).toEqual(['queued']);
    expect((await queue.getJob('b.twice'))?.data).toEqual({ leads: [stored] });

    expect(await send([stored, nothing], 'b.empty')).toEqual([
      'queued',
      'duplicate',
    ]);
    expect(await send([stored, nothing], 'b.empty')).toEqual([
      'queued',
      'duplicate',
    ]);
    expect(await queue.getJob('b.empty')).toBeUndefined();
    expect((await queue.getJob('b.twice'))?.data).toEqual({ leads: [stored] });
  });

  it('answers the requests in hand at shutdown from Redis before closing', async () => {
    const closing = producerFor(redisUrl, prefix);
    await closing.ping();
    const inHand = job('+989120000081');
    const answer = closing.enqueue(inHand);
    await closing.onApplicationShutdown();
    await expect(answer).resolves.toBe('queued');
    expect(
      (await waitingLeads(queue)).filter(
        (lead) => lead.submissionId === inHand.submissionId,
      ),
    ).toHaveLength(1);
  });

  it('puts at most INTAKE_BATCH_MAX leads into one job', async () => {
    const capped = producerFor(redisUrl, prefix, { INTAKE_BATCH_MAX: '3' });
    try {
      const phones = Array.from(
        { length: 7 },
        (_, i) => `+98912000${String(500 + i).padStart(4, '0')}`,
      );
      const outcomes = await Promise.all(
        phones.map((phone) => capped.enqueue(job(phone))),
      );
      expect(outcomes).toEqual(phones.map(() => 'queued'));
      const sizes = new Map<string | undefined, number>();
      for (const lead of await waitingLeads(queue))
        if (phones.includes(lead.phone))
          sizes.set(lead.jobId, (sizes.get(lead.jobId) ?? 0) + 1);
      expect([...sizes.values()].sort()).toEqual([1, 3, 3]);
    } finally {
      await capped.onApplicationShutdown();
    }
  });

  it('writes no mark and no binding when the job cannot be added in the same transaction, and takes the retry once', async () => {
    const own = uniqueQueuePrefix();
    const broken = producerFor(redisUrl, own);
    const ownQueue = new Queue(LEAD_QUEUE, { connection: redis, prefix: own });
    try {
      const first = job('+989120000051');
      expect(await broken.enqueue(first)).toBe('queued');
      // BullMQ's add reads the queue's meta hash: as a string it fails the add (WRONGTYPE)
      // inside the MULTI, while the mark script in the same MULTI still runs.
      const meta = `${own}:${LEAD_QUEUE}:meta`;
      const saved = await redis.hgetall(meta);
      await redis.del(meta);
      await redis.set(meta, 'not a hash');
      const refused = job('+989120000052');
      await expect(broken.enqueue(refused)).rejects.toBeInstanceOf(
        IntakeUnavailableError,
      );
      const keys = await redis.keys(`${own}:*`);
      expect(keys).not.toContain(`${own}:sid:${refused.submissionId}`);
      expect(
        await redis.get(`${own}:${LEAD_QUEUE}:de:${dedupIdFor(refused.phone)}`),
      ).toBeNull();

      await redis.del(meta);
      if (Object.keys(saved).length > 0) await redis.hset(meta, saved);
      expect(await broken.enqueue(refused)).toBe('queued');
      expect(
        (await waitingLeads(ownQueue)).map((lead) => lead.submissionId).sort(),
      ).toEqual([first.submissionId, refused.submissionId].sort());
    } finally {
      await broken.onApplicationShutdown();
      await ownQueue.close();
      await deleteKeysWithPrefix(redisUrl, own);
    }
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
        // Completed lead jobs are deleted at once.
        async () => (await queue.getJobCounts('waiting'))['waiting'] === 0,
        { what: 'the jobs to complete' },
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

  it('with Redis hung (SIGSTOP): refuses within ENQUEUE_TIMEOUT_MS, then at once and with one log line; after SIGCONT the retry with the same id is accepted once', async () => {
    const own = await startOwnRedis();
    const hung = producerFor(own.url, prefix, { ENQUEUE_TIMEOUT_MS: '300' });
    const warnings = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    const check = new Redis(own.url);
    try {
      expect(await hung.enqueue(job('+989120000021'))).toBe('queued');
      expect(await hung.ping()).toBe(true);
      const submission = job('+989120000022');
      own.pause();

      const firstStarted = Date.now();
      await expect(hung.enqueue(submission)).rejects.toBeInstanceOf(
        IntakeUnavailableError,
      );
      const first = Date.now() - firstStarted;
      expect(first).toBeGreaterThanOrEqual(250);
      expect(first).toBeLessThan(1000);

      // Every later request is refused without waiting out its own deadline.
      const laterStarted = Date.now();
      const later = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          hung.enqueue(job(`+98912100${String(i).padStart(4, '0')}`)),
        ),
      );
      expect(Date.now() - laterStarted).toBeLessThan(250);
      expect(
        later.every(
          (r) =>
            r.status === 'rejected' &&
            r.reason instanceof IntakeUnavailableError,
        ),
      ).toBe(true);
      const lines = warnings.mock.calls.length;
      expect(lines).toBeGreaterThanOrEqual(1);
      expect(lines).toBeLessThanOrEqual(2);

      // Readiness asks Redis itself, so it cannot answer yes.
      const ping = await Promise.race([
        hung.ping().catch(() => false),
        sleep(1000).then(() => 'no answer'),
      ]);
      expect(ping).not.toBe(true);

      own.resume();
      // Whatever of the refused request reached Redis before it hung, the retry with the
      // same submissionId is the same submission: accepted, with one job.
      let outcome: string | undefined;
      for (let attempt = 0; attempt < 50 && outcome === undefined; attempt++) {
        outcome = await hung.enqueue(submission).catch(() => undefined);
        if (outcome === undefined) await sleep(100);
      }
      expect(outcome).toBe('queued');
      const stored = new Queue(LEAD_QUEUE, { connection: check, prefix });
      // The refused batch may have landed once Redis went on: the lead is then in that job
      // and the retry, finding its mark, did not queue it again.
      expect(
        (await waitingLeads(stored)).filter(
          (lead) => lead.submissionId === submission.submissionId,
        ),
      ).toHaveLength(1);
      await stored.close();
    } finally {
      warnings.mockRestore();
      check.disconnect();
      await hung.onApplicationShutdown();
      await own.stop();
    }
  });
});
