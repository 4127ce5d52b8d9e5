import {
  databaseUrl,
  type OwnRedis,
  REPO_ROOT,
  sleep,
  startOwnRedis,
  waitFor,
} from '@landing/server/util-testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import S3rver from 's3rver';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { distinctMobiles, inPool, postJson } from './support/http';
import { drillPostgresServer } from './support/drill-postgres';

// The restore drill of the README's runbook, with the built apps as in production: leads are
// submitted (some still queued, the worker stopped), backed up, the database and Redis are
// destroyed, the backup is restored, and the worker drains: every accepted submission is there
// exactly once, with the admin users and the audit trail. Run once into a folder and once into
// a real S3-protocol server (s3rver, in this process).

const ADMIN = {
  email: 'drill-admin@example.test',
  password: 'drill-password-1234',
};

async function sql<R extends Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a worker command (`backup`, `restore`, `migrate`) to its end; returns its output. */
async function command(env: Record<string, string>, ...args: string[]) {
  const run = new AppProcess('worker', { LOG_LEVEL: 'info', ...env }, args);
  await run.run();
  return run.logs;
}

/** `admin-create`, as an operator runs it, with the password on stdin. */
function createAdmin(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'dist/apps/worker/main.js'),
        'admin-create',
        '--email',
        ADMIN.email,
      ],
      {
        env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(ADMIN.password);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`admin-create exited with ${code}: ${output}`)),
    );
  });
}

/** The same, for a command expected to fail: its output. */
async function failingCommand(env: Record<string, string>, ...args: string[]) {
  const run = new AppProcess('worker', env, args);
  const failure = await run.run().then(
    () => undefined,
    (error: Error) => error.message,
  );
  if (failure === undefined)
    throw new Error(`worker ${args.join(' ')} succeeded`);
  return failure;
}

describe.each(['folder', 's3'] as const)(
  'restore drill (%s destination)',
  (kind) => {
    let server: string;
    let dbName: string;
    let dbUrl: string;
    let redis: OwnRedis;
    let s3: S3rver | undefined;
    let dir: string;
    let env: Record<string, string>;
    let destination: string;

    beforeAll(async () => {
      server = await drillPostgresServer();
      dbName = `landing_drill_${randomBytes(4).toString('hex')}`;
      await sql(server, `CREATE DATABASE "${dbName}"`);
      dbUrl = databaseUrl(dbName, server);
      redis = await startOwnRedis();
      dir = mkdtempSync(join(tmpdir(), 'landing-drill-'));
      env = {
        DATABASE_URL: dbUrl,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: 'drill',
      };
      if (kind === 's3') {
        s3 = new S3rver({
          address: '127.0.0.1',
          port: 0,
          silent: true,
          directory: join(dir, 's3'),
          configureBuckets: [{ name: 'landing-backups', configs: [] }],
        });
        const { port } = await s3.run();
        env = {
          ...env,
          BACKUP_S3_ENDPOINT: `http://127.0.0.1:${port}`,
          BACKUP_S3_ACCESS_KEY_ID: 'S3RVER',
          BACKUP_S3_SECRET_ACCESS_KEY: 'S3RVER',
        };
        destination = 's3://landing-backups/drill';
      } else {
        destination = join(dir, 'backups');
      }
      await command(env, 'migrate');
    }, 120_000);

    afterAll(async () => {
      await s3?.close();
      await redis?.stop();
      if (dbName)
        await sql(server, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('restores every accepted submission exactly once, the admin users and the audit trail', async () => {
      const apiVars = await apiEnv({ ...env, AUDIT_BATCH_WAIT_MS: '5' });
      const apiUrl = `http://127.0.0.1:${apiVars['PORT']}`;
      let api = await AppProcess.start('api', apiVars);
      let worker = await AppProcess.start('worker', await workerEnv(env));
      const stopAll = async () => Promise.all([api.stop(), worker.stop()]);
      try {
        await createAdmin(env);
        const login = await postJson(apiUrl, '/api/admin/auth/login', ADMIN);
        expect(login.status).toBe(200);

        const submit = async (phones: string[]) =>
          (
            await inPool(phones, 20, (phone) =>
              postJson(apiUrl, '/api/leads', { phone }),
            )
          ).map((r) => {
            expect(r.status).toBe(202);
            return (r.body as { submissionId: string }).submissionId;
          });
        const stored = await submit(distinctMobiles(30, 500));
        await waitFor(
          async () =>
            (
              await sql<{ n: number }>(
                dbUrl,
                `SELECT (SELECT count(*) FROM lead_submissions)::int
                    + (SELECT count(*) FROM audit_events WHERE type = 'lead.submission')::int AS n`,
              )
            )[0]?.n === 60,
          {
            timeoutMs: 30_000,
            what: '30 stored submissions and their audit events',
          },
        );
        // The worker stops: these stay queued in Redis, with their audit events.
        await worker.stop();
        const queued = await submit(distinctMobiles(20, 600));
        const accepted = [...stored, ...queued];
        await waitFor(
          async () => {
            const probe = new Redis(redis.url);
            try {
              return (await probe.llen('drill:audit:wait')) > 0;
            } finally {
              probe.disconnect();
            }
          },
          { timeoutMs: 10_000, what: 'the queued audit events' },
        );

        // --- back up --------------------------------------------------------------------
        const output = await command(env, 'backup', destination);
        const where = output.trim().split('\n').pop() ?? '';
        expect(where).toMatch(
          kind === 's3'
            ? /^s3:\/\/landing-backups\/drill\/landing-\d{8}T\d{6}Z$/
            : new RegExp(`^${destination}/landing-\\d{8}T\\d{6}Z$`),
        );

        // A damaged copy is refused before anything is touched.
        if (kind === 'folder') {
          const damaged = join(dir, 'damaged', where.split('/').pop() ?? '');
          cpSync(where, damaged, { recursive: true });
          const file = join(damaged, 'redis-keys.jsonl.gz');
          const bytes = readFileSync(file);
          bytes[bytes.length - 10] ^= 0xff;
          writeFileSync(file, bytes);
          // eslint-disable-next-line jest/no-conditional-expect -- a folder backup is damaged in place; the S3 run checks the same checksums through the same code
          expect(await failingCommand(env, 'restore', damaged)).toContain(
            'BACKUP_CHECKSUM_MISMATCH',
          );
        }
        // The live system is not empty: restore refuses without --force.
        expect(await failingCommand(env, 'restore', where)).toContain(
          'BACKUP_TARGET_NOT_EMPTY',
        );

        // --- disaster ---------------------------------------------------------------------
        await api.stop();
        await sql(server, `DROP DATABASE "${dbName}" WITH (FORCE)`);
        await sql(server, `CREATE DATABASE "${dbName}"`);
        const wipe = new Redis(redis.url);
        await wipe.flushall();
        wipe.disconnect();

        // --- restore, and the worker drains ------------------------------------------------
        const restored = await command(env, 'restore', where);
        expect(restored).toContain('row counts match the backup');
        worker = await AppProcess.start('worker', await workerEnv(env));
        await waitFor(
          async () =>
            (
              await sql<{ n: number }>(
                dbUrl,
                'SELECT count(*)::int AS n FROM lead_submissions',
              )
            )[0]?.n === accepted.length,
          {
            timeoutMs: 30_000,
            what: `${accepted.length} submissions after the restore`,
          },
        );
        await waitFor(
          async () =>
            (
              await sql<{ n: number }>(
                dbUrl,
                `SELECT count(*)::int AS n FROM audit_events WHERE type = 'lead.submission'`,
              )
            )[0]?.n === accepted.length,
          { timeoutMs: 30_000, what: 'every submission in the audit trail' },
        );

        const submissions = await sql<{ id: string; n: number }>(
          dbUrl,
          'SELECT submission_id AS id, count(*)::int AS n FROM lead_submissions GROUP BY 1',
        );
        expect(submissions.map((s) => s.id).sort()).toEqual(
          [...accepted].sort(),
        );
        expect(submissions.every((s) => s.n === 1)).toBe(true);
        const trail = await sql<{ id: string; n: number }>(
          dbUrl,
          `SELECT payload->>'submissionId' AS id, count(*)::int AS n FROM audit_events
          WHERE type = 'lead.submission' GROUP BY 1`,
        );
        expect(trail.map((t) => t.id).sort()).toEqual([...accepted].sort());
        expect(trail.every((t) => t.n === 1)).toBe(true);
        expect(
          await sql(
            dbUrl,
            `SELECT count(*)::int AS n FROM audit_events WHERE type = 'admin.login'`,
          ),
        ).toEqual([{ n: 1 }]);

        // The admin signs in with the same password; numbers seen before are still duplicates.
        api = await AppProcess.start('api', apiVars);
        expect(
          (await postJson(apiUrl, '/api/admin/auth/login', ADMIN)).status,
        ).toBe(200);
        const again = await postJson(apiUrl, '/api/leads', {
          phone: distinctMobiles(1, 610)[0],
        });
        expect({ status: again.status, body: again.body }).toEqual({
          status: 200,
          body: expect.objectContaining({ status: 'duplicate' }),
        });

        // Retention: keeping one daily backup, the next backup of the day replaces this one.
        await sleep(1100); // backup names have one-second resolution
        const keepOne = {
          ...env,
          BACKUP_KEEP_DAILY: '1',
          BACKUP_KEEP_WEEKLY: '0',
        };
        const next = (await command(keepOne, 'backup', destination))
          .trim()
          .split('\n')
          .pop();
        expect(next).not.toBe(where);
        expect(await failingCommand(env, 'restore', where)).toContain(
          'BACKUP_NOT_FOUND',
        );
      } finally {
        await stopAll();
      }
    }, 480_000);
  },
);
