import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  REPO_ROOT,
  requireBuilt,
  sharedRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { postJson } from './support/http';

// The built api and worker as the images run them: NODE_ENV=production, nothing else
// switched on for the test. Every other suite runs them with NODE_ENV=test.

interface Finished {
  code: number | null;
  output: string;
}

/** `node dist/apps/worker/main.js admin-create …` with the password on stdin, as an operator types it. */
function adminCreate(
  env: Record<string, string>,
  email: string,
  password: string,
): Promise<Finished> {
  const main = requireBuilt(join(REPO_ROOT, 'dist/apps/worker/main.js'));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [main, 'admin-create', '--email', email, '--role', 'admin'],
      {
        env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin.end(password);
  });
}

describe('production mode (NODE_ENV=production), built api and worker', () => {
  let db: TestDatabase;
  const prefix = uniqueQueuePrefix();
  const secret = randomBytes(32).toString('base64url');
  let base: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    base = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
    };
  });

  afterAll(async () => {
    await db?.drop();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
  });

  describe('refuses to start on the default admin session secret', () => {
    it.each(['api', 'worker'] as const)('the %s', async (name) => {
      const env = name === 'api' ? await apiEnv(base) : await workerEnv(base);
      const app = new AppProcess(name, env, name === 'worker' ? ['run'] : []);
      const started = name === 'api' ? app.start() : app.run();
      await expect(started).rejects.toThrow(
        /ADMIN_SESSION_SECRET must be set to a secret of your own in production/,
      );
      await app.stop();
    });

    it('and names a bad secret without showing it', async () => {
      const app = new AppProcess(
        'api',
        await apiEnv({
          ...base,
          ADMIN_SESSION_SECRET: 'hunter2'.repeat(6),
          METRICS_TOKEN: 'hunter2',
        }),
      );
      const error = await app.start().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      await app.stop();
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(
        /ADMIN_SESSION_SECRET is too easy to guess.*\(got a value of 42 characters, not shown\)/,
      );
      expect(message).toMatch(
        /METRICS_TOKEN must be at least 16 characters.*\(got a value of 7 characters, not shown\)/,
      );
      expect(message).not.toContain('hunter2');
    });
  });

  describe('with a secret of its own', () => {
    let api: AppProcess;
    let worker: AppProcess;
    let apiUrl: string;
    let workerUrl: string;
    const env = () => ({ ...base, ADMIN_SESSION_SECRET: secret });

    beforeAll(async () => {
      const apiVars = await apiEnv(env());
      const workerVars = await workerEnv(env());
      apiUrl = `http://127.0.0.1:${apiVars['PORT']}`;
      workerUrl = `http://127.0.0.1:${workerVars['WORKER_PORT']}`;
      [api, worker] = await Promise.all([
        AppProcess.start('api', apiVars),
        AppProcess.start('worker', workerVars),
      ]);
      await waitFor(
        async () =>
          (await fetch(`${workerUrl}/health/live`).catch(() => undefined))
            ?.status === 200,
        { timeoutMs: 30_000, what: 'the worker to listen' },
      );
    });

    afterAll(async () => {
      await Promise.all([api?.stop(), worker?.stop()]);
    });

    it('sends HSTS on its answers', async () => {
      for (const path of ['/health/live', '/api/admin/auth/session']) {
        const response = await fetch(`${apiUrl}${path}`);
        expect(response.headers.get('strict-transport-security')).toBe(
          'max-age=31536000; includeSubDomains',
        );
      }
    });

    it('keeps /metrics closed on the api and the worker, from loopback too', async () => {
      for (const url of [apiUrl, workerUrl]) {
        const response = await fetch(`${url}/metrics`);
        expect(`${url}: ${response.status}`).toBe(`${url}: 403`);
        expect(await response.text()).not.toContain('process_cpu');
      }
    });

    it('creates the first admin only with a password that is not common, then signs in with a Secure cookie', async () => {
      const email = `ops-${randomBytes(3).toString('hex')}@example.com`;
      const common = await adminCreate(env(), email, 'Password2024!');
      expect(common.code).toBe(1);
      expect(common.output).toMatch(/most common passwords/);
      const withEmail = await adminCreate(env(), email, `${email}-2024`);
      expect(withEmail.code).toBe(1);
      expect(withEmail.output).toMatch(/must not contain the email/);

      const password = randomBytes(12).toString('base64url');
      const created = await adminCreate(env(), email, password);
      expect(created).toEqual({
        code: 0,
        output: expect.stringContaining(`admin user ${email} created`),
      });

      const login = await postJson(apiUrl, '/api/admin/auth/login', {
        email,
        password,
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^lp_admin_session=[^;]+;/);
      expect(cookie.split('; ')).toEqual(
        expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure']),
      );
    });
  });
});
