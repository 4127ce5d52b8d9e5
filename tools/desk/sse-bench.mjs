#!/usr/bin/env node
// `npm run bench:sse`: the desk's live stream (GET /api/admin/events) under intake at full
// speed. Two built api processes and one worker (DESK_ASSIGNMENT_POLICY=round_robin, every
// reviewer on duty) on one Redis; staff sign in for real (argon2), several sessions each (tabs
// and devices, at most 5 per user per api process), and hold SSE streams open, half on each
// api, while autocannon submits leads to the first api. Measured per (client, event): the
// time from the event's `at` (set when the worker stored the batch) to its arrival, and
// events lost: each client must receive every event the stream holds that it may see
// (the contract's visibility rules), exactly once.
//
// Flags (env in brackets):
//   --admins 8 --reviewers 32 [BENCH_SSE_ADMINS, BENCH_SSE_REVIEWERS] staff accounts
//   --sessions 5              [BENCH_SSE_SESSIONS] streams per person (200 in all by default)
//   --duration 30             [BENCH_SSE_DURATION] seconds of intake load
//   --connections 50          [BENCH_SSE_CONNECTIONS] autocannon connections
//   --out bench/results
// DATABASE_URL / REDIS_URL: use those servers (a database and a queue prefix of our own)
// instead of embedded ones. The machine's load average is part of every result.
import { loadavg } from 'node:os';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import { findFreePort } from '../stack/stack.mjs';
import {
  requireBuilt,
  runToEnd,
  startApp,
  waitForApi,
  waitForWorker,
} from '../bench/lib/apps.mjs';
import { Ledger, createRequestMix } from '../bench/lib/ledger.mjs';
import { percentile, runLoad } from '../bench/lib/load.mjs';
import { RAISED_LIMITS, createRun, productionEnv } from '../bench/lib/run.mjs';
import { runScript } from '../bench/lib/run-script.mjs';
import { startServices, withoutStopNoise } from '../bench/lib/services.mjs';
import {
  openDatabase,
  openQueue,
  openRedis,
  pendingJobs,
} from '../bench/lib/store.mjs';

const say = withoutStopNoise((message) =>
  console.error(`[bench:sse] ${message}`),
);
const PASSWORD = 'bench sse password, long enough';

const { values: flags } = parseArgs({
  options: {
    admins: { type: 'string', default: process.env.BENCH_SSE_ADMINS ?? '8' },
    reviewers: {
      type: 'string',
      default: process.env.BENCH_SSE_REVIEWERS ?? '32',
    },
    sessions: {
      type: 'string',
      default: process.env.BENCH_SSE_SESSIONS ?? '5',
    },
    duration: {
      type: 'string',
      default: process.env.BENCH_SSE_DURATION ?? '30',
    },
    connections: {
      type: 'string',
      default: process.env.BENCH_SSE_CONNECTIONS ?? '50',
    },
    out: { type: 'string', default: 'bench/results' },
  },
});
const ADMINS = Number(flags.admins);
const REVIEWERS = Number(flags.reviewers);
const SESSIONS = Number(flags.sessions);
const DURATION = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);
if (!(SESSIONS >= 1 && SESSIONS <= 10))
  throw new Error(
    '--sessions: 1 to 10 (at most 5 per user on each of two apis)',
  );

const run = createRun({ name: 'bench-sse', out: flags.out });

/**
 * @typedef {{ leadId: string, ownerId: string | null, previousOwnerId?: string | null }} EventLead
 * @typedef {{ type: string, at: string, leads: EventLead[] }} DeskEvent
 * @typedef {{ id: string, receivedAt: number }} Arrival
 * @typedef {{ userId: string, role: 'admin' | 'reviewer', cookie: string }} Session
 * @typedef {{ session: Session, api: number, arrivals: Arrival[], status: number, ended: boolean, close: () => void }} Client
 */

/**
 * The contract's rule (libs/shared/contracts-desk, visibleDeskEvent): an admin sees every
 * lead; a reviewer their own, the ones they just lost and unowned ones.
 * @param {DeskEvent} event
 * @param {{ userId: string, role: string }} viewer
 */
function visible(event, viewer) {
  if (viewer.role === 'admin') return event.leads.length > 0;
  return event.leads.some(
    (lead) =>
      lead.ownerId === null ||
      lead.ownerId === viewer.userId ||
      (lead.previousOwnerId != null && lead.previousOwnerId === viewer.userId),
  );
}

/**
 * One SSE stream: records each message's id and arrival time (the `at` comes from the
 * stream itself afterwards, so parsing stays cheap here).
 * @param {string} base
 * @param {Session} session
 * @param {number} api
 * @returns {Promise<Client>}
 */
function connect(base, session, api) {
  return new Promise((resolve, reject) => {
    /** @type {Client} */
    const client = {
      session,
      api,
      arrivals: [],
      status: 0,
      ended: false,
      close: () => request.destroy(),
    };
    let buffer = '';
    const request = http.get(
      `${base}/api/admin/events`,
      {
        headers: {
          accept: 'text/event-stream',
          cookie: `lp_admin_session=${session.cookie}`,
        },
        agent: false,
      },
      (response) => {
        client.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        response.on('data', (/** @type {string} */ chunk) => {
          const now = Date.now();
          buffer += chunk;
          for (;;) {
            const end = buffer.indexOf('\n\n');
            if (end < 0) break;
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith('id: ')) {
              const newline = block.indexOf('\n');
              client.arrivals.push({
                id: block.slice(4, newline),
                receivedAt: now,
              });
            }
          }
        });
        response.on('close', () => (client.ended = true));
        resolve(client);
      },
    );
    request.on('error', (error) => {
      client.ended = true;
      reject(error);
    });
  });
}

/**
 * @param {string} base
 * @param {string} email
 * @returns {Promise<{ cookie: string, userId: string }>}
 */
async function signIn(base, email) {
  const response = await fetch(`${base}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(
      `sign-in of ${email}: ${response.status} ${await response.text()}`,
    );
  const cookie = /lp_admin_session=([^;]+)/.exec(
    response.headers.get('set-cookie') ?? '',
  )?.[1];
  const body = /** @type {{ user: { id: string } }} */ (await response.json());
  if (!cookie) throw new Error('no session cookie');
  return { cookie, userId: body.user.id };
}

/** @param {number[]} values */
function stats(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
  };
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function main() {
  requireBuilt();
  say(
    `Machine: ${run.machine.cpu}, load ${load()} (shared with other engineers' work)`,
  );
  await startServices({ name: 'bench-sse', say, into: run.services });
  const { databaseUrl, redisUrl } = run.services;
  if (!databaseUrl || !redisUrl) throw new Error('no servers');
  const prefix = `benchsse${process.pid}`;
  const env = productionEnv({ databaseUrl, redisUrl, prefix });
  await runToEnd({
    name: 'migrate',
    kind: 'worker',
    args: ['migrate'],
    env,
    logFile: run.logFile('migrate'),
  });

  // Staff: real password hashes, every reviewer on duty (the worker hands every lead out).
  const pool = await openDatabase(databaseUrl);
  const hash = await argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  /** @type {{ email: string, role: 'admin' | 'reviewer' }[]} */
  const staff = [
    ...Array.from({ length: ADMINS }, (_, i) => ({
      email: `sse-admin-${i}@example.com`,
      role: /** @type {const} */ ('admin'),
    })),
    ...Array.from({ length: REVIEWERS }, (_, i) => ({
      email: `sse-reviewer-${i}@example.com`,
      role: /** @type {const} */ ('reviewer'),
    })),
  ];
  await pool.query(
    `INSERT INTO admin_users (email, password_hash, role)
     SELECT e, $2, r FROM unnest($1::text[], $3::text[]) AS t(e, r)`,
    [staff.map((s) => s.email), hash, staff.map((s) => s.role)],
  );
  await pool.query(
    `INSERT INTO desk_staff (user_id, on_duty) SELECT id, true FROM admin_users WHERE role = 'reviewer'`,
  );

  const ports = [await findFreePort(), await findFreePort()];
  const apis = ports.map((port, i) =>
    run.track(
      startApp({
        name: `api${i + 1}`,
        kind: 'api',
        env: {
          ...env,
          ...RAISED_LIMITS,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        logFile: run.logFile(`api${i + 1}`),
      }),
    ),
  );
  const workerPort = await findFreePort();
  const worker = run.track(
    startApp({
      name: 'worker',
      env: {
        ...env,
        WORKER_PORT: String(workerPort),
        DESK_ASSIGNMENT_POLICY: 'round_robin',
      },
      logFile: run.logFile('worker'),
    }),
  );
  await Promise.all([
    ...apis.map((app, i) => waitForApi(app, ports[i] ?? 0)),
    waitForWorker(worker, workerPort),
  ]);
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  say(
    `apis :${ports.join(', :')}, worker :${workerPort}; logs in ${path.relative(process.cwd(), run.logDir)}`,
  );

  // Sessions: each person signs in SESSIONS times (tabs, devices), alternating the apis.
  /** @type {Session[]} */
  const sessions = [];
  for (const person of staff)
    for (let s = 0; s < SESSIONS; s++) {
      const signed = await signIn(bases[s % 2] ?? '', person.email);
      sessions.push({ ...signed, role: person.role });
    }
  /** @type {Client[]} */
  const clients = await Promise.all(
    sessions.map((session, i) => {
      const api = i % 2;
      return connect(bases[api] ?? '', session, api);
    }),
  );
  const refused = clients.filter((c) => c.status !== 200);
  if (refused.length > 0)
    throw new Error(
      `${refused.length} streams refused (status ${refused[0]?.status})`,
    );
  say(
    `${clients.length} streams open (${ADMINS} admins, ${REVIEWERS} reviewers, ${SESSIONS} sessions each); load ${load()}`,
  );

  // Intake at full speed against the first api.
  const loadBefore = load();
  const ledger = new Ledger();
  const summary = await runLoad({
    url: bases[0] ?? '',
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    nextRequest: createRequestMix({ duplicateShare: 0.05, invalidShare: 0 }),
    ledger,
  });
  const loadDuring = load();
  say(
    `intake: ${summary.requestsPerSecond} req/s for ${DURATION} s (p99 ${summary.latencyMs.p99} ms); load ${loadDuring}`,
  );

  // The worker drains what was accepted; then the streams get a moment for the last events.
  const queue = openQueue(redisUrl, prefix);
  const drainStart = Date.now();
  while ((await pendingJobs(queue)) > 0 && Date.now() - drainStart < 180_000)
    await new Promise((resolve) => setTimeout(resolve, 250));
  const drainSeconds = (Date.now() - drainStart) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await queue.close();

  // The truth: every entry in the stream (none trimmed: far fewer than its cap).
  const redis = openRedis(redisUrl);
  const entries = /** @type {[string, string[]][]} */ (
    await redis.xrange(`${prefix}:desk-events`, '-', '+')
  );
  redis.disconnect();
  /** @type {Map<string, DeskEvent>} */
  const events = new Map();
  for (const [id, fields] of entries)
    if (fields[0] === 'e')
      events.set(id, /** @type {DeskEvent} */ (JSON.parse(fields[1] ?? '{}')));
  const [stored] = (
    await pool.query(
      `SELECT count(*)::int AS n, count(d.owner_id)::int AS owned FROM leads l LEFT JOIN lead_desk d ON d.lead_id = l.id`,
    )
  ).rows;
  await pool.end();

  /** @type {number[]} */
  const delays = [];
  let lost = 0;
  let duplicates = 0;
  let unexpected = 0;
  let expectedTotal = 0;
  const ended = clients.filter((c) => c.ended).length;
  for (const client of clients) {
    const seen = new Set();
    for (const arrival of client.arrivals) {
      if (seen.has(arrival.id)) duplicates += 1;
      seen.add(arrival.id);
      const event = events.get(arrival.id);
      if (!event || !visible(event, client.session)) {
        unexpected += 1;
        continue;
      }
      delays.push(arrival.receivedAt - Date.parse(event.at));
    }
    for (const [id, event] of events)
      if (visible(event, client.session)) {
        expectedTotal += 1;
        if (!seen.has(id)) lost += 1;
      }
    client.close();
  }
  const latency = stats(delays);
  const byType = /** @type {Record<string, number>} */ ({});
  for (const event of events.values())
    byType[event.type] = (byType[event.type] ?? 0) + 1;
  const result = {
    runId: run.runId,
    machine: run.machine.cpu,
    loadAverage: { before: loadBefore, during: loadDuring, after: load() },
    streams: clients.length,
    staff: { admins: ADMINS, reviewers: REVIEWERS, sessionsEach: SESSIONS },
    intake: {
      requestsPerSecond: summary.requestsPerSecond,
      durationSeconds: DURATION,
      connections: CONNECTIONS,
      leadsStored: stored?.n,
      leadsOwned: stored?.owned,
      drainAfterLoadSeconds: drainSeconds,
    },
    events: { inStream: events.size, byType },
    deliveries: {
      expected: expectedTotal,
      received: delays.length,
      lost,
      duplicates,
      unexpected,
      streamsEndedEarly: ended,
    },
    latencyMs: latency,
    targetP99Ms: 1000,
  };
  const file = path.join(run.outDir, `sse-${run.runId}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  say(
    `events in the stream: ${events.size} (${JSON.stringify(byType)}); leads stored ${stored?.n}, owned ${stored?.owned}`,
  );
  say(
    `deliveries: ${delays.length} of ${expectedTotal} expected; lost ${lost}, duplicates ${duplicates}, not visible ${unexpected}, streams ended early ${ended}`,
  );
  say(
    `event at -> client: p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms, max ${latency.max} ms (target p99 <= 1000 ms)`,
  );
  say(
    `load average before/during/after: ${loadBefore} | ${loadDuring} | ${load()}; results in ${path.relative(process.cwd(), file)}`,
  );
  return lost === 0 &&
    duplicates === 0 &&
    unexpected === 0 &&
    latency.p99 <= 1000
    ? 0
    : 1;
}

runScript({ main, cleanup: run.cleanup, say });
