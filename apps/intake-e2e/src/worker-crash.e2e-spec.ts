import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { distinctMobiles, inPool, postJson } from './support/http';

describe('the worker under crashes', () => {
  let db: TestDatabase;
  let api: AppProcess;
  let baseUrl: string;
  let env: Record<string, string>;
  const prefix = uniqueQueuePrefix();

  const submissionRows = async () =>
    (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM lead_submissions',
      )
    )[0]?.n ?? 0;

  /** Submits the numbers and returns the submissionIds the api acknowledged with 202. */
  const submitAll = async (phones: string[]) => {
    const responses = await inPool(phones, 50, (phone) =>
      postJson(baseUrl, '/api/leads', { phone }),
    );
    return responses
      .filter((r) => r.status === 202)
      .map((r) => (r.body as { submissionId: string }).submissionId);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
      // A crashed worker's jobs come back after the lock expires; short locks keep the test short.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_BATCH_SIZE: '50',
    };
    const vars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${vars['PORT']}`;
    api = await AppProcess.start('api', vars);
  });

  afterAll(async () => {
    await api?.stop();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('persists every accepted lead exactly once after a SIGKILL mid-drain and a restart', async () => {
    const accepted = await submitAll(distinctMobiles(3000, 1_000_000));
    expect(accepted).toHaveLength(3000);

    const first = await AppProcess.start('worker', await workerEnv(env));
    await waitFor(async () => (await submissionRows()) > 0, {
      timeoutMs: 20_000,
      what: 'the worker to start writing',
    });
    await first.stop('SIGKILL');
    const atKill = await submissionRows();

    const second = await AppProcess.start('worker', await workerEnv(env));
    try {
      await waitFor(async () => (await submissionRows()) >= accepted.length, {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: 'all accepted leads to be persisted',
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a late duplicate write would show up here
    } finally {
      await second.stop();
    }

    const rows = await db.query<{ submission_id: string }>(
      'SELECT submission_id FROM lead_submissions',
    );
    expect(rows.map((r) => r.submission_id).sort()).toEqual(
      [...accepted].sort(),
    );
    expect(await db.query('SELECT count(*)::int AS n FROM leads')).toEqual([
      { n: 3000 },
    ]);
    // Evidence that the kill really landed mid-drain rather than before or after it.
    expect(atKill).toBeLessThan(accepted.length);
  });

  it('on SIGTERM finishes the jobs in hand and exits cleanly, losing nothing', async () => {
    const before = await submissionRows();
    const accepted = await submitAll(distinctMobiles(1000, 2_000_000));
    const worker = await AppProcess.start(
      'worker',
      await workerEnv({ ...env, LOG_LEVEL: 'info' }),
    );
    await waitFor(async () => (await submissionRows()) > before, {
      timeoutMs: 20_000,
      what: 'the worker to start writing',
    });

    const exit = await worker.stop('SIGTERM');

    // Nest re-raises the signal once its shutdown hooks are done: a clean exit "by SIGTERM", not the SIGKILL fallback.
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(worker.logs).toContain('"msg":"stopped"');
    const connection = new Redis(sharedRedisUrl());
    const queue = new Queue(LEAD_QUEUE, { connection, prefix });
    try {
      expect(await queue.getJobCounts('active')).toEqual({ active: 0 });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const restarted = await AppProcess.start('worker', await workerEnv(env));
    try {
      await waitFor(
        async () => (await submissionRows()) >= before + accepted.length,
        {
          timeoutMs: 60_000,
          intervalMs: 250,
          what: 'the rest to be persisted',
        },
      );
    } finally {
      await restarted.stop();
    }
    expect(await submissionRows()).toBe(before + accepted.length);
  });
});
