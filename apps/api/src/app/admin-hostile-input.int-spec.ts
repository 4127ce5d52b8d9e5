import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import {
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import {
  ADMIN_CSRF_HEADER,
  ADMIN_SESSION_COOKIE,
  BULK_STATUS_MAX_IDS,
} from '@landing/shared/contracts-admin';
import {
  type ErrorResponse,
  findUnstorableText,
} from '@landing/shared/contracts-lead';
import {
  sharedRedisUrl,
  startTcpProxy,
  type TcpProxy,
} from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

const b64 = (value: unknown) =>
  Buffer.from(
    typeof value === 'string' ? value : JSON.stringify(value),
  ).toString('base64url');

/** The product's error body: a stable code, a message, a request id, and nothing of Fastify's. */
function expectErrorShape(
  response: { statusCode: number; body: string },
  status: number,
  code: ErrorResponse['code'],
): void {
  expect({ status: response.statusCode, body: response.body }).toEqual({
    status,
    body: expect.any(String),
  });
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toEqual(
    expect.objectContaining({
      code,
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  expect(Object.keys(body).sort()).toEqual(
    expect.arrayContaining(['code', 'message', 'requestId']),
  );
  expect(body).not.toHaveProperty('error');
  expect(body).not.toHaveProperty('statusCode');
  expect(response.body).not.toMatch(/FST_ERR|at .+\.js:\d+|node_modules/);
}

/** Sends raw bytes over TCP and reads the reply until the server closes (or 15 s pass). */
function rawHttp(
  port: number,
  request: string,
  { endAfterWrite = true }: { endAfterWrite?: boolean } = {},
): Promise<{ statusCode: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 15 s'));
    }, 15_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      resolve({
        statusCode: match ? Number(match[1]) : 0,
        headers: head,
        body: rest.join('\r\n\r\n'),
      });
    });
    socket.write(request, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

describe('admin api: hostile input answers 4xx with the error shape', () => {
  let api: AdminTestApi;
  let reviewer: Agent;
  let admin: Agent;
  let auditQueue: Queue<AuditBatchJob>;
  let port: number;
  let leadId: string;

  beforeAll(async () => {
    api = await startAdminTestApi({ REQUEST_TIMEOUT_MS: '1000' });
    reviewer = await api.signIn('reviewer');
    admin = await api.signIn('admin');
    auditQueue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
    [leadId = ''] = await seedLeads(api.db, [
      { phone: '+989121234567', name: 'Sara', utmSource: 'instagram' },
      { phone: '+989351112233', name: 'Reza' },
    ]);
    await api.app.listen(0, '127.0.0.1');
    const address = api.app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await auditQueue.close();
    await api.close();
  });

  const uuid = '0b7e4d1c-4a35-4f8e-9a53-0f6a2f1d7c11';
  const queries: { name: string; url: string }[] = [
    { name: 'NUL in from', url: '/api/admin/leads?from=2026-01-01%00' },
    { name: 'NUL in source', url: '/api/admin/leads?source=insta%00gram' },
    { name: 'NUL in campaign', url: '/api/admin/leads?campaign=%00' },
    { name: 'NUL in q (text)', url: '/api/admin/leads?q=sara%00' },
    { name: 'NUL in q (digits)', url: '/api/admin/leads?q=0912%00' },
    { name: 'NUL in status', url: '/api/admin/leads?status=new%00' },
    { name: 'NUL in sort', url: '/api/admin/leads?sort=name%00' },
    { name: 'NUL in a repeated key', url: '/api/admin/leads?q=a&q=%00' },
    {
      name: 'a year PostgreSQL lacks',
      url: '/api/admin/leads?from=0000-01-01',
    },
    {
      name: 'a negative year',
      url: '/api/admin/leads?from=-000001-01-01T00:00:00Z',
    },
    { name: 'the largest JS date', url: '/api/admin/leads?to=%2B275760-09-13' },
    {
      name: 'a cursor of JSON null',
      url: `/api/admin/leads?cursor=${b64('null')}`,
    },
    {
      name: 'a cursor of a number',
      url: `/api/admin/leads?cursor=${b64('7')}`,
    },
    { name: 'a cursor of an array', url: `/api/admin/leads?cursor=${b64([])}` },
    {
      name: 'a cursor of bad base64',
      url: '/api/admin/leads?cursor=%25%25%25',
    },
    {
      name: 'a cursor with an impossible time',
      url: `/api/admin/leads?cursor=${b64({ s: 'createdAt', o: 'desc', k: '2026-13-45 99:99:99+00', i: uuid })}`,
    },
    {
      name: 'a cursor with an unknown status key',
      url: `/api/admin/leads?sort=status&cursor=${b64({ s: 'status', o: 'desc', k: 'bogus', i: uuid })}`,
    },
    {
      name: 'a cursor with NUL in a name key',
      url: `/api/admin/leads?sort=name&order=asc&cursor=${b64({ s: 'name', o: 'asc', k: 'a\u0000', i: uuid })}`,
    },
    {
      name: 'a cursor with a lone surrogate in a name key',
      url: `/api/admin/leads?sort=name&order=asc&cursor=${b64({ s: 'name', o: 'asc', k: 'a\ud800', i: uuid })}`,
    },
    {
      name: 'an export with NUL in from',
      url: '/api/admin/leads/export?from=2026%00',
    },
    {
      name: 'an export with NUL in source',
      url: '/api/admin/leads/export?source=%00',
    },
    {
      name: 'an export from year 0',
      url: '/api/admin/leads/export?from=0000-01-01',
    },
    { name: 'a lead id that is a number', url: '/api/admin/leads/1' },
    { name: 'a lead id with NUL', url: '/api/admin/leads/%00' },
    { name: 'an audit page of a bad id', url: '/api/admin/leads/1/audit' },
  ];

  it.each(queries)('GET $name → 400 VALIDATION_FAILED', async ({ url }) => {
    const response = await api.request(reviewer, 'GET', url);
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['NUL', `${'x'}\u0000`],
    ['a negative year', '-271821-04-20T00:00:00.000Z'],
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['JSON null', null],
  ])(
    'GET an audit page with %s in its cursor → 400 VALIDATION_FAILED',
    async (_, occurredAt) => {
      const response = await api.request(
        reviewer,
        'GET',
        `/api/admin/leads/${leadId}/audit?cursor=${b64(occurredAt === null ? 'null' : [occurredAt, uuid])}`,
      );
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
    },
  );

  const bodies: {
    name: string;
    method: 'POST' | 'PATCH';
    url: () => string;
    body: unknown;
    as?: 'admin' | 'nobody';
  }[] = [
    {
      name: 'a note with NUL',
      method: 'POST',
      url: () => `/api/admin/leads/${leadId}/notes`,
      body: { text: 'call\u0000back' },
    },
    {
      name: 'a note with a lone surrogate',
      method: 'POST',
      url: () => `/api/admin/leads/${leadId}/notes`,
      body: { text: 'call \ud800' },
    },
    {
      name: 'a status with NUL',
      method: 'PATCH',
      url: () => `/api/admin/leads/${leadId}/status`,
      body: { status: 'contacted\u0000' },
    },
    {
      name: 'a bulk change with NUL in an id',
      method: 'POST',
      url: () => '/api/admin/leads/bulk-status',
      body: { ids: [`${uuid}\u0000`], status: 'contacted' },
    },
    {
      name: 'a NUL in a field name',
      method: 'POST',
      url: () => `/api/admin/leads/${leadId}/notes`,
      body: { text: 'ok', ['x\u0000']: 1 },
    },
    {
      name: 'a sign-in email with NUL',
      method: 'POST',
      url: () => '/api/admin/auth/login',
      body: { email: 'a\u0000@example.com', password: 'whatever-it-is' },
      as: 'nobody',
    },
    {
      name: 'a sign-in email with a lone surrogate',
      method: 'POST',
      url: () => '/api/admin/auth/login',
      body: { email: '\udc00a@example.com', password: 'whatever-it-is' },
      as: 'nobody',
    },
    {
      name: 'a sign-in password with NUL',
      method: 'POST',
      url: () => '/api/admin/auth/login',
      body: { email: 'someone@example.com', password: 'pass\u0000word-long' },
      as: 'nobody',
    },
    {
      name: 'a revoke for a user id that is a number',
      method: 'POST',
      url: () => '/api/admin/users/1/revoke-sessions',
      body: {},
      as: 'admin',
    },
  ];

  it.each(bodies)(
    '$method $name → 400 VALIDATION_FAILED',
    async ({ method, url, body, as }) => {
      const agent =
        as === 'nobody' ? undefined : as === 'admin' ? admin : reviewer;
      const response = await api.request(agent, method, url(), body);
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
    },
  );

  it('names the field that holds unstorable text, with a stable field code', async () => {
    const response = await api.request(
      reviewer,
      'GET',
      '/api/admin/leads?source=insta%00gram',
    );
    expect(response.json<ErrorResponse>().fields).toEqual([
      {
        field: 'source',
        code: 'INVALID_CHARACTERS',
        message: expect.any(String),
      },
    ]);
  });

  it('queued no audit event holding text the store cannot keep', async () => {
    const events = (
      await auditQueue.getJobs(['waiting', 'delayed', 'prioritized'])
    ).flatMap((job) => job.data.events);
    expect(events.map((event) => findUnstorableText(event))).toEqual(
      events.map(() => undefined),
    );
    // The refused export filters above never reached the trail as exports.
    expect(events.filter((event) => event.type === 'leads.exported')).toEqual(
      [],
    );
  });

  describe('at the HTTP level, before any route', () => {
    it('a URL that cannot be decoded → 400 with the error shape', async () => {
      const response = await rawHttp(
        port,
        'GET /api/admin/leads/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
    });

    it('headers larger than the server takes → 431 with the error shape', async () => {
      const response = await rawHttp(
        port,
        `GET /api/admin/leads HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expectErrorShape(response, 431, 'HEADERS_TOO_LARGE');
    });

    it('Content-Length together with Transfer-Encoding → 400 with the error shape', async () => {
      const response = await rawHttp(
        port,
        'POST /api/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      );
      expectErrorShape(response, 400, 'MALFORMED_REQUEST');
    });

    it('a body that stops arriving → 408 with the error shape', async () => {
      const response = await rawHttp(
        port,
        'POST /api/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"phone":',
        { endAfterWrite: false },
      );
      expectErrorShape(response, 408, 'REQUEST_TIMEOUT');
    });
  });

  describe('bulk-status takes exactly its documented maximum of ids', () => {
    const ids = (count: number) =>
      Array.from({ length: count }, () => randomUUID());

    it(`accepts ${BULK_STATUS_MAX_IDS} ids, even pretty-printed`, async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/admin/leads/bulk-status',
        headers: {
          cookie: `${ADMIN_SESSION_COOKIE}=${reviewer.cookie}`,
          [ADMIN_CSRF_HEADER]: reviewer.csrf,
          'content-type': 'application/json',
        },
        payload: JSON.stringify(
          { ids: ids(BULK_STATUS_MAX_IDS), status: 'contacted' },
          null,
          2,
        ),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ skipped: string[] }>().skipped).toHaveLength(
        BULK_STATUS_MAX_IDS,
      );
    });

    it(`refuses ${BULK_STATUS_MAX_IDS + 1} ids as a validation error on ids, not as too large`, async () => {
      const response = await api.request(
        reviewer,
        'POST',
        '/api/admin/leads/bulk-status',
        { ids: ids(BULK_STATUS_MAX_IDS + 1), status: 'contacted' },
      );
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.json<ErrorResponse>().fields).toEqual([
        expect.objectContaining({ field: 'ids' }),
      ]);
    });

    it('still refuses a body far beyond that as too large', async () => {
      const response = await api.request(
        reviewer,
        'POST',
        '/api/admin/leads/bulk-status',
        { ids: ids(3000), status: 'contacted' },
      );
      expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('keeps the small limit on every other route', async () => {
      const response = await api.request(
        reviewer,
        'POST',
        `/api/admin/leads/${leadId}/notes`,
        { text: 'x', padding: 'y'.repeat(20_000) },
      );
      expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
    });
  });
});

describe('admin api: an export is in the audit trail before its first byte', () => {
  let api: AdminTestApi;
  let reviewer: Agent;
  let redis: TcpProxy;
  let auditQueue: Queue<AuditBatchJob>;

  beforeAll(async () => {
    redis = await startTcpProxy(sharedRedisUrl());
    api = await startAdminTestApi({
      REDIS_URL: redis.url,
      AUDIT_ENQUEUE_TIMEOUT_MS: '300',
    });
    reviewer = await api.signIn('reviewer');
    auditQueue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
    await seedLeads(api.db, [{ phone: '+989121234567', name: 'Sara' }]);
  });
  afterAll(async () => {
    await auditQueue.close();
    await api.close();
    await redis.close();
  });

  it('records the export (filter and row count) before answering', async () => {
    const response = await api.request(
      reviewer,
      'GET',
      '/api/admin/leads/export?q=sara',
    );
    expect(response.statusCode).toBe(200);
    const exported = (
      await auditQueue.getJobs(['waiting', 'delayed', 'prioritized'])
    )
      .flatMap((job) => job.data.events)
      .filter((event) => event.type === 'leads.exported');
    expect(exported.map((event) => event.payload)).toEqual([
      { format: 'csv', filter: { q: 'sara' }, rowCount: 1 },
    ]);
  });

  it('refuses the export with 503 and sends no row when the trail cannot take it', async () => {
    await redis.close();
    try {
      const response = await api.request(
        reviewer,
        'GET',
        '/api/admin/leads/export',
      );
      expectErrorShape(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.body).not.toContain('+989121234567');
    } finally {
      await redis.open();
    }
  });
});
