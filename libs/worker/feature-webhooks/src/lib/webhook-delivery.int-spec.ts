import { randomUUID } from 'node:crypto';
import { type LookupAll } from '@landing/server/domain-webhooks';
import { generateWebhookSecret } from '@landing/server/domain-webhooks';
import {
  WebhookDispatcher,
  WebhookEndpointRepository,
} from '@landing/server/persistence-webhooks';
import { ConfigModule, loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  freePort,
  sharedRedisUrl,
  type TestDatabase,
  TestReceiver,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  WEBHOOK_PAYLOAD_VERSION,
  type WebhookEvent,
} from '@landing/shared/contracts-webhooks';
import { Global, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  WEBHOOK_DISABLED_LISTENER,
  WEBHOOK_LOOKUP,
  type WebhookDisabledListener,
} from './webhook-delivery.processor';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhookWorkerModule } from './webhook-worker.module';

/** `hooks.example.test` answers a private address, as a hostile or careless DNS would. */
const testLookup: LookupAll = async (hostname) =>
  hostname === 'hooks.example.test'
    ? [{ address: '10.0.0.7', family: 4 }]
    : (await import('node:dns/promises')).lookup(hostname, {
        all: true,
        verbatim: true,
      });

/** What the worker told the e-mail side about disabled endpoints. */
const disabledNotices: Parameters<
  WebhookDisabledListener['webhookDisabled']
>[0][] = [];

@Global()
@Module({
  providers: [
    { provide: WEBHOOK_LOOKUP, useValue: testLookup },
    {
      provide: WEBHOOK_DISABLED_LISTENER,
      useValue: {
        webhookDisabled: (endpoint) => {
          disabledNotices.push(endpoint);
          return Promise.resolve();
        },
      } satisfies WebhookDisabledListener,
    },
  ],
  exports: [WEBHOOK_LOOKUP, WEBHOOK_DISABLED_LISTENER],
})
class TestLookupModule {}

interface Worker {
  app: INestApplicationContext;
  endpoints: WebhookEndpointRepository;
  dispatcher: WebhookDispatcher;
  close(): Promise<void>;
}

async function startWorker(
  db: TestDatabase,
  env: Record<string, string>,
): Promise<Worker> {
  const prefix = uniqueQueuePrefix();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: sharedRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    WEBHOOK_BACKOFF_MS: '40',
    WEBHOOK_BACKOFF_MAX_MS: '200',
    WEBHOOK_MAX_ATTEMPTS: '30',
    WEBHOOK_TIMEOUT_MS: '2000',
    QUEUE_SAMPLE_INTERVAL_MS: '500',
    ...env,
  });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      TestLookupModule,
      WebhookWorkerModule,
    ],
  })
  class TestWorkerModule {}
  const app = await NestFactory.createApplicationContext(TestWorkerModule, {
    logger: false,
  });
  await app.init();
  return {
    app,
    endpoints: app.get(WebhookEndpointRepository),
    dispatcher: app.get(WebhookDispatcher),
    async close() {
      await app.close();
      await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    },
  };
}

const createdEvent = (): WebhookEvent => {
  const submissionId = randomUUID();
  return {
    eventId: `lead.created:${submissionId}`,
    payload: {
      type: 'lead.created',
      version: WEBHOOK_PAYLOAD_VERSION,
      timestamp: new Date().toISOString(),
      data: {
        leadId: randomUUID(),
        submissionId,
        phone: '+989121234567',
        name: 'سارا',
        email: null,
        consent: true,
        receivedAt: new Date().toISOString(),
        attribution: {
          utm_source: 'instagram',
          utm_medium: null,
          utm_campaign: null,
          utm_term: null,
          utm_content: null,
          referrer: null,
          landingPath: '/',
        },
      },
    },
  };
};

describe('webhook delivery (worker, real receiver, verified with standardwebhooks)', () => {
  let db: TestDatabase;
  let worker: Worker;
  const receivers: TestReceiver[] = [];

  const receiver = async (port?: number) => {
    const created = new TestReceiver(port);
    receivers.push(created);
    return created;
  };

  const endpointFor = async (url: string, events = ['lead.created']) => {
    const secret = generateWebhookSecret();
    const endpoint = await worker.endpoints.create({
      url,
      events,
      description: 'test',
      secret,
    });
    return { endpoint, secret };
  };

  const deliveryRow = async (id: string) =>
    (
      await db.query<{ state: string; attempts: number }>(
        `SELECT state, attempts FROM webhook_deliveries WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(db, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await worker.close();
    await db.drop();
  });

  it('retries a receiver that is down, then failing, and it accepts each webhook-id exactly once', async () => {
    const port = await freePort();
    const target = await receiver(port);
    const { secret } = await endpointFor(`http://127.0.0.1:${port}/hook`);
    target.secrets = [secret];
    let failuresLeft = 2;
    target.respond = () => (failuresLeft-- > 0 ? 503 : 200);

    const events = [createdEvent(), createdEvent(), createdEvent()];
    await expect(worker.dispatcher.dispatch(events)).resolves.toBe(3);
    // The same events again (a replayed batch): the same delivery ids, no new rows, and
    // BullMQ keeps one job per id.
    await expect(worker.dispatcher.dispatch(events)).resolves.toBe(3);
    const [stored] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE e.url = $1`,
      [`http://127.0.0.1:${port}/hook`],
    );
    expect(stored?.n).toBe(3);

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(target.requests).toHaveLength(0);
    await target.start();
    await waitFor(() => target.accepted.size === 3, {
      what: 'three accepted deliveries',
      timeoutMs: 20_000,
    });

    const ids = [...target.accepted.keys()];
    expect(new Set(ids).size).toBe(3);
    expect(target.requests.every((r) => r.verifiedWith.includes(0))).toBe(true);
    const answeredOk = target.requests.filter((r) => r.answered === 200);
    expect(answeredOk.map((r) => r.id).sort()).toEqual([...ids].sort());
    // The failed attempts carried one of the same ids: the id does not change between attempts.
    const failed = target.requests.filter((r) => r.answered === 503);
    expect(failed).toHaveLength(2);
    for (const request of failed) expect(ids).toContain(request.id);

    await waitFor(
      async () =>
        (await Promise.all(ids.map(deliveryRow))).every(
          (row) => row?.state === 'succeeded',
        ),
      { what: 'deliveries logged as succeeded' },
    );
    const attempts = await db.query<{ outcome: string; attempt: number }>(
      `SELECT outcome, attempt FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY at`,
      [ids],
    );
    expect(attempts.map((a) => a.outcome)).toEqual(
      expect.arrayContaining(['network_error', 'http_error', 'ok']),
    );
    const body = JSON.parse(answeredOk[0]?.body ?? '{}') as {
      type: string;
      version: number;
    };
    expect(body).toMatchObject({ type: 'lead.created', version: 1 });
  }, 40_000);

  it('disables an endpoint that keeps answering 500, with an in-app alert', async () => {
    const strict = await startWorker(db, {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_DISABLE_AFTER_FAILURES: '4',
    });
    const target = await receiver();
    await target.start();
    const secret = generateWebhookSecret();
    target.secrets = [secret];
    target.respond = () => 500;
    let endpointId = '';
    try {
      const endpoint = await strict.endpoints.create({
        url: target.url,
        events: ['lead.created'],
        description: 'always 500',
        secret,
      });
      endpointId = endpoint.id;
      await strict.dispatcher.dispatch([createdEvent()]);
      await waitFor(
        async () =>
          (await strict.endpoints.byId(endpoint.id))?.state === 'disabled',
        { what: 'the endpoint disabled', timeoutMs: 20_000 },
      );
    } finally {
      await strict.close();
    }
    const endpoint = { id: endpointId };
    const alerts = (await worker.endpoints.alerts()).filter(
      (alert) => alert.endpointId === endpoint.id,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toContain('4 consecutive failed deliveries');
    // The admins' e-mail is told once, with the URL and the count.
    expect(disabledNotices.filter((n) => n.id === endpoint.id)).toEqual([
      { id: endpoint.id, url: target.url, failures: 4 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Nothing more is sent to a disabled endpoint: 4 failed attempts, and the delivery failed.
    expect(target.requests.filter((r) => r.answered === 500)).toHaveLength(4);
    const [row] = await db.query<{ state: string; attempts: number }>(
      `SELECT state, attempts FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(row).toEqual({ state: 'failed', attempts: 4 });
    expect(target.requests.every((r) => r.verifiedWith.includes(0))).toBe(true);
  }, 30_000);

  it('signs with both secrets during a rotation overlap, and only the new one after it', async () => {
    const target = await receiver();
    await target.start();
    const { endpoint, secret: old } = await endpointFor(target.url);
    const fresh = generateWebhookSecret();
    await worker.endpoints.rotateSecret(
      endpoint.id,
      fresh,
      new Date(Date.now() + 60_000),
    );
    target.secrets = [old, fresh];
    await worker.dispatcher.dispatch([createdEvent()]);
    await waitFor(() => target.accepted.size === 1, {
      what: 'delivery during overlap',
    });
    expect(target.requests[0]?.verifiedWith).toEqual([0, 1]);
    expect(
      String(target.requests[0]?.headers['webhook-signature']).split(' '),
    ).toHaveLength(2);

    await worker.endpoints.rotateSecret(
      endpoint.id,
      generateWebhookSecret(),
      new Date(0),
    );
    const newest = (await worker.endpoints.byId(endpoint.id))?.secret ?? '';
    target.secrets = [fresh, newest];
    // The worker caches an endpoint for a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await worker.dispatcher.dispatch([createdEvent()]);
    await waitFor(() => target.accepted.size === 2, {
      what: 'delivery after overlap',
    });
    expect(target.requests.at(-1)?.verifiedWith).toEqual([1]);
  }, 30_000);

  it('turns a stored lead batch into lead.created and lead.duplicate, one fan-out for the batch', async () => {
    const target = await receiver();
    await target.start();
    const { secret } = await endpointFor(target.url, [
      'lead.created',
      'lead.duplicate',
    ]);
    target.secrets = [secret];
    const phone = `+98912${String(Date.now()).slice(-7)}`;
    const [lead] = await db.query<{ id: string }>(
      `INSERT INTO leads (phone, name, last_submitted_at) VALUES ($1, 'سارا', now()) RETURNING id`,
      [phone],
    );
    const jobs = ['2026-12-01T10:00:00.000Z', '2026-12-01T10:05:00.000Z'].map(
      (receivedAt) => ({
        submissionId: randomUUID(),
        phone,
        name: 'سارا',
        email: null,
        consent: true,
        consentVersion: null,
        attribution: { utm_source: 'instagram' },
        receivedAt,
        requestId: 'r',
      }),
    );
    for (const job of jobs)
      await db.query(
        `INSERT INTO lead_submissions (submission_id, lead_id, phone, name, consent, received_at, request_id)
         VALUES ($1, $2, $3, $4, true, $5, 'r')`,
        [job.submissionId, lead?.id, phone, job.name, job.receivedAt],
      );
    const listener = worker.app.get(WebhookEventsListener);
    await listener.leadBatchStored(jobs);
    // A replayed batch (the worker crashed after committing) sends nothing twice.
    await listener.leadBatchStored(jobs);
    await waitFor(() => target.accepted.size === 2, {
      what: 'both lead events delivered',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.requests.filter((r) => r.answered === 200)).toHaveLength(2);
    const bodies = target.requests.map(
      (r) =>
        JSON.parse(r.body) as {
          type: string;
          data: {
            submissionId: string;
            phone: string;
            submissionCount?: number;
          };
        },
    );
    expect(bodies.map((b) => [b.type, b.data.submissionId]).sort()).toEqual(
      [
        ['lead.created', jobs[0]?.submissionId],
        ['lead.duplicate', jobs[1]?.submissionId],
      ].sort(),
    );
    expect(bodies.find((b) => b.type === 'lead.duplicate')?.data).toMatchObject(
      {
        phone,
        submissionCount: 2,
      },
    );
  }, 30_000);

  it('sends lead.erased without the phone, name or e-mail the audit event was about', async () => {
    const target = await receiver();
    await target.start();
    const { secret } = await endpointFor(target.url, [
      'lead.erased',
      'lead.status_changed',
    ]);
    target.secrets = [secret];
    const leadId = randomUUID();
    const envelope = {
      occurredAt: new Date().toISOString(),
      phone: '+989127654321',
      leadId,
      ip: '198.51.100.7',
      userAgent: 'test',
      path: `/api/admin/leads/${leadId}`,
      requestId: 'r1',
      actor: { adminId: randomUUID(), username: 'admin@example.com' },
    };
    const audit = [
      {
        ...envelope,
        id: randomUUID(),
        type: 'lead.status_changed',
        payload: { before: 'new', after: 'contacted' },
      },
      {
        ...envelope,
        id: randomUUID(),
        type: 'lead.erased',
        payload: {
          before: { status: 'contacted', submissionCount: 2 },
          after: null,
        },
      },
    ] as AuditEvent[];
    // The listener caches which event types have subscribers for 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await worker.app.get(WebhookEventsListener).auditBatchStored(audit);
    await waitFor(() => target.accepted.size === 2, {
      what: 'two audit-driven deliveries',
    });

    const bodies = target.requests.map(
      (r) =>
        JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
    );
    const erased = bodies.find((b) => b.type === 'lead.erased');
    expect(erased?.data).toEqual({ leadId, erasedAt: envelope.occurredAt });
    for (const request of target.requests) {
      expect(request.body).not.toContain('7654321');
      expect(request.body).not.toContain('admin@example.com');
      expect(request.body).not.toContain('198.51.100.7');
    }
    expect(
      bodies.find((b) => b.type === 'lead.status_changed')?.data,
    ).toMatchObject({
      leadId,
      from: 'new',
      to: 'contacted',
    });
  }, 30_000);
});

describe('webhook SSRF guard (worker)', () => {
  let db: TestDatabase;
  let worker: Worker;
  const target = new TestReceiver();

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(db, { WEBHOOK_ALLOW_PRIVATE: 'false' });
    await target.start();
  });
  afterAll(async () => {
    await target.stop();
    await worker.close();
    await db.drop();
  });

  it('refuses loopback, mapped IPv6, names resolving to loopback or private, and metadata; nothing reaches the receiver', async () => {
    const urls = [
      `http://127.0.0.1:${target.port}/hook`,
      `http://[::ffff:127.0.0.1]:${target.port}/hook`,
      `http://[::1]:${target.port}/hook`,
      `http://localhost:${target.port}/hook`,
      `http://hooks.example.test:${target.port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
    ];
    const ids: string[] = [];
    for (const url of urls) {
      const endpoint = await worker.endpoints.create({
        url,
        events: ['lead.created'],
        description: url,
        secret: generateWebhookSecret(),
      });
      ids.push(endpoint.id);
    }
    await expect(worker.dispatcher.dispatch([createdEvent()])).resolves.toBe(
      urls.length,
    );
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'failed'`,
          )
        )[0]?.n === urls.length,
      { what: 'every delivery refused', timeoutMs: 15_000 },
    );
    const attempts = await db.query<{
      url: string;
      outcome: string;
      excerpt: string;
    }>(
      `SELECT e.url, a.outcome, a.excerpt FROM webhook_attempts a
       JOIN webhook_deliveries d ON d.id = a.delivery_id
       JOIN webhook_endpoints e ON e.id = d.endpoint_id ORDER BY e.created_at`,
    );
    expect(attempts.map((a) => a.outcome)).toEqual(urls.map(() => 'refused'));
    expect(attempts.map((a) => a.excerpt)).toEqual([
      'loopback address refused',
      'loopback address refused',
      'loopback address refused',
      expect.stringMatching(/^localhost resolves to a loopback address$/),
      'hooks.example.test resolves to a private address',
      'metadata address refused',
    ]);
    expect(target.requests).toHaveLength(0);
  }, 30_000);
});
