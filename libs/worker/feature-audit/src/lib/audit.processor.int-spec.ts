import {
  AUDIT_JOB,
  type AuditEvent,
  type AuditJob,
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
} from '@landing/server/util-testing';
import { erasedPhoneKey } from '@landing/server/domain-lead';
import { type Job, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { AuditProcessor } from './audit.processor';
import { ErasedPhones } from './erased-phones';

const submissionEvent = (
  phone = '+989121234567',
  occurredAt = new Date(),
): AuditEvent =>
  submissionAuditEvent({ phone, occurredAt: occurredAt.toISOString() }, {});

/** The two fields of a BullMQ job the processor reads. */
const job = (name: string, data: AuditJob) => ({ name, data }) as Job<AuditJob>;

describe('AuditProcessor (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresAuditStore;
  let processor: AuditProcessor;
  let erased: ErasedPhones;
  let metrics: WorkerMetrics;
  const prefix = uniqueQueuePrefix();
  const deadLettered = async () =>
    (await metrics.auditEventsDeadLettered.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresAuditStore(auditDataSourceOptions(db.url));
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
    });
    erased = new ErasedPhones(config);
    metrics = new WorkerMetrics();
    processor = new AuditProcessor(config, store, metrics, erased);
  });

  afterAll(async () => {
    erased.onApplicationShutdown();
    await store.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db.drop();
  });

  const storedIds = async () =>
    (
      await db.query<{ id: string }>('SELECT id FROM audit_events ORDER BY id')
    ).map((row) => row.id);

  it('stores every event of a batch job, and a retried batch stores each once', async () => {
    const events = [submissionEvent(), submissionEvent(), submissionEvent()];
    await processor.process(job(AUDIT_JOB.batch, { events }));
    await processor.process(job(AUDIT_JOB.batch, { events }));
    expect(await storedIds()).toEqual(events.map((event) => event.id).sort());
  });

  it('still stores one-event jobs queued by an api from before batching', async () => {
    const event = submissionEvent();
    await processor.process(job(AUDIT_JOB.record, event));
    expect(await storedIds()).toContain(event.id);
  });

  it('drops queued events about a number erased since, and keeps what happened after the erasure', async () => {
    const erasedAt = Date.now();
    const redis = new Redis(sharedRedisUrl());
    try {
      await redis.set(
        erasedPhoneKey(prefix, '+989351110000'),
        String(erasedAt),
      );
    } finally {
      redis.disconnect();
    }
    const before = submissionEvent(
      '+989351110000',
      new Date(erasedAt - 60_000),
    );
    const after = submissionEvent('+989351110000', new Date(erasedAt + 1000));
    const someoneElse = submissionEvent(
      '+989351110001',
      new Date(erasedAt - 60_000),
    );
    await processor.process(
      job(AUDIT_JOB.batch, { events: [before, after, someoneElse] }),
    );
    const ids = await storedIds();
    expect(ids).not.toContain(before.id);
    expect(ids).toEqual(expect.arrayContaining([after.id, someoneElse.id]));
  });

  it('fails a job it does not know, so it is kept rather than dropped', async () => {
    await expect(
      processor.process(job('audit.unknown', { events: [] })),
    ).rejects.toThrow('unknown job name "audit.unknown"');
  });

  describe('an event the store refuses for good', () => {
    /** A batch job whose data the processor may replace, as BullMQ's Job.updateData does. */
    const updatableJob = (events: AuditEvent[]) => {
      const fake = {
        id: 'j1',
        name: AUDIT_JOB.batch,
        data: { events } as AuditJob,
        updateData: jest.fn(async (data: AuditJob) => {
          fake.data = data;
        }),
      };
      return fake;
    };

    it.each([
      [
        'a NUL in an attribution field',
        (event: AuditEvent) => ({
          ...event,
          payload: {
            ...event.payload,
            attribution: { utm_source: 'a\u0000b' },
          },
        }),
      ],
      [
        'a lone surrogate in the user agent',
        (event: AuditEvent) => ({ ...event, userAgent: 'bot \ud800' }),
      ],
      [
        'a time PostgreSQL cannot read',
        (event: AuditEvent) => ({ ...event, occurredAt: 'not a time' }),
      ],
    ])(
      'with %s: stores the rest of the batch, dead-letters the job holding only that event, counts it',
      async (_, poison) => {
        const good = [submissionEvent(), submissionEvent()];
        const bad = poison(submissionEvent()) as AuditEvent;
        const fake = updatableJob([
          good[0] as AuditEvent,
          bad,
          good[1] as AuditEvent,
        ]);
        const before = await deadLettered();

        const outcome = processor.process(fake as unknown as Job<AuditJob>);

        await expect(outcome).rejects.toBeInstanceOf(UnrecoverableError);
        const ids = await storedIds();
        expect(ids).toEqual(
          expect.arrayContaining(good.map((event) => event.id)),
        );
        expect(ids).not.toContain(bad.id);
        expect(fake.data).toEqual({ events: [bad] });
        expect(await deadLettered()).toBe(before + 1);
      },
    );

    it('is not confused with a store that is away: that job is retried, nothing is dead-lettered', async () => {
      const away = new PostgresAuditStore(
        auditDataSourceOptions('postgres://nobody@127.0.0.1:1/none'),
      );
      const config = loadConfig({
        DATABASE_URL: db.url,
        REDIS_URL: sharedRedisUrl(),
        QUEUE_PREFIX: prefix,
      });
      const offline = new AuditProcessor(config, away, metrics, erased);
      const before = await deadLettered();
      try {
        const outcome = offline.process(
          updatableJob([submissionEvent()]) as unknown as Job<AuditJob>,
        );
        await expect(outcome).rejects.toThrow();
        await expect(outcome).rejects.not.toBeInstanceOf(UnrecoverableError);
        expect(await deadLettered()).toBe(before);
      } finally {
        await away.close();
      }
    });
  });
});
