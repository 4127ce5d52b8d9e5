#!/usr/bin/env node
// `npm run bench`: throughput, latency and memory of POST /api/leads against a bare
// Fastify baseline doing the same Redis work, then the worker's drain and a reconciliation
// of every acknowledged submission against PostgreSQL. See the README's "Performance".
//
// The phases (phases.mjs): per concurrency level, ours with the queue paused, the baseline
// (which has no consumer either), the worker draining that backlog alone, and ours again
// with the worker draining alongside ("kept up" is judged there); then the flood and the
// reconciliation. The report is report.mjs.
//
// Flags (env in brackets):
//   --connections 50,200   [BENCH_CONNECTIONS]  concurrency levels
//   --duration 15          [BENCH_DURATION]     seconds per level, for ours and the baseline
//   --warmup 3             [BENCH_WARMUP]       seconds of warm-up per server (0: none)
//   --duplicates 0.1       [BENCH_DUPLICATES]   share of requests repeating an earlier number
//   --invalid 0.05         [BENCH_INVALID]      share of invalid bodies
//   --flood 5              [BENCH_FLOOD]        seconds of the default-rate-limit flood (0: skip)
//   --drain-timeout 120    [BENCH_DRAIN_TIMEOUT] seconds to wait for the worker to drain
//   --cpu-prof                                  run the api under node --cpu-prof and summarise it
//   --pg-stats                                  load pg_stat_statements into the embedded PostgreSQL and
//                                               print its costliest statements per stored lead
//   --desk-staff 3         [BENCH_DESK_STAFF]   staff on duty, so the worker assigns every lead (0: nobody, leads wait unassigned)
//   --desk-policy round_robin [BENCH_DESK_POLICY] the worker's DESK_ASSIGNMENT_POLICY (`off`: no desk step)
//   --webhook-endpoints 0 [BENCH_WEBHOOK_ENDPOINTS] active endpoints (lead.created) on a local
//                                               receiver; the worker runs with WEBHOOK_ALLOW_PRIVATE
//   --no-baseline, --no-readme
//   --url http://host:port                      load a running api instead of starting one;
//                                               needs its DATABASE_URL, REDIS_URL, QUEUE_PREFIX
//   --out bench/results
// DATABASE_URL / REDIS_URL: use those servers (a fresh database and queue prefix of our own)
// instead of embedded ones.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort } from '../stack/stack.mjs';
import {
  requireBuilt,
  runToEnd,
  startApp,
  stopApp,
  waitForApi,
  waitForWorker,
} from './lib/apps.mjs';
import { Ledger, createRequestMix } from './lib/ledger.mjs';
import { generatorName } from './lib/load.mjs';
import { RAISED_LIMITS, createRun, productionEnv } from './lib/run.mjs';
import { runScript } from './lib/run-script.mjs';
import { postgresPid, redisPid } from './lib/cost.mjs';
import { createEndpoints, startReceiver } from './lib/webhooks.mjs';
import { startServices, withoutStopNoise } from './lib/services.mjs';
import {
  openDatabase,
  openQueue,
  openRedis,
  submissionCount,
} from './lib/store.mjs';
import {
  drainAlone,
  flood,
  idleRedisCommandsPerSecond,
  measureBarePipeline,
  measureBaseline,
  measureOurs,
  measureTogether,
  ratio,
  readProfile,
  reconcileRun,
  removeQueues,
  warmUp,
} from './phases.mjs';
import {
  evaluateTargets,
  levelLine,
  printSummary,
  updateReadme,
  writeResults,
} from './report.mjs';

const say = withoutStopNoise((message) => console.error(`[bench] ${message}`));

const { values: flags } = parseArgs({
  options: {
    connections: {
      type: 'string',
      default: process.env.BENCH_CONNECTIONS ?? '50,200',
    },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '15' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP ?? '3' },
    duplicates: {
      type: 'string',
      default: process.env.BENCH_DUPLICATES ?? '0.1',
    },
    invalid: { type: 'string', default: process.env.BENCH_INVALID ?? '0.05' },
    flood: { type: 'string', default: process.env.BENCH_FLOOD ?? '5' },
    'drain-timeout': {
      type: 'string',
      default: process.env.BENCH_DRAIN_TIMEOUT ?? '120',
    },
    'desk-staff': {
      type: 'string',
      default: process.env.BENCH_DESK_STAFF ?? '3',
    },
    'desk-policy': {
      type: 'string',
      default: process.env.BENCH_DESK_POLICY ?? 'round_robin',
    },
    'webhook-endpoints': {
      type: 'string',
      default: process.env.BENCH_WEBHOOK_ENDPOINTS ?? '0',
    },
    'cpu-prof': { type: 'boolean', default: false },
    'pg-stats': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    'no-readme': { type: 'boolean', default: false },
    url: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});

/** What `--pg-stats` gives the embedded PostgreSQL (only that one: a given server is left alone). */
const PG_STATS_SETTINGS = [
  'shared_preload_libraries=pg_stat_statements',
  'pg_stat_statements.track=all',
];

/** @type {import('./phases.mjs').BenchConfig} */
const config = {
  connections: flags.connections
    .split(',')
    .map((n) => positive(n, '--connections')),
  durationSeconds: positive(flags.duration, '--duration'),
  warmupSeconds: Number(flags.warmup),
  duplicateShare: share(flags.duplicates, '--duplicates'),
  invalidShare: share(flags.invalid, '--invalid'),
  floodSeconds: Number(flags.flood),
  drainTimeoutSeconds: positive(flags['drain-timeout'], '--drain-timeout'),
  cpuProfile: flags['cpu-prof'],
  baseline: !flags['no-baseline'],
};

const run = createRun({ name: 'bench', out: flags.out });
runScript({ main, cleanup: run.cleanup, say });

/**
 * The stack under load: started here (api, worker, on our own servers), or someone else's
 * running one (`--url`), plus the baseline server when it runs.
 */
async function startStack() {
  const target = flags.url;
  let prefix;
  if (target) {
    // Someone else's running stack: we need its database and queue to reconcile against.
    const { DATABASE_URL, REDIS_URL } = process.env;
    if (!DATABASE_URL || !REDIS_URL) {
      throw new Error(
        '--url needs DATABASE_URL and REDIS_URL (and QUEUE_PREFIX if not "landing") of the stack it targets, to reconcile against',
      );
    }
    Object.assign(run.services, {
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      external: true,
    });
    prefix = process.env.QUEUE_PREFIX || 'landing';
    say(`Target: ${target} (not started here; no memory figures, no flood)`);
  } else {
    requireBuilt();
    await startServices({
      name: 'bench',
      say,
      into: run.services,
      postgresSettings: flags['pg-stats'] ? PG_STATS_SETTINGS : [],
    });
    prefix = `bench${process.pid}`;
  }
  const { databaseUrl, redisUrl } = run.services;
  if (!databaseUrl || !redisUrl) throw new Error('no servers to run on');
  const env = productionEnv({ databaseUrl, redisUrl, prefix });
  const profileDir = path.join(run.outDir, 'profiles', run.runId);
  let api;
  let apiPort;
  let worker;
  let workerPort;
  /** @type {Awaited<ReturnType<typeof webhookEndpoints>>} */
  let webhooks;
  if (!target) {
    await runToEnd({
      name: 'migrate',
      kind: 'worker',
      args: ['migrate'],
      env,
      logFile: run.logFile('migrate'),
    });
    await putStaffOnDuty(databaseUrl, Number(flags['desk-staff']));
    webhooks = await webhookEndpoints(
      databaseUrl,
      Number(flags['webhook-endpoints']),
    );
    workerPort = await findFreePort();
    worker = run.track(
      startApp({
        name: 'worker',
        env: {
          ...env,
          WORKER_PORT: String(workerPort),
          DESK_ASSIGNMENT_POLICY: flags['desk-policy'],
          ...(webhooks && { WEBHOOK_ALLOW_PRIVATE: 'true' }),
        },
        logFile: run.logFile('worker'),
      }),
    );
    apiPort = await findFreePort();
    api = run.track(
      startApp({
        name: 'api',
        env: {
          ...env,
          ...RAISED_LIMITS,
          PORT: String(apiPort),
          HOST: '127.0.0.1',
        },
        logFile: run.logFile('api'),
        nodeArgs: config.cpuProfile
          ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
          : [],
      }),
    );
  }
  let baseline;
  let baselinePort;
  if (config.baseline) {
    baselinePort = await findFreePort();
    baseline = run.track(
      startApp({
        name: 'baseline',
        env: {
          ...env,
          PORT: String(baselinePort),
          QUEUE_PREFIX: `${prefix}-baseline`,
        },
        logFile: run.logFile('baseline'),
      }),
    );
  }
  await Promise.all([
    api && apiPort && waitForApi(api, apiPort),
    worker && workerPort && waitForWorker(worker, workerPort),
    baseline && baselinePort && waitForApi(baseline, baselinePort),
  ]);
  say(
    `api ${target ?? `:${apiPort}, worker :${workerPort}`}${baseline ? `, baseline :${baselinePort}` : ''}; logs in ${path.relative(process.cwd(), run.logDir)}`,
  );
  return {
    target,
    prefix,
    env,
    databaseUrl,
    redisUrl,
    api,
    worker,
    baseline,
    webhooks,
    profileDir,
    ours: target ?? `http://127.0.0.1:${apiPort}`,
    base: baseline ? `http://127.0.0.1:${baselinePort}` : undefined,
  };
}

/**
 * `--pg-stats`: the statements PostgreSQL spent the most time on over the whole run (execution
 * and planning, wall time: CPU and waits alike), per lead stored, with triggers' statements apart.
 * @param {import('pg').Pool} pool
 */
async function printPgStatements(pool) {
  const { rows } = await pool.query(
    `WITH leads AS (SELECT greatest(count(*), 1)::float8 AS n FROM lead_submissions)
     SELECT round((calls / leads.n)::numeric, 3) AS "calls/lead",
            round((1000 * total_exec_time / leads.n)::numeric, 1) AS "exec µs/lead",
            round((1000 * total_plan_time / leads.n)::numeric, 1) AS "plan µs/lead",
            left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
       FROM pg_stat_statements, leads
      WHERE query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 20`,
  );
  say(
    'PostgreSQL statements by time per stored lead (pg_stat_statements, whole run):',
  );
  console.table(rows);
}

async function main() {
  const { machine } = run;
  say(
    `Machine: ${machine.cpu}, ${machine.memoryGiB} GiB, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const stack = await startStack();
  const pool = await openDatabase(stack.databaseUrl);
  if (flags['pg-stats'])
    await pool.query(
      'CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()',
    );
  const redis = openRedis(stack.redisUrl);
  // Rows already there (a targeted stack's own) are not ours to explain.
  const rowsBefore = await submissionCount(pool);
  // The baseline gets its own numbers, so that ours sees exactly the configured duplicates.
  const mixOptions = {
    duplicateShare: config.duplicateShare,
    invalidShare: config.invalidShare,
  };
  const ourStart = Math.floor(Math.random() * 4_000_000);
  const baseStart = 5_000_000 + Math.floor(Math.random() * 4_000_000);
  say(`Load generator: ${generatorName()}`);
  /** @type {Ledger[]} */
  const ledgers = [];
  /** @type {import('./phases.mjs').Bench} */
  const bench = {
    config,
    run,
    prefix: stack.prefix,
    env: stack.env,
    pool,
    queue: openQueue(stack.redisUrl, stack.prefix),
    baselineQueue: openQueue(stack.redisUrl, `${stack.prefix}-baseline`),
    redis,
    ours: stack.ours,
    base: stack.base,
    api: stack.api,
    mix: createRequestMix({ ...mixOptions, start: ourStart }),
    baseMix: createRequestMix({ ...mixOptions, start: baseStart }),
    wrkMix: { ...mixOptions, start: ourStart },
    wrkBaseMix: { ...mixOptions, start: baseStart },
    newLedger() {
      const ledger = new Ledger();
      ledgers.push(ledger);
      return ledger;
    },
    acceptedSoFar: () =>
      rowsBefore + ledgers.reduce((sum, ledger) => sum + ledger.accepted, 0),
    profileWindows: [],
    pids: {
      api: stack.api?.child.pid,
      worker: stack.worker?.child.pid,
      redis: await redisPid(redis),
      postgres: await postgresPid(pool),
      generator: process.pid,
    },
    baselinePid: stack.baseline?.child.pid,
    say,
  };

  try {
    if (config.warmupSeconds > 0) await warmUp(bench);
    const idleRedis = await idleRedisCommandsPerSecond(bench);
    say(`Idle Redis traffic: ${idleRedis} commands/s`);

    /** @type {import('./phases.mjs').Level[]} */
    const levels = [];
    for (const connections of config.connections) {
      const ours = await measureOurs(bench, connections);
      const baseline = stack.base
        ? await measureBaseline(bench, stack.base, connections)
        : undefined;
      /** @type {import('./phases.mjs').Level} */
      const level = {
        connections,
        ours,
        ...(baseline && {
          baseline,
          throughputRatio: ratio(
            ours.requestsPerSecond,
            baseline.requestsPerSecond,
          ),
          p99Ratio: ratio(ours.latencyMs.p99, baseline.latencyMs.p99),
        }),
        drainAlone: await drainAlone(bench),
        ...(await measureTogether(bench, connections)),
      };
      if (stack.base) {
        level.barePipeline = await measureBarePipeline(
          bench,
          stack.base,
          connections,
        );
        level.pipelineShare = ratio(
          level.sustained.requestsPerSecond,
          level.barePipeline.requestsPerSecond,
        );
      }
      levels.push(level);
      say(levelLine(level));
    }

    const floodResult =
      config.floodSeconds > 0 && !stack.target ? await flood(bench) : undefined;
    const reconciliation = await reconcileRun(bench, {
      ledgers,
      rowsBefore,
      external: Boolean(stack.target),
    });
    const { rows: owned } = await pool.query(
      `SELECT (SELECT count(*) FROM lead_desk WHERE owner_id IS NOT NULL)::int AS assigned, count(*)::int AS leads FROM leads`,
    );
    say(
      `desk: ${owned[0]?.assigned ?? 0} of ${owned[0]?.leads ?? 0} leads have an owner`,
    );
    if (stack.webhooks)
      say(
        `webhooks: ${stack.webhooks.count} endpoint(s), ${stack.webhooks.receiver.received()} deliveries received so far`,
      );

    if (flags['pg-stats']) await printPgStatements(pool);
    await pool.end();
    await Promise.all([
      bench.queue.close(),
      bench.baselineQueue.close(),
      bench.redis.quit(),
    ]);
    if (run.services.redis === undefined)
      await removeQueues(bench, stack.redisUrl, Boolean(stack.target));

    await stopApp(stack.api); // the CPU profile is written as it exits
    const profile = config.cpuProfile
      ? await readProfile(stack.profileDir, bench.profileWindows)
      : undefined;

    /** @type {import('./report.mjs').BenchResult} */
    const result = {
      runId: run.runId,
      machine,
      config: {
        ...config,
        apiEnv: { NODE_ENV: 'production', LOG_LEVEL: 'info', ...RAISED_LIMITS },
      },
      baselineDoes:
        "bare Fastify 5, JSON body, one BullMQ queue.add with jobId and deduplication {id, ttl} (the producer's call: mark + job in one Lua script); the bare pipeline adds a bare BullMQ worker storing jobs with multi-row INSERTs",
      generator: generatorName(),
      webhookEndpoints: stack.webhooks?.count ?? 0,
      idleRedisCommandsPerSecond: idleRedis,
      levels,
      flood: floodResult,
      reconciliation,
      targets: evaluateTargets(levels, reconciliation),
      cpuProfile: profile,
    };
    await writeResults(run.outDir, result, say);
    if (!flags['no-readme']) await updateReadme(result, say);
    printSummary(result);
    return reconciliation.ok ? 0 : 1;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/**
 * @param {string} value
 * @param {string} name
 */
function positive(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be a positive number (got ${value})`);
  return n;
}

/**
 * @param {string} value
 * @param {string} name
 */
function share(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1)
    throw new Error(`${name} must be a share between 0 and 1 (got ${value})`);
  return n;
}

/**
 * Active webhook endpoints before the worker starts, all on one local receiver (stopped with
 * the run), so every stored lead fans out to them.
 * @param {string} databaseUrl
 * @param {number} count
 */
async function webhookEndpoints(databaseUrl, count) {
  if (!(count > 0)) return undefined;
  const receiver = await startReceiver();
  run.onCleanup(receiver.close);
  const pool = await openDatabase(databaseUrl);
  try {
    await createEndpoints(pool, count, receiver.url);
  } finally {
    await pool.end();
  }
  say(`${count} webhook endpoint(s) on ${receiver.url} (lead.created)`);
  return { count, receiver };
}

/**
 * Staff on duty before the worker starts, so every stored lead is also assigned (the desk's
 * cost is part of the drain measured).
 * @param {string} databaseUrl
 * @param {number} count
 */
async function putStaffOnDuty(databaseUrl, count) {
  if (!(count > 0)) return;
  const pool = await openDatabase(databaseUrl);
  try {
    await pool.query(
      `WITH users AS (
         INSERT INTO admin_users (email, password_hash, role)
         SELECT 'bench-staff-' || n || '@example.com', 'x', 'reviewer' FROM generate_series(1, $1::int) n
         RETURNING id
       ) INSERT INTO desk_staff (user_id, on_duty) SELECT id, true FROM users`,
      [count],
    );
  } finally {
    await pool.end();
  }
  say(`${count} staff on duty: the worker assigns every new lead`);
}
