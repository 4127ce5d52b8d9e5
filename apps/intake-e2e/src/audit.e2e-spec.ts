import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  sleep,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { distinctMobiles, inPool, postJson } from './support/http';

interface AuditRow extends Record<string, unknown> {
  type: string;
  phone: string;
  ip: string;
  user_agent: string;
  path: string;
  request_id: string;
  payload: {
    submissionId: string;
    duplicate: boolean;
    attribution: Record<string, string>;
  };
}

describe('audit trail through api, Redis and worker into the PostgreSQL audit store', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let baseUrl: string;
  const prefix = uniqueQueuePrefix();

  const auditRows = (phones: string[]) =>
    db.query<AuditRow>(
      `SELECT type, phone, ip, user_agent, path, request_id, payload FROM audit_events WHERE phone = ANY($1) ORDER BY occurred_at, recorded_at`,
      [phones],
    );
  const count = async (sql: string, phones: string[]) =>
    (await db.query<{ n: number }>(sql, [phones]))[0]?.n ?? 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The worker reaches the audit store only through this proxy, so the test can take it away.
    proxy = await startTcpProxy(db.url);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
    };
    const apiVars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${apiVars['PORT']}`;
    const workerVars = await workerEnv({
      ...env,
      AUDIT_DATABASE_URL: proxy.url,
      AUDIT_BACKOFF_MS: '100',
      AUDIT_BACKOFF_MAX_MS: '1000',
    });
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', workerVars),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await proxy?.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('records an accepted and a duplicate submission with the right flags, the real client IP, agent, path and request id', async () => {
    const headers = {
      'user-agent': 'Mozilla/5.0 (Linux; Android 14) audit-e2e',
      'x-forwarded-for': '203.0.113.66',
    };
    const accepted = await postJson(
      baseUrl,
      '/api/leads',
      { phone: '09123330001', utm_source: 'instagram', landingPath: '/offer' },
      headers,
    );
    const duplicate = await postJson(
      baseUrl,
      '/api/leads',
      { phone: '0912 333 0001' },
      headers,
    );
    expect([accepted.status, duplicate.status]).toEqual([202, 200]);

    await waitFor(
      async () => (await auditRows(['+989123330001'])).length === 2,
      { timeoutMs: 10_000, what: 'two audit events' },
    );
    const [first, second] = await auditRows(['+989123330001']);
    const common = {
      type: 'lead.submission',
      phone: '+989123330001',
      path: '/api/leads',
      user_agent: headers['user-agent'],
    };
    // No proxy is trusted here, so the forged X-Forwarded-For is ignored: the peer is the client.
    expect(first).toEqual({
      ...common,
      ip: '127.0.0.1',
      request_id: accepted.headers.get('x-request-id'),
      payload: {
        submissionId: (accepted.body as { submissionId: string }).submissionId,
        duplicate: false,
        attribution: { utm_source: 'instagram', landingPath: '/offer' },
      },
    });
    expect(second).toEqual({
      ...common,
      ip: '127.0.0.1',
      request_id: duplicate.headers.get('x-request-id'),
      payload: {
        submissionId: expect.any(String),
        duplicate: true,
        attribution: {},
      },
    });
  });

  it('keeps answering 202 and storing leads while the audit store is unreachable, then writes every pending event once it is back', async () => {
    const phones = distinctMobiles(20, 4_440_000);
    const e164 = phones.map((phone) => `+98${phone.slice(1)}`);
    await proxy.close();

    const timings = await inPool(phones, 4, async (phone) => {
      const started = Date.now();
      const response = await postJson(baseUrl, '/api/leads', { phone });
      return { status: response.status, ms: Date.now() - started };
    });

    expect(timings.map((t) => t.status)).toEqual(phones.map(() => 202));
    // Normal speed: the audit store is not on the request path at all (a generous bound for a shared machine).
    expect(Math.max(...timings.map((t) => t.ms))).toBeLessThan(1500);
    await waitFor(
      async () =>
        (await count(
          'SELECT count(*)::int AS n FROM lead_submissions WHERE phone = ANY($1)',
          e164,
        )) === 20,
      {
        timeoutMs: 10_000,
        what: 'the leads to be persisted while the audit store is down',
      },
    );
    await sleep(500);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM audit_events WHERE phone = ANY($1)',
        e164,
      ),
    ).toBe(0);

    await proxy.open();

    await waitFor(
      async () =>
        (await count(
          'SELECT count(*)::int AS n FROM audit_events WHERE phone = ANY($1)',
          e164,
        )) === 20,
      {
        timeoutMs: 30_000,
        what: 'every pending audit event to be written once the store is back',
      },
    );
    const rows = await auditRows(e164);
    expect(new Set(rows.map((row) => row.phone))).toEqual(new Set(e164));
    expect(rows.every((row) => row.payload.duplicate === false)).toBe(true);
  });
});
