import {
  AUDIT_BACKOFF_TYPE,
  AUDIT_JOB,
  AUDIT_JOB_ATTEMPTS,
  AUDIT_QUEUE,
  type AuditBatchJob,
  type AuditEvent,
} from '@landing/shared/contracts-audit';
import {
  auditDataSourceOptions,
  PostgresAuditStore,
} from '@landing/server/persistence-audit';
import { loadConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  submissionAuditEvent,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AuditQueueConsumer } from './audit-queue.consumer';
import { AuditProcessor } from './audit.processor';
import { ErasedPhones } from './erased-phones';

describe('audit queue: a poisoned event is dead-lettered, not retried for ever (BullMQ, PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresAuditStore;
  let erased: ErasedPhones;
  let consumer: AuditQueueConsumer;
  let queue: Queue<AuditBatchJob>;
  const metrics = new WorkerMetrics();
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresAuditStore(auditDataSourceOptions(db.url));
    // Retries as fast as the config allows: a retried job would show several attempts within a second.
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      AUDIT_BACKOFF_MS: '10',
      AUDIT_BACKOFF_MAX_MS: '100',
    });
    erased = new ErasedPhones(config);
    consumer = new AuditQueueConsumer(
      config,
      new AuditProcessor(config, store, metrics, erased),
      metrics,
    );
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    consumer.onApplicationBootstrap();
    queue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix,
    });
  });

  afterAll(async () => {
    await consumer.beforeApplicationShutdown();
    await queue.close();
    erased.onApplicationShutdown();
    await store.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db.drop();
    jest.restoreAllMocks();
  });

  it('stores the rest of the batch and moves the job, holding only the refused event, to the failed set after one attempt', async () => {
    const good = [submissionAuditEvent(), submissionAuditEvent()];
    const poisoned = submissionAuditEvent(
      {},
      { utm_source: 'insta\u0000gram' },
    );
    const failedBefore =
      (await metrics.jobs.get()).values.find(
        (value) =>
          value.labels['queue'] === AUDIT_QUEUE &&
          value.labels['result'] === 'failed',
      )?.value ?? 0;
    // As the api's producer queues it: attempts without a practical limit, kept when failed.
    const job = await queue.add(
      AUDIT_JOB.batch,
      { events: [good[0] as AuditEvent, poisoned, good[1] as AuditEvent] },
      {
        attempts: AUDIT_JOB_ATTEMPTS,
        backoff: { type: AUDIT_BACKOFF_TYPE },
        removeOnFail: false,
      },
    );

    await waitFor(async () => (await job.getState()) === 'failed', {
      timeoutMs: 20_000,
      what: 'the job to be dead-lettered',
    });
    // Had it been retried (at most 100 ms apart), it would have more attempts by now.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const dead = await queue.getJob(job.id ?? '');
    expect(await dead?.getState()).toBe('failed');
    expect(dead?.attemptsMade).toBe(1);
    expect(dead?.data.events.map((event) => event.id)).toEqual([poisoned.id]);
    expect(dead?.failedReason).toContain('refused');

    const stored = await db.query<{ id: string }>(
      'SELECT id FROM audit_events',
    );
    expect(stored.map((row) => row.id).sort()).toEqual(
      good.map((event) => event.id).sort(),
    );
    expect((await metrics.auditEventsDeadLettered.get()).values[0]?.value).toBe(
      1,
    );
    const failedAfter = (await metrics.jobs.get()).values.find(
      (value) =>
        value.labels['queue'] === AUDIT_QUEUE &&
        value.labels['result'] === 'failed',
    )?.value;
    expect(failedAfter).toBe(failedBefore + 1);
  });
});
