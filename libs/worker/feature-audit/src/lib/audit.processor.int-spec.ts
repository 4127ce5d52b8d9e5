import { randomUUID } from 'node:crypto';
import { AUDIT_JOB, type AuditEvent, type AuditJob } from '@landing/shared/contracts-audit';
import { auditDataSourceOptions, PostgresAuditStore } from '@landing/server/persistence-audit';
import { loadConfig } from '@landing/server/util-config';
import { WorkerMetrics } from '@landing/server/util-observability';
import { createTestDatabase, type TestDatabase } from '@landing/server/util-testing';
import { type Job } from 'bullmq';
import { AuditProcessor } from './audit.processor';

function submissionEvent(): AuditEvent {
  return {
    id: randomUUID(),
    type: 'lead.submission',
    occurredAt: new Date().toISOString(),
    phone: '+989121234567',
    leadId: null,
    ip: '203.0.113.9',
    userAgent: 'test',
    path: '/api/leads',
    requestId: randomUUID(),
    actor: null,
    payload: { submissionId: randomUUID(), duplicate: false, attribution: {} },
  };
}

/** The two fields of a BullMQ job the processor reads. */
const job = (name: string, data: AuditJob) => ({ name, data }) as Job<AuditJob>;

describe('AuditProcessor (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresAuditStore;
  let processor: AuditProcessor;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresAuditStore(auditDataSourceOptions(db.url));
    processor = new AuditProcessor(loadConfig({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' }), store, new WorkerMetrics());
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const storedIds = async () => (await db.query<{ id: string }>('SELECT id FROM audit_events ORDER BY id')).map((row) => row.id);

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

  it('fails a job it does not know, so it is kept rather than dropped', async () => {
    await expect(processor.process(job('audit.unknown', { events: [] }))).rejects.toThrow('unknown job name "audit.unknown"');
  });
});
