import { randomUUID } from 'node:crypto';
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

describe('intake: "accepted" means stored, and the bot fields on every route', () => {
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
    };
    const vars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${vars['PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', vars),
      AppProcess.start('worker', await workerEnv(env)),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  const storedPhones = async (phones: string[]) =>
    (
      await db.query<{ phone: string }>(
        'SELECT phone FROM lead_submissions WHERE phone = ANY($1) ORDER BY phone',
        [phones],
      )
    ).map((row) => row.phone);

  it('answers a submissionId reused with another number 409 SUBMISSION_ID_REUSED, and stores and records nothing for that number', async () => {
    const submissionId = randomUUID();
    const first = await postJson(baseUrl, '/api/leads', {
      phone: '09121270001',
      submissionId,
    });
    expect(first.status).toBe(202);
    const reused = await postJson(baseUrl, '/api/leads', {
      phone: '09121270002',
      submissionId,
    });
    expect(reused.status).toBe(409);
    expect(reused.body).toEqual({
      code: 'SUBMISSION_ID_REUSED',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    const legacy = await postJson(baseUrl, '/api/submit', {
      phone: '09121270002',
    });
    expect(legacy.status).toBe(200);
    // The retry of the first is still the same submission.
    expect(
      (
        await postJson(baseUrl, '/api/leads', {
          phone: '09121270001',
          submissionId,
        })
      ).status,
    ).toBe(202);

    await waitFor(
      async () => (await storedPhones(['+989121270002'])).length === 1,
      { what: 'the legacy submission of the second number' },
    );
    await sleep(300);
    const rows = await db.query<{ phone: string; submission_id: string }>(
      'SELECT phone, submission_id FROM lead_submissions WHERE phone = ANY($1) ORDER BY phone',
      [['+989121270001', '+989121270002']],
    );
    expect(rows).toEqual([
      { phone: '+989121270001', submission_id: submissionId },
      {
        phone: '+989121270002',
        submission_id: expect.not.stringMatching(submissionId),
      },
    ]);
    // The trail holds no "submission" of the second number under the reused id.
    const trail = await db.query<{ submission_id: string }>(
      `SELECT payload->>'submissionId' AS submission_id FROM audit_events WHERE type = 'lead.submission' AND phone = $1`,
      ['+989121270002'],
    );
    expect(trail.map((event) => event.submission_id)).not.toContain(
      submissionId,
    );
  });

  it('takes the honeypot and the timing on /api/submit too: a bot is answered like a person and stored nowhere', async () => {
    const bot = await postJson(baseUrl, '/api/submit', {
      phone: '09121270011',
      website: 'http://spam.example',
    });
    const tooFast = await postJson(baseUrl, '/api/submit', {
      phone: '09121270012',
      elapsedMs: 100,
    });
    const person = await postJson(baseUrl, '/api/submit', {
      phone: '09121270013',
      website: '',
      elapsedMs: 9000,
    });
    for (const answer of [bot, tooFast, person]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: true, queued: true, duplicate: false });
    }
    await waitFor(
      async () => (await storedPhones(['+989121270013'])).length === 1,
      { what: "the person's lead" },
    );
    await sleep(300);
    expect(
      await storedPhones(['+989121270011', '+989121270012', '+989121270013']),
    ).toEqual(['+989121270013']);
  });

  it('takes website: null and elapsedMs: null as not given, on both routes, and stores the lead', async () => {
    const leads = await postJson(baseUrl, '/api/leads', {
      phone: '09121270021',
      website: null,
      elapsedMs: null,
    });
    const legacy = await postJson(baseUrl, '/api/submit', {
      phone: '09121270022',
      website: null,
      elapsedMs: null,
    });
    expect(leads.status).toBe(202);
    expect(legacy.status).toBe(200);
    await waitFor(
      async () =>
        (await storedPhones(['+989121270021', '+989121270022'])).length === 2,
      { what: 'both leads stored' },
    );
  });
});
