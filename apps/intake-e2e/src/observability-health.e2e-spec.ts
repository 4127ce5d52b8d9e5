import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';

interface Probe {
  status: number;
  body: {
    status?: string;
    error?: Record<string, { status: string; message?: string }>;
  };
  ms: number;
}

async function probe(url: string): Promise<Probe> {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    body: (await response.json()) as Probe['body'],
    ms: Date.now() - started,
  };
}

describe('health: readiness follows PostgreSQL and Redis, liveness never does', () => {
  let db: TestDatabase;
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let services: { name: string; url: string }[];
  const prefix = uniqueQueuePrefix();

  /** Waits until every service's readiness has the given status; returns the last answers. */
  const readinessBecomes = async (
    status: number,
  ): Promise<Record<string, Probe>> => {
    const last: Record<string, Probe> = {};
    await waitFor(
      async () => {
        try {
          for (const { name, url } of services)
            last[name] = await probe(`${url}/health/ready`);
        } catch {
          return false; // the worker's listener may not be up yet
        }
        return Object.values(last).every((answer) => answer.status === status);
      },
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: `readiness ${status} on api and worker`,
      },
    );
    return last;
  };

  const expectAlive = async () => {
    for (const { url } of services)
      expect(await probe(`${url}/health/live`)).toEqual(
        expect.objectContaining({ status: 200, body: { status: 'ok' } }),
      );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Both services reach PostgreSQL and Redis only through proxies this test owns and cuts.
    [postgres, redis] = await Promise.all([
      startTcpProxy(db.url),
      startTcpProxy(sharedRedisUrl()),
    ]);
    const env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      HEALTH_CHECK_TIMEOUT_MS: '1000',
    };
    const apiVars = await apiEnv(env);
    const workerVars = await workerEnv(env);
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', workerVars),
    ]);
    services = [
      { name: 'api', url: `http://127.0.0.1:${apiVars['PORT']}` },
      { name: 'worker', url: `http://127.0.0.1:${workerVars['WORKER_PORT']}` },
    ];
    await readinessBecomes(200);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await Promise.all([postgres?.close(), redis?.close()]);
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('reports every dependency up when all are reachable', async () => {
    const [apiReady, workerReady] = [
      await probe(`${services[0]?.url}/health/ready`),
      await probe(`${services[1]?.url}/health/ready`),
    ];
    expect(apiReady).toEqual(
      expect.objectContaining({
        status: 200,
        body: expect.objectContaining({ status: 'ok' }),
      }),
    );
    expect(Object.keys((apiReady.body as { details: object }).details)).toEqual(
      ['postgres', 'redis'],
    );
    expect(
      Object.keys((workerReady.body as { details: object }).details),
    ).toEqual(['postgres', 'redis', 'consumer']);
  });

  it('turns 503 naming postgres while PostgreSQL is unreachable, and 200 when it returns', async () => {
    await postgres.close();
    const down = await readinessBecomes(503);
    for (const answer of Object.values(down)) {
      expect(answer.body.status).toBe('error');
      expect(Object.keys(answer.body.error ?? {})).toEqual(['postgres']);
      // Each check is bounded by HEALTH_CHECK_TIMEOUT_MS: a dead dependency never makes the probe hang.
      expect(answer.ms).toBeLessThan(5000);
    }
    await expectAlive();

    await postgres.open();
    await readinessBecomes(200);
    await expectAlive();
  });

  it('turns 503 naming redis while Redis is unreachable (the worker also stops consuming), and 200 when it returns', async () => {
    await redis.close();
    const down = await readinessBecomes(503);
    expect(Object.keys(down['api']?.body.error ?? {})).toEqual(['redis']);
    expect(Object.keys(down['worker']?.body.error ?? {})).toEqual(
      expect.arrayContaining(['redis', 'consumer']),
    );
    expect(Object.keys(down['worker']?.body.error ?? {})).not.toContain(
      'postgres',
    );
    await expectAlive();

    await redis.open();
    await readinessBecomes(200);
    await expectAlive();
  });

  it('answers 404 on the worker listener for anything but health and metrics', async () => {
    const response = await fetch(`${services[1]?.url}/api/leads`);
    expect(response.status).toBe(404);
  });
});
