import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  sleep,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { postJson } from './support/http';

describe('abuse: rate limits, bots and hostile HTTP', () => {
  let db: TestDatabase;
  let apis: AppProcess[];
  let worker: AppProcess;
  let urls: string[];
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_IP_PER_MINUTE: '6',
      RATE_LIMIT_PHONE_PER_HOUR: '2',
      BOT_MIN_ELAPSED_MS: '1500',
      REQUEST_TIMEOUT_MS: '1500',
    };
    const [a, b] = [await apiEnv(env), await apiEnv(env)];
    urls = [a, b].map((vars) => `http://127.0.0.1:${vars['PORT']}`);
    [apis, worker] = await Promise.all([
      Promise.all([AppProcess.start('api', a), AppProcess.start('api', b)]),
      AppProcess.start('worker', await workerEnv(env)),
    ]);
  });

  afterAll(async () => {
    await Promise.all([
      ...(apis ?? []).map((api) => api.stop()),
      worker?.stop(),
    ]);
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  const url = (i: number) => urls[i % urls.length] as string;

  it('limits one phone number across two api replicas sharing Redis, with 429, Retry-After and the error shape', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 4; i++) {
      const response = await postJson(url(i), '/api/leads', {
        phone: '09121230001',
      });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }

    expect(statuses).toEqual([202, 200, 429, 429]);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body).toEqual({
      code: 'RATE_LIMITED',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('limits one client address across both replicas, whichever endpoint it uses', async () => {
    // The phone test above already spent 4 of this address's 6 requests in this minute.
    const results = [
      await postJson(url(0), '/api/leads', { phone: '09121230002' }),
      await postJson(url(1), '/api/submit', { phone: '09121230003' }),
      await postJson(url(0), '/api/leads', { phone: '09121230004' }),
      await postJson(url(1), '/api/submit', { phone: '09121230005' }),
    ];
    expect(results.map((r) => r.status)).toEqual([202, 200, 429, 429]);
  });

  it('never rate limits health and metrics', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${url(i)}/health/live`);
      expect(response.status).not.toBe(429);
    }
  });
});

describe('abuse: bots are answered like people and stored nowhere', () => {
  let db: TestDatabase;
  let api: AppProcess;
  let worker: AppProcess;
  let baseUrl: string;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      BOT_MIN_ELAPSED_MS: '1500',
      REQUEST_TIMEOUT_MS: '1500',
    };
    const vars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${vars['PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', vars),
      AppProcess.start('worker', await workerEnv(env)),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('answers a filled honeypot and a too-fast form exactly like an accepted submission, and stores neither', async () => {
    const honeypot = await postJson(baseUrl, '/api/leads', {
      phone: '09121240001',
      website: 'http://spam.example',
    });
    const tooFast = await postJson(baseUrl, '/api/leads', {
      phone: '09121240002',
      elapsedMs: 200,
    });
    const legacyBot = await postJson(baseUrl, '/api/leads', {
      phone: '09121240003',
      website: 'x',
      submissionId: randomUUID(),
    });
    const person = await postJson(baseUrl, '/api/leads', {
      phone: '09121240004',
      elapsedMs: 8000,
      website: '',
    });

    for (const bot of [honeypot, tooFast, legacyBot]) {
      expect(bot.status).toBe(202);
      expect(bot.body).toEqual({
        status: 'accepted',
        submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    expect(person.status).toBe(202);
    await waitFor(
      async () =>
        (
          await db.query('SELECT 1 FROM leads WHERE phone = $1', [
            '+989121240004',
          ])
        ).length === 1,
      { what: "the person's lead" },
    );
    await sleep(300);
    expect(await db.query('SELECT phone FROM leads ORDER BY phone')).toEqual([
      { phone: '+989121240004' },
    ]);

    // Recorded in the audit trail as spam, with the reason, and counted in metrics.
    const spamEvents = async () =>
      db.query<{ phone: string; reason: string }>(
        `SELECT phone, payload->>'reason' AS reason FROM audit_events WHERE type = 'lead.spam' ORDER BY phone`,
      );
    await waitFor(async () => (await spamEvents()).length === 3, {
      what: 'three spam audit events',
    });
    expect(await spamEvents()).toEqual([
      { phone: '+989121240001', reason: 'honeypot' },
      { phone: '+989121240002', reason: 'too_fast' },
      { phone: '+989121240003', reason: 'honeypot' },
    ]);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /landing_intake_submissions_total\{outcome="spam"\} 3\b/,
    );
  });

  it('does not mark a number as seen because a bot sent it: the real visitor is accepted afterwards', async () => {
    await postJson(baseUrl, '/api/leads', {
      phone: '09121240005',
      website: 'filled',
    });
    const person = await postJson(baseUrl, '/api/leads', {
      phone: '09121240005',
    });
    expect(person.status).toBe(202);
  });

  it('sends security headers and no CORS grant to an unknown origin', async () => {
    const response = await fetch(`${baseUrl}/api/leads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
      },
      body: JSON.stringify({ phone: 'x' }),
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('answers a slow body with 408 within the configured time, and keeps serving', async () => {
    const started = Date.now();
    const port = Number(new URL(baseUrl).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"phone":',
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.setTimeout(10_000, () => socket.destroy());
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(
      (await postJson(baseUrl, '/api/leads', { phone: '09121240006' })).status,
    ).toBe(202);
  });

  it('refuses headers of extreme size with a 4xx, and keeps serving', async () => {
    const response = await fetch(`${baseUrl}/api/leads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-filler': 'a'.repeat(64 * 1024),
      },
      body: JSON.stringify({ phone: '09121240007' }),
    });
    expect(response.status).toBe(431);
    expect(
      (await postJson(baseUrl, '/api/leads', { phone: '09121240008' })).status,
    ).toBe(202);
  });
});

describe('abuse: /metrics restricted by configuration', () => {
  it('needs the token, and an allowed network, on the api and on the worker', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueQueuePrefix();
    const base = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      METRICS_TOKEN: 'scrape-token-0123456789',
    };
    const tokenOnly = await apiEnv(base);
    const wrongNetwork = await apiEnv({ ...base, METRICS_ALLOW: '10.0.0.0/8' });
    const workerVars = await workerEnv(base);
    const apps = await Promise.all([
      AppProcess.start('api', tokenOnly),
      AppProcess.start('api', wrongNetwork),
      AppProcess.start('worker', workerVars),
    ]);
    const scrape = (port: string | undefined, token?: string) =>
      fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }).then((r) => r.status);
    try {
      expect(await scrape(tokenOnly['PORT'])).toBe(403);
      expect(await scrape(tokenOnly['PORT'], 'wrong-token-0123456789')).toBe(
        403,
      );
      expect(await scrape(tokenOnly['PORT'], 'scrape-token-0123456789')).toBe(
        200,
      );
      expect(
        await scrape(wrongNetwork['PORT'], 'scrape-token-0123456789'),
      ).toBe(403);
      await waitFor(
        async () =>
          (
            await fetch(
              `http://127.0.0.1:${workerVars['WORKER_PORT']}/health/live`,
            ).catch(() => undefined)
          )?.status === 200,
        {
          timeoutMs: 20_000,
          what: 'the worker listener',
        },
      );
      expect(await scrape(workerVars['WORKER_PORT'])).toBe(403);
      expect(
        await scrape(workerVars['WORKER_PORT'], 'scrape-token-0123456789'),
      ).toBe(200);
      expect(
        (await fetch(`http://127.0.0.1:${tokenOnly['PORT']}/health/live`))
          .status,
      ).toBe(200);
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
      await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
      await db.drop();
    }
  });
});
