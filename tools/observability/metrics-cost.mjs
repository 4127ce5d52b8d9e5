#!/usr/bin/env node
// What the instrumentation costs intake: two api processes from dist/ (METRICS_ENABLED=true and
// false) run side by side against a redis-server of their own; 3-second autocannon bursts of
// distinct numbers alternate between them, so load from anything else on the machine falls on
// both alike. Reports requests/s and the api's CPU time per request for each.
//   npm run bench:metrics-cost            (DATABASE_URL defaults to the local PostgreSQL; it is not queried)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../stack/processes.mjs';
import { findFreePort } from '../stack/stack.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const autocannon = createRequire(path.join(root, 'package.json'))('autocannon');
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const BURST_SECONDS = 3;

const freePort = findFreePort;
/**
 * utime + stime of a process, in seconds (clock ticks of 1/100 s on Linux)
 * @param {number | undefined} pid
 */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const redisDir = mkdtempSync(path.join(tmpdir(), 'landing-bench-redis-'));
const redisPort = await freePort();
const redis = spawn(
  'redis-server',
  [
    '--port',
    String(redisPort),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    redisDir,
  ],
  { stdio: 'ignore' },
);
const children = [redis];
const cleanup = () => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(redisDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  await sleep(500);
  /** @type {Map<boolean, { port: number, proc: import('node:child_process').ChildProcess, requests: number, seconds: number, cpu: number }>} */
  const apis = new Map();
  for (const enabled of [true, false]) {
    const port = await freePort();
    const proc = spawn(
      process.execPath,
      [path.join(root, 'dist/apps/api/main.js')],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'error',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL:
            process.env.DATABASE_URL ??
            'postgres://postgres@127.0.0.1:5432/postgres',
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          QUEUE_PREFIX: `bench${enabled ? 'on' : 'off'}`,
          METRICS_ENABLED: String(enabled),
          RATE_LIMIT_IP_PER_MINUTE: '100000000',
          RATE_LIMIT_PHONE_PER_HOUR: '100000000',
          AUDIT_ENABLED: 'false',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(proc);
    apis.set(enabled, { port, proc, requests: 0, seconds: 0, cpu: 0 });
  }
  for (const { port } of apis.values()) {
    for (let attempt = 0; ; attempt++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health/live`).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt > 150) throw new Error(`api on port ${port} did not start`);
      await sleep(200);
    }
  }
  let seq = Math.floor(Math.random() * 1e6);
  /**
   * @param {number} port
   * @param {number} duration
   */
  const burst = (port, duration) =>
    autocannon({
      url: `http://127.0.0.1:${port}/api/leads`,
      method: 'POST',
      connections: 50,
      duration,
      headers: { 'content-type': 'application/json' },
      // distinct numbers: the accepted path (a repeated number would measure the duplicate path)
      requests: [
        {
          setupRequest: (/** @type {import('autocannon').Request} */ req) => ({
            ...req,
            body: JSON.stringify({
              phone: `0912${String(seq++ % 1e7).padStart(7, '0')}`,
              consent: true,
            }),
          }),
        },
      ],
    });
  for (const { port } of apis.values()) await burst(port, 2); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const enabled of round % 2 ? [false, true] : [true, false]) {
      const api = apis.get(enabled);
      if (!api) throw new Error(`no api with metrics ${enabled}`);
      const before = cpuSeconds(api.proc.pid);
      const result = await burst(api.port, BURST_SECONDS);
      api.cpu += cpuSeconds(api.proc.pid) - before;
      api.requests += result.requests.total;
      api.seconds += BURST_SECONDS;
      if (result.non2xx || result.errors)
        console.log(
          `round ${round + 1}, metrics ${enabled}: ${result.non2xx} non-2xx, ${result.errors} errors`,
        );
    }
  }
  /** @param {{ requests: number, seconds: number }} api */
  const rate = (api) => api.requests / api.seconds;
  /** @param {{ requests: number, cpu: number }} api */
  const cpuMs = (api) => (1000 * api.cpu) / api.requests;
  for (const [enabled, api] of apis) {
    console.log(
      `METRICS_ENABLED=${enabled}: ${rate(api).toFixed(0)} requests/s over ${api.seconds} s; api CPU ${cpuMs(api).toFixed(3)} ms per request`,
    );
  }
  const [on, off] = [apis.get(true), apis.get(false)];
  if (!on || !off) throw new Error('both apis should have run');
  console.log(
    `with metrics: ${(100 * (rate(on) / rate(off) - 1)).toFixed(1)} % requests/s, ${(100 * (cpuMs(on) / cpuMs(off) - 1)).toFixed(1)} % CPU per request`,
  );
} finally {
  cleanup();
}
