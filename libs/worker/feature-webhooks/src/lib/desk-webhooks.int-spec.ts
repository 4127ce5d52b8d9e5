import { randomUUID } from 'node:crypto';
import { generateWebhookSecret } from '@landing/server/domain-webhooks';
import { WebhookEndpointRepository } from '@landing/server/persistence-webhooks';
import { ConfigModule, loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  type TestDatabase,
  TestReceiver,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { DeskScanJob, DeskWorkerModule } from '@landing/worker/feature-desk';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhookWorkerModule } from './webhook-worker.module';

/**
 * The callback desk's webhook events end to end: the desk scan's assignment and breach
 * outbox, and a logged call arriving through the audit batch listener, each delivered to a
 * subscribed endpoint and verified with `standardwebhooks`.
 */
describe('desk webhook events (worker, real receiver)', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let prefix: string;
  const target = new TestReceiver();

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = uniqueQueuePrefix();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_BACKOFF_MS: '40',
      WEBHOOK_BACKOFF_MAX_MS: '200',
      DESK_SLA_SCAN_INTERVAL_MS: '3600000',
    });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        WebhookWorkerModule,
        DeskWorkerModule,
      ],
    })
    class TestWorkerModule {}
    app = await NestFactory.createApplicationContext(TestWorkerModule, {
      logger: false,
    });
    await app.init();
    await target.start();
  });
  afterAll(async () => {
    await target.stop();
    await app.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db.drop();
  });

  it('delivers lead.assigned, lead.sla_breached and lead.call_logged, signed, without personal data', async () => {
    const secret = generateWebhookSecret();
    await app.get(WebhookEndpointRepository).create({
      url: target.url,
      events: ['lead.assigned', 'lead.call_logged', 'lead.sla_breached'],
      description: 'desk',
      secret,
    });
    target.secrets = [secret];
    const phone = '+989351234567';
    const [staff] = await db.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ('caller@example.com', 'x', 'reviewer') RETURNING id`,
    );
    const [lead] = await db.query<{ id: string }>(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ($1, 'new', now()) RETURNING id, created_at)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at, owner_id)
       SELECT id, created_at, true, now() - interval '1 hour', $2 FROM l RETURNING lead_id AS id`,
      [phone, staff?.id],
    );
    const leadId = lead?.id ?? '';
    await db.query(
      `INSERT INTO lead_assignments (lead_id, to_owner_id, reason) VALUES ($1, $2, 'arrival')`,
      [leadId, staff?.id],
    );

    await app.get(DeskScanJob).runOnce();
    const callId = randomUUID();
    const call: AuditEvent = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      phone,
      leadId,
      ip: '198.51.100.7',
      userAgent: 'test',
      path: `/api/admin/desk/leads/${leadId}/calls`,
      requestId: 'r',
      actor: { adminId: staff?.id ?? '', username: 'caller@example.com' },
      type: 'lead.call_logged',
      payload: { callId, outcome: 'no_answer', attempts: 1, callbackAt: null },
    };
    await app.get(WebhookEventsListener).auditBatchStored([call]);

    await waitFor(() => target.accepted.size === 3, {
      what: 'three desk deliveries',
      timeoutMs: 20_000,
    });
    expect(target.requests.every((r) => r.verifiedWith.includes(0))).toBe(true);
    const bodies = target.requests.map(
      (r) =>
        JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
    );
    const of = (type: string) => bodies.find((b) => b.type === type)?.data;
    expect(of('lead.assigned')).toMatchObject({
      leadId,
      assigneeId: staff?.id,
      previousAssigneeId: null,
    });
    expect(of('lead.sla_breached')).toMatchObject({
      leadId,
      assigneeId: staff?.id,
    });
    expect(of('lead.call_logged')).toMatchObject({
      leadId,
      callId,
      outcome: 'no_answer',
      calledBy: staff?.id,
    });
    for (const request of target.requests) {
      expect(request.body).not.toContain('1234567');
      expect(request.body).not.toContain('caller@example.com');
    }

    // A second scan finds nothing new to audit, so nothing is sent twice.
    await app.get(DeskScanJob).runOnce();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.accepted.size).toBe(3);
  }, 30_000);
});
