import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, waitFor } from '@landing/server/util-testing';

// `npm start` (tools/dev/start.mjs) with its apps replaced by stubs that record the
// environment they were given (LANDING_*_CMD exist for this), so no build is needed.
const STUB = `
import http from 'node:http';
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2], JSON.stringify({ HOST: process.env.HOST ?? null }));
http.createServer((_q, r) => r.end('ok')).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

describe('npm start (tools/dev/start.mjs)', () => {
  let dir: string;
  let start: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-start-'));
    writeFileSync(join(dir, 'stub.mjs'), STUB);
  });

  afterAll(async () => {
    const child = start;
    if (child && child.exitCode === null) {
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await ended;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the api and the worker listen on 127.0.0.1 only, and says so', async () => {
    const app = (name: string) =>
      `${process.execPath} ${join(dir, 'stub.mjs')} ${join(dir, `${name}.json`)}`;
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      PORT: String(await freePort()),
      WORKER_PORT: String(await freePort()),
      // Given, so that no embedded service starts; the stubs never connect.
      DATABASE_URL: 'postgres://unused@127.0.0.1:9/unused',
      REDIS_URL: 'redis://127.0.0.1:9',
      LANDING_MIGRATE_CMD: `${process.execPath} -e process.exit(0)`,
      LANDING_API_CMD: app('api'),
      LANDING_WORKER_CMD: app('worker'),
    };
    start = spawn(process.execPath, [join(REPO_ROOT, 'tools/dev/start.mjs')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Ctrl-C to stop'), {
      timeoutMs: 30_000,
      what: `the start banner; so far:\n${output}`,
    });
    for (const name of ['api', 'worker']) {
      // The banner waits for the api only; the worker starts beside it.
      await waitFor(() => existsSync(join(dir, `${name}.json`)), {
        timeoutMs: 30_000,
        what: `the ${name} to start; so far:\n${output}`,
      });
      const seen = JSON.parse(
        readFileSync(join(dir, `${name}.json`), 'utf8'),
      ) as { HOST: string | null };
      expect(`${name}: ${seen.HOST}`).toBe(`${name}: 127.0.0.1`);
    }
    expect(output).toContain(
      'Listening on   127.0.0.1 only (set HOST=0.0.0.0 to reach it from other machines)',
    );
  });
});
