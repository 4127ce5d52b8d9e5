import { randomUUID } from 'node:crypto';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  auditDataSourceOptions,
  PostgresAuditStore,
} from '@landing/server/persistence-audit';
import { loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import { AuditRetentionJob } from './audit-retention.job';

const DAY_MS = 24 * 60 * 60 * 1000;

function eventAt(occurredAt: Date): AuditEvent {
  return {
    id: randomUUID(),
    type: 'lead.submission',
    occurredAt: occurredAt.toISOString(),
    phone: '+989121234567',
    leadId: null,
    ip: null,
    userAgent: null,
    path: '/api/leads',
    requestId: null,
    actor: null,
    payload: { submissionId: randomUUID(), duplicate: false, attribution: {} },
  };
}

describe('AuditRetentionJob (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresAuditStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresAuditStore(auditDataSourceOptions(db.url));
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('deletes events older than the configured retention and keeps the rest', async () => {
    const now = new Date('2026-11-21T00:00:00.000Z');
    const keep = eventAt(new Date(now.getTime() - 29 * DAY_MS));
    const expired = eventAt(new Date(now.getTime() - 31 * DAY_MS));
    await store.append([keep, expired]);
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      AUDIT_RETENTION_DAYS: '30',
    });

    expect(await new AuditRetentionJob(config, store).runOnce(now)).toBe(1);

    expect(await db.query('SELECT id FROM audit_events')).toEqual([
      { id: keep.id },
    ]);
  });

  it('defaults to 90 days', async () => {
    await db.query('TRUNCATE audit_events');
    const now = new Date('2026-11-21T00:00:00.000Z');
    const keep = eventAt(new Date(now.getTime() - 89 * DAY_MS));
    await store.append([keep, eventAt(new Date(now.getTime() - 91 * DAY_MS))]);
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:1',
    });

    await new AuditRetentionJob(config, store).runOnce(now);

    expect(await db.query('SELECT id FROM audit_events')).toEqual([
      { id: keep.id },
    ]);
  });
});
