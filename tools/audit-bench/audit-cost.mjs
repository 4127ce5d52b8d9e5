#!/usr/bin/env node
// `npm run bench:audit`: what the audit trail costs intake. Starts two built apis side by
// side (AUDIT_ENABLED=true and false, own queue prefixes, no worker), then loads them in
// alternating rounds with autocannon so both see the same machine state, and prints
// requests per second and latency for each. Every request carries a new phone number, so
// every answer is a 202 that did both Redis writes (lead job + audit job when enabled).
//
// Env: DATABASE_URL, REDIS_URL (required: a Redis you may write keys to; the keys under the
// bench's prefixes are deleted afterwards), BENCH_ROUNDS (3), BENCH_DURATION (8 s),
// BENCH_CONNECTIONS (20).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { deleteKeysWithPrefix } from '../../libs/server/util-testing/src/lib/redis-keys.cjs';
import { findFreePort } from '../stack/stack.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const main = path.join(root, 'dist/apps/api/main.js');
const { DATABASE_URL, REDIS_URL } = process.env;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

if (!DATABASE_URL || !REDIS_URL) {
  console.error(
    'set DATABASE_URL and REDIS_URL (or run through node tools/test/with-services.mjs)',
  );
  process.exit(2);
}
if (!existsSync(main)) {
  console.error(`${main} is missing: npx nx build api`);
  process.exit(2);
}

/** @param {boolean} auditEnabled */
async function startApi(auditEnabled) {
  const port = await findFreePort();
  const prefix = `bench-audit-${auditEnabled ? 'on' : 'off'}-${randomBytes(3).toString('hex')}`;
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      AUDIT_ENABLED: String(auditEnabled),
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_PHONE_PER_HOUR: '100000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null)
      throw new Error(`api exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/api/nothing`).then(
        () => true,
        () => false,
      )
    )
      return { child, url, prefix, auditEnabled };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('api did not start');
}

let next = Math.floor(Math.random() * 5_000_000);
const phone = () => `0912${String(next++ % 10_000_000).padStart(7, '0')}`;

/** @param {string} url */
function load(url) {
  return autocannon({
    url: `${url}/api/leads`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'audit-bench',
        },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ phone: phone(), consent: true }),
        }),
      },
    ],
  });
}

const apis = [await startApi(true), await startApi(false)];
/** @typedef {{ rps: number, p50: number, p99: number, non2xx: number }} Round */
/** @type {{ true: Round[], false: Round[] }} */
const results = { true: [], false: [] };
try {
  // warm-up
  for (const api of apis)
    await autocannon({
      url: `${api.url}/api/leads`,
      connections,
      duration: 2,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: phone() }),
    });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? apis : [...apis].reverse();
    for (const api of order) {
      const result = await load(api.url);
      const non2xx = result.non2xx + result.errors + result.timeouts;
      results[api.auditEnabled ? 'true' : 'false'].push({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx,
      });
      console.error(
        `round ${round + 1} audit ${api.auditEnabled ? 'on ' : 'off'}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx/errors ${non2xx}`,
      );
    }
  }
} finally {
  for (const api of apis) api.child.kill('SIGTERM');
  for (const api of apis)
    await deleteKeysWithPrefix(String(REDIS_URL), api.prefix);
}

/** @param {number[]} values */
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
/** @param {Round[]} list */
const summary = (list) => ({
  rps: mean(list.map((r) => r.rps)),
  p50: mean(list.map((r) => r.p50)),
  p99: mean(list.map((r) => r.p99)),
});
const on = summary(results.true);
const off = summary(results.false);
console.log(
  `audit on : ${on.rps.toFixed(0)} req/s, p50 ${on.p50.toFixed(1)} ms, p99 ${on.p99.toFixed(1)} ms`,
);
console.log(
  `audit off: ${off.rps.toFixed(0)} req/s, p50 ${off.p50.toFixed(1)} ms, p99 ${off.p99.toFixed(1)} ms`,
);
// Rounds are paired (same minute of machine load); the median pair is the least noisy figure.
const ratios = results.true
  .map((r, i) => r.rps / results.false[i].rps)
  .sort((a, b) => a - b);
const median = ratios[Math.floor(ratios.length / 2)];
console.log(
  `per-round on/off throughput ratios: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median.toFixed(2)}`,
);
console.log(
  `cost of the audit trail: ${(100 * (1 - on.rps / off.rps)).toFixed(1)} % of throughput by means, ${(100 * (1 - median)).toFixed(1)} % by the median pair (${rounds} rounds × ${duration} s, ${connections} connections, indicative on a shared machine)`,
);
