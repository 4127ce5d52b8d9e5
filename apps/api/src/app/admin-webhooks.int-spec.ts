import {
  type WebhookDeliveryListResponse,
  type WebhookEndpointListResponse,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@landing/shared/contracts-webhooks';
import { waitFor } from '@landing/server/util-testing';
import {
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import {
  type AdminTestApi,
  type Agent,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

describe('admin webhooks (/api/admin/webhooks)', () => {
  let api: AdminTestApi;
  let admin: Agent;

  beforeAll(async () => {
    api = await startAdminTestApi();
    admin = await api.signIn('admin');
  });
  afterAll(() => api.close());

  const create = (body: unknown) =>
    api.request(admin, 'POST', '/api/admin/webhooks', body);

  it('creates an endpoint and shows its whsec_ secret once, never in the list or the view', async () => {
    const response = await create({
      url: 'https://crm.example.com/hooks?token=abc',
      events: ['lead.created', 'lead.erased', 'lead.created'],
      description: 'CRM',
    });
    expect(response.statusCode).toBe(201);
    const { endpoint, secret } = response.json<WebhookEndpointWithSecret>();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(endpoint).toMatchObject({
      url: 'https://crm.example.com/hooks?token=abc',
      events: ['lead.created', 'lead.erased'],
      state: 'active',
    });
    const list = await api.request(admin, 'GET', '/api/admin/webhooks');
    const view = await api.request(
      admin,
      'GET',
      `/api/admin/webhooks/${endpoint.id}`,
    );
    for (const body of [list.body, view.body]) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain('whsec_');
    }
    expect(
      list.json<WebhookEndpointListResponse>().endpoints.map((e) => e.id),
    ).toContain(endpoint.id);
  });

  it.each([
    ['http://127.0.0.1:9000/hook', 'loopback address refused'],
    ['http://[::ffff:10.0.0.1]/hook', 'private address refused'],
    ['http://169.254.169.254/latest', 'metadata address refused'],
    ['ftp://example.com/', 'only http and https URLs'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (url, message) => {
    const response = await create({ url, events: ['lead.created'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'url', code: 'INVALID_VALUE', message }],
    });
  });

  it('refuses unknown events and fields', async () => {
    const unknownEvent = await create({
      url: 'https://example.com/',
      events: ['lead.exploded'],
    });
    expect(unknownEvent.statusCode).toBe(400);
    const unknownField = await create({
      url: 'https://example.com/',
      events: ['lead.created'],
      secret: 'whsec_mine',
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it('pauses, rotates with an overlap, sends a test, logs and redelivers it, and audits each change', async () => {
    const { endpoint } = (
      await create({
        url: 'https://hooks.example.com/x',
        events: ['lead.created'],
      })
    ).json<WebhookEndpointWithSecret>();
    const base = `/api/admin/webhooks/${endpoint.id}`;

    const paused = await api.request(admin, 'PATCH', base, { state: 'paused' });
    expect(paused.json<WebhookEndpointView>().state).toBe('paused');
    const active = await api.request(admin, 'PATCH', base, { state: 'active' });
    expect(active.json<WebhookEndpointView>().state).toBe('active');

    const rotated = await api.request(admin, 'POST', `${base}/rotate-secret`, {
      overlapMinutes: 60,
    });
    expect(rotated.statusCode).toBe(200);
    const rotation = rotated.json<WebhookEndpointWithSecret>();
    expect(rotation.secret).toMatch(/^whsec_/);
    const overlapEnds = Date.parse(
      rotation.endpoint.previousSecretExpiresAt ?? '',
    );
    expect(overlapEnds - Date.now()).toBeGreaterThan(59 * 60_000);

    const test = await api.request(admin, 'POST', `${base}/test`, {});
    expect(test.statusCode).toBe(202);
    const { deliveryId } = test.json<{ deliveryId: string }>();
    const queue = new Queue('webhooks', {
      connection: { url: api.config.REDIS_URL },
      prefix: api.prefix,
    });
    try {
      const job = await queue.getJob(`${deliveryId}.0`);
      expect(job?.data).toMatchObject({
        deliveryId,
        endpointId: endpoint.id,
        eventType: 'webhook.test',
      });
      expect(JSON.parse(String(job?.data.body))).toMatchObject({
        type: 'webhook.test',
        version: 1,
        data: { endpointId: endpoint.id },
      });

      const log = await api.request(admin, 'GET', `${base}/deliveries`);
      expect(log.json<WebhookDeliveryListResponse>()).toMatchObject({
        deliveries: [
          { id: deliveryId, eventType: 'webhook.test', state: 'pending' },
        ],
        nextCursor: null,
      });
      const again = await api.request(
        admin,
        'POST',
        `${base}/deliveries/${deliveryId}/redeliver`,
        {},
      );
      expect(again.statusCode).toBe(202);
    } finally {
      await queue.close();
    }

    const elsewhere = await api.request(
      admin,
      'POST',
      `/api/admin/webhooks/${endpoint.id.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}/deliveries/${deliveryId}/redeliver`,
      {},
    );
    expect(elsewhere.statusCode).toBe(404);

    const removed = await api.request(admin, 'DELETE', base);
    expect(removed.statusCode).toBe(204);
    expect((await api.request(admin, 'GET', base)).statusCode).toBe(404);

    const audit = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: api.config.REDIS_URL },
      prefix: api.prefix,
    });
    try {
      let actions: string[] = [];
      await waitFor(
        async () => {
          const jobs = await audit.getJobs(['waiting', 'delayed', 'active']);
          actions = jobs
            .flatMap((job) => job.data.events)
            .filter(
              (event) =>
                event.type === 'admin.webhook_changed' &&
                event.payload.endpointId === endpoint.id,
            )
            .map((event) =>
              event.type === 'admin.webhook_changed'
                ? event.payload.action
                : '',
            );
          return actions.length >= 7;
        },
        { what: 'the audit events of the changes' },
      );
      expect(actions.sort()).toEqual([
        'created',
        'deleted',
        'redelivered',
        'secret_rotated',
        'test_sent',
        'updated',
        'updated',
      ]);
    } finally {
      await audit.close();
    }
  });
});
