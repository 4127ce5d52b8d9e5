#!/usr/bin/env node
// `npm run bench`: throughput, latency and memory of POST /api/leads against a bare
// Fastify baseline doing the same Redis work, then the worker's drain and a reconciliation
// of every acknowledged submission against PostgreSQL. See the README's "Performance".
//
// Each concurrency level has four phases: ours with the queue paused, the baseline (which
// has no consumer either), the worker draining that backlog alone, and ours again with the
// worker draining alongside ("kept up" is judged there).
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
//   --no-baseline, --no-readme
//   --url http://host:port                      load a running api instead of starting one;
//                                               needs its DATABASE_URL, REDIS_URL, QUEUE_PREFIX
//   --out bench/results
// DATABASE_URL / REDIS_URL: use those servers (a fresh database and queue prefix of our own)
// instead of embedded ones.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort } from '../stack/stack.mjs';
import { sleep } from '../stack/processes.mjs';
import {
  peakMemoryMiB,
  repoRoot,
  requireBuilt,
  runToEnd,
  startApp,
  stopApp,
  waitForApi,
  waitForWorker,
} from './lib/apps.mjs';
import { formatProfile, summariseProfile } from './cpu-profile.mjs';
import {
  Ledger,
  createRequestMix,
  markdownTable,
  reconcile,
  textTable,
} from './lib/ledger.mjs';
import { runLoad } from './lib/load.mjs';
import { updateReadmeSection } from './lib/readme.mjs';
import {
  machineDescription,
  startServices,
  stopServices,
  withoutStopNoise,
} from './lib/services.mjs';
import {
  commandsProcessed,
  openDatabase,
  openQueue,
  openRedis,
  persistedIds,
  submissionCount,
  waitForDrain,
} from './lib/store.mjs';
import { runScript } from './lib/run-script.mjs';

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
    'cpu-prof': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    'no-readme': { type: 'boolean', default: false },
    url: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});

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

// Limits high enough that one load-generating address is never throttled (issue 5's names;
// ignored by an api that has no rate limiter yet).
const RAISED_LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_PHONE_PER_HOUR: '1000000',
};

const started = new Set();
let services;

runScript({ main, cleanup, say });

async function main() {
  const target = flags.url;
  if (!target) requireBuilt();
  const machine = machineDescription();
  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(repoRoot, flags.out);
  const logDir = path.join(outDir, 'logs');
  await mkdir(logDir, { recursive: true });
  say(
    `Machine: ${machine.cpu}, ${machine.memoryGiB} GiB, load ${machine.loadAverageAtStart.join(' ')}`,
  );

  let prefix;
  if (target) {
    // Someone else's running stack: we need its database and queue to reconcile against.
    if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
      throw new Error(
        '--url needs DATABASE_URL and REDIS_URL (and QUEUE_PREFIX if not "landing") of the stack it targets, to reconcile against',
      );
    }
    services = {
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
      external: true,
    };
    prefix = process.env.QUEUE_PREFIX || 'landing';
    say(`Target: ${target} (not started here; no memory figures, no flood)`);
  } else {
    services = {};
    await startServices({ name: 'bench', say, into: services });
    prefix = `bench${process.pid}`;
  }
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    ADMIN_SESSION_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'info',
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: prefix,
  };
  const log = (name) => path.join(logDir, `${runId}-${name}.log`);
  const profileDir = path.join(outDir, 'profiles', runId);
  let api;
  let apiPort;
  let worker;
  let workerPort;
  if (!target) {
    await runToEnd({
      name: 'migrate',
      kind: 'worker',
      args: ['migrate'],
      env,
      logFile: log('migrate'),
    });
    workerPort = await findFreePort();
    worker = track(
      startApp({
        name: 'worker',
        env: { ...env, WORKER_PORT: String(workerPort) },
        logFile: log('worker'),
      }),
    );
    apiPort = await findFreePort();
    api = track(
      startApp({
        name: 'api',
        env: {
          ...env,
          ...RAISED_LIMITS,
          PORT: String(apiPort),
          HOST: '127.0.0.1',
        },
        logFile: log('api'),
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
    baseline = track(
      startApp({
        name: 'baseline',
        env: {
          ...env,
          PORT: String(baselinePort),
          QUEUE_PREFIX: `${prefix}-baseline`,
        },
        logFile: log('baseline'),
      }),
    );
  }
  await Promise.all([
    api && waitForApi(api, apiPort),
    worker && waitForWorker(worker, workerPort),
    baseline && waitForApi(baseline, baselinePort),
  ]);
  say(
    `api ${target ?? `:${apiPort}, worker :${workerPort}`}${baseline ? `, baseline :${baselinePort}` : ''}; logs in ${path.relative(repoRoot, logDir)}`,
  );

  const pool = await openDatabase(services.databaseUrl);
  const queue = openQueue(services.redisUrl, prefix);
  const redis = openRedis(services.redisUrl);
  const baselineQueue = openQueue(services.redisUrl, `${prefix}-baseline`);
  const ours = target ?? `http://127.0.0.1:${apiPort}`;
  // Rows already there (a targeted stack's own) are not ours to explain.
  const rowsBefore = await submissionCount(pool);
  const base = `http://127.0.0.1:${baselinePort}`;
  // The baseline gets its own numbers, so that ours sees exactly the configured duplicates.
  const mixOptions = {
    duplicateShare: config.duplicateShare,
    invalidShare: config.invalidShare,
  };
  const mix = createRequestMix({
    ...mixOptions,
    start: Math.floor(Math.random() * 4_000_000),
  });
  const baseMix = createRequestMix({
    ...mixOptions,
    start: 5_000_000 + Math.floor(Math.random() * 4_000_000),
  });
  const ledgers = [];
  const newLedger = () => {
    const ledger = new Ledger();
    ledgers.push(ledger);
    return ledger;
  };
  const acceptedSoFar = () =>
    rowsBefore + ledgers.reduce((sum, ledger) => sum + ledger.accepted, 0);

  try {
    if (config.warmupSeconds > 0) {
      say(`Warm-up: ${config.warmupSeconds} s each`);
      await runLoad({
        url: ours,
        connections: 10,
        durationSeconds: config.warmupSeconds,
        nextRequest: mix,
        ledger: newLedger(),
      });
      if (baseline)
        await runLoad({
          url: base,
          connections: 10,
          durationSeconds: config.warmupSeconds,
          nextRequest: baseMix,
          ledger: new Ledger(),
        });
      await waitForDrain({
        queue,
        count: () => submissionCount(pool),
        expectedAtLeast: acceptedSoFar(),
        timeoutMs: config.drainTimeoutSeconds * 1000,
      });
    }

    // Background Redis traffic with no load (worker polling, samplers, health checks): it
    // competes for the same two cores and is part of every per-request count below.
    const idleBefore = await commandsProcessed(redis);
    await sleep(2000);
    const idleRedisCommandsPerSecond = Math.round(
      ((await commandsProcessed(redis)) - idleBefore) / 2,
    );
    say(`Idle Redis traffic: ${idleRedisCommandsPerSecond} commands/s`);

    const levels = [];
    const profileWindows = [];
    for (const connections of config.connections) {
      // 1. Intake alone, under the baseline's conditions: nothing consumes while it runs
      // (the queue is paused, so accepted jobs wait in Redis). The headline ratio compares
      // like with like; the worker's own share of the two cores is measured in step 4.
      await queue.pause();
      say(
        `Ours at ${connections} connections for ${config.durationSeconds} s (worker paused)...`,
      );
      const ledger = newLedger();
      const windowStart = monotonicMicros();
      const commandsBefore = await commandsProcessed(redis);
      const load = await runLoad({
        url: ours,
        connections,
        durationSeconds: config.durationSeconds,
        nextRequest: mix,
        ledger,
      });
      profileWindows.push([windowStart, monotonicMicros()]);
      const commandsDuringLoad =
        (await commandsProcessed(redis)) - commandsBefore;
      const level = {
        connections,
        ours: {
          ...load,
          statuses: ledger.statusCounts(),
          accepted: ledger.accepted,
          apiPeakMemoryMiB: api && peakMemoryMiB(api.child.pid),
          redisCommandsPerRequest: perRequest(commandsDuringLoad, load),
        },
      };
      // 2. The baseline, under the same conditions.
      if (baseline) {
        say(
          `Baseline at ${connections} connections for ${config.durationSeconds} s...`,
        );
        const baseLedger = new Ledger();
        const baseCommandsBefore = await commandsProcessed(redis);
        const baseLoad = await runLoad({
          url: base,
          connections,
          durationSeconds: config.durationSeconds,
          nextRequest: baseMix,
          ledger: baseLedger,
        });
        level.baseline = {
          ...baseLoad,
          statuses: baseLedger.statusCounts(),
          redisCommandsPerRequest: perRequest(
            (await commandsProcessed(redis)) - baseCommandsBefore,
            baseLoad,
          ),
        };
        level.throughputRatio = ratio(
          load.requestsPerSecond,
          baseLoad.requestsPerSecond,
        );
        level.p99Ratio = ratio(load.latencyMs.p99, baseLoad.latencyMs.p99);
        await baselineQueue.obliterate({ force: true }).catch(() => undefined);
      }
      // 3. The worker alone, on the backlog step 1 left: its drain capacity.
      const backlogFrom = await submissionCount(pool);
      const resumedAt = Date.now();
      await queue.resume();
      const backlog = await waitForDrain({
        queue,
        count: () => submissionCount(pool),
        expectedAtLeast: acceptedSoFar(),
        timeoutMs: config.drainTimeoutSeconds * 1000,
      });
      level.drainAlone = {
        drained: backlog.drained,
        leads: (backlog.persisted ?? backlogFrom) - backlogFrom,
        seconds: Math.round((Date.now() - resumedAt) / 100) / 10,
      };
      level.drainAlone.perSecond = Math.round(
        level.drainAlone.leads / Math.max(0.001, level.drainAlone.seconds),
      );
      // 4. Sustained: intake and worker together on the same two cores, as on one small
      // machine in production; did the worker keep up while the load ran?
      say(
        `Ours at ${connections} connections for ${config.durationSeconds} s with the worker draining...`,
      );
      const sustainedLedger = newLedger();
      const samples = [];
      const sampler = sampleProgress(pool, samples);
      const loadStart = Date.now();
      const sustained = await runLoad({
        url: ours,
        connections,
        durationSeconds: config.durationSeconds,
        nextRequest: mix,
        ledger: sustainedLedger,
      });
      const loadEnd = Date.now();
      const drain = await waitForDrain({
        queue,
        count: () => submissionCount(pool),
        expectedAtLeast: acceptedSoFar(),
        timeoutMs: config.drainTimeoutSeconds * 1000,
      });
      const drainedAt = Date.now();
      await sampler.stop();
      level.sustained = {
        ...sustained,
        statuses: sustainedLedger.statusCounts(),
        accepted: sustainedLedger.accepted,
      };
      level.drain = drainStats({
        samples,
        loadStart,
        loadEnd,
        drainedAt,
        accepted: sustainedLedger.accepted,
        drained: drain.drained,
      });
      levels.push(level);
      say(levelLine(level));
    }

    let flood;
    if (config.floodSeconds > 0 && !target)
      flood = await runFlood({ env, log, mix, ledger: newLedger() });

    say('Waiting for the worker to drain, then reconciling...');
    const finalDrain = await waitForDrain({
      queue,
      count: () => submissionCount(pool),
      expectedAtLeast: acceptedSoFar(),
      timeoutMs: config.drainTimeoutSeconds * 1000,
    });
    const entries = ledgers.flatMap((ledger) => [...ledger.entries]);
    const persisted = await persistedIds(
      pool,
      entries.map(([id]) => id),
    );
    // On a targeted stack others may write too, so only our own ids are checked there.
    const newRows = (await submissionCount(pool)) - rowsBefore;
    const reconciliation = reconcile(entries, persisted, {
      unexplainedRows: target ? 0 : newRows - persisted.size,
    });
    reconciliation.drained = finalDrain.drained;
    reconciliation.ok &&= finalDrain.drained;

    await pool.end();
    await Promise.all([queue.close(), baselineQueue.close(), redis.quit()]);
    if (services.redis === undefined) {
      // A Redis that outlives us: remove our queues, never a targeted stack's own.
      const cleanupQueues = [
        openQueue(services.redisUrl, `${prefix}-baseline`),
      ];
      if (!target) cleanupQueues.push(openQueue(services.redisUrl, prefix));
      await Promise.all(
        cleanupQueues.map((q) =>
          q.obliterate({ force: true }).catch(() => undefined),
        ),
      );
      await Promise.all(cleanupQueues.map((q) => q.close()));
    }

    await stopApp(api); // the CPU profile is written as it exits
    let profile;
    if (config.cpuProfile)
      profile = await readProfile(profileDir, profileWindows);

    const result = {
      runId,
      machine,
      config: {
        ...config,
        apiEnv: { NODE_ENV: 'production', LOG_LEVEL: 'info', ...RAISED_LIMITS },
      },
      baselineDoes:
        "bare Fastify 5, JSON body, one BullMQ queue.add with jobId and deduplication {id, ttl} (the producer's call: mark + job in one Lua script)",
      idleRedisCommandsPerSecond,
      levels,
      flood,
      reconciliation,
      targets: evaluateTargets(levels, reconciliation),
      cpuProfile: profile,
    };
    await writeResults(outDir, result);
    if (!flags['no-readme']) await updateReadme(result);
    printSummary(result);
    return reconciliation.ok ? 0 : 1;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

function track(app) {
  started.add(app);
  app.child.once('exit', () => started.delete(app));
  return app;
}

let cleaning;
/** Stops what we started, once, however many paths ask for it. */
function cleanup() {
  cleaning ??= (async () => {
    await Promise.allSettled([...started].map((app) => stopApp(app)));
    if (services) await stopServices(services);
  })();
  return cleaning;
}

/** One short phase against an api with the default rate limits: how fast a flood from one address is turned away. */
async function runFlood({ env, log, mix, ledger }) {
  const port = await findFreePort();
  const api = track(
    startApp({
      name: 'api-default-limits',
      kind: 'api',
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      logFile: log('api-default-limits'),
    }),
  );
  try {
    await waitForApi(api, port);
    say(
      `Flood with default limits: 50 connections for ${config.floodSeconds} s...`,
    );
    const load = await runLoad({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      durationSeconds: config.floodSeconds,
      nextRequest: mix,
      ledger,
    });
    const statuses = ledger.statusCounts();
    return {
      ...load,
      statuses,
      rateLimited: statuses['429'] ?? 0,
      rateLimiterSeen: (statuses['429'] ?? 0) > 0,
    };
  } finally {
    await stopApp(api);
  }
}

function sampleProgress(pool, samples) {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        samples.push({
          at: Date.now(),
          persisted: await submissionCount(pool),
        });
      } catch {
        // keep sampling
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Drain rate over the level (first to last new row), its best one-second window, and the backlog left when the load stopped. */
function drainStats({
  samples,
  loadStart,
  loadEnd,
  drainedAt,
  accepted,
  drained,
}) {
  const first = samples[0]?.persisted ?? 0;
  const last = samples.at(-1)?.persisted ?? first;
  const persisted = last - first;
  let peak = 0;
  for (let i = 0, j = 0; i < samples.length; i++) {
    while (samples[i].at - samples[j].at > 1000) j++;
    const span = (samples[i].at - samples[j].at) / 1000;
    if (span >= 0.75)
      peak = Math.max(
        peak,
        (samples[i].persisted - samples[j].persisted) / span,
      );
  }
  const atLoadEnd =
    [...samples].reverse().find((s) => s.at <= loadEnd)?.persisted ?? first;
  const intakeRate = accepted / ((loadEnd - loadStart) / 1000);
  const drainRate = persisted / ((drainedAt - loadStart) / 1000);
  const tailSeconds = Math.round((drainedAt - loadEnd) / 100) / 10;
  return {
    drained,
    persisted,
    intakePerSecond: Math.round(intakeRate),
    drainPerSecond: Math.round(drainRate),
    peakDrainPerSecond: Math.round(peak),
    backlogAtLoadEnd: Math.max(0, accepted - (atLoadEnd - first)),
    tailSeconds,
    // Kept up: the backlog left at the end of the load was gone within a second (plus sampling).
    keptUp: drained && tailSeconds <= 1.5,
  };
}

function evaluateTargets(levels, reconciliation) {
  const at = (n) => levels.find((level) => level.connections === n);
  const targets = [];
  const l50 = at(50);
  if (l50?.throughputRatio !== undefined)
    targets.push({
      target: 'throughput at 50 connections ≥ 0.6 × baseline',
      value: l50.throughputRatio,
      met: l50.throughputRatio >= 0.6,
    });
  for (const level of levels) {
    if (level.p99Ratio !== undefined)
      targets.push({
        target: `p99 at ${level.connections} connections ≤ 2 × baseline p99`,
        value: level.p99Ratio,
        met: level.p99Ratio <= 2,
      });
  }
  for (const level of levels)
    targets.push({
      target: `worker kept up with intake at ${level.connections} connections (both running)`,
      value: `${level.drain.drainPerSecond}/s vs ${level.drain.intakePerSecond}/s, tail ${level.drain.tailSeconds} s`,
      met: level.drain.keptUp,
    });
  for (const level of levels)
    if (level.drainAlone)
      targets.push({
        target: `worker alone drains faster than intake alone at ${level.connections} connections`,
        value: `${level.drainAlone.perSecond}/s vs ${Math.round(level.ours.accepted / level.ours.durationSeconds)}/s`,
        met:
          level.drainAlone.drained &&
          level.drainAlone.perSecond >
            level.ours.accepted / level.ours.durationSeconds,
      });
  targets.push({
    target: 'zero lost leads',
    value: reconciliation.lost,
    met: reconciliation.lost === 0 && reconciliation.extra === 0,
  });
  return targets;
}

function monotonicMicros() {
  return Number(process.hrtime.bigint() / 1000n);
}

async function readProfile(dir, windows) {
  const files = (await readdir(dir).catch(() => [])).filter((file) =>
    file.endsWith('.cpuprofile'),
  );
  if (files.length === 0) return { error: `no .cpuprofile in ${dir}` };
  const file = path.join(dir, files.sort().at(-1));
  const summary = summariseProfile(
    JSON.parse(await readFile(file, 'utf8')),
    20,
    windows,
  );
  return {
    file: path.relative(repoRoot, file),
    window: 'the measured levels only (no start-up, warm-up or drain)',
    ...summary,
  };
}

const COLUMNS = [
  ['server', (r) => r.server],
  ['conns', (r) => r.connections],
  ['req/s', (r) => r.load.requestsPerSecond],
  ['p50 ms', (r) => r.load.latencyMs.p50],
  ['p95 ms', (r) => r.load.latencyMs.p95],
  ['p99 ms', (r) => r.load.latencyMs.p99],
  ['max ms', (r) => r.load.latencyMs.max],
  ['answers', (r) => statusText(r.load.statuses)],
  ['errors', (r) => r.load.errors],
  ['redis ops/req', (r) => r.load.redisCommandsPerRequest ?? ''],
  ['api peak MiB', (r) => r.memory ?? ''],
  ['worker leads/s', (r) => r.drain?.text ?? ''],
  ['× baseline', (r) => r.ratio ?? ''],
];

function tableRows(result) {
  const rows = [];
  for (const level of result.levels) {
    rows.push({
      server: 'ours',
      connections: level.connections,
      load: level.ours,
      memory: level.ours.apiPeakMemoryMiB,
      drain: level.drainAlone && {
        text: `${level.drainAlone.perSecond} alone`,
      },
      ratio:
        level.throughputRatio === undefined
          ? ''
          : `${level.throughputRatio} (p99 ${level.p99Ratio})`,
    });
    if (level.baseline)
      rows.push({
        server: 'baseline',
        connections: level.connections,
        load: level.baseline,
      });
    if (level.sustained)
      rows.push({
        server: 'ours + worker',
        connections: level.connections,
        load: level.sustained,
        drain: {
          text: `${level.drain.drainPerSecond} (peak ${level.drain.peakDrainPerSecond})`,
        },
      });
  }
  if (result.flood)
    rows.push({
      server: 'ours, default limits',
      connections: result.flood.connections,
      load: result.flood,
    });
  return rows;
}

function statusText(statuses) {
  return Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}

function markdownReport(result) {
  const { machine, config: c, reconciliation: r } = result;
  const lines = [
    `Run ${result.runId} on ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (load average at start ${machine.loadAverageAtStart.join(', ')}).`,
    `${c.durationSeconds} s per phase, ${c.warmupSeconds} s warm-up, ${Math.round(c.duplicateShare * 100)} % duplicates, ${Math.round(c.invalidShare * 100)} % invalid; load generator, api, worker, Redis and PostgreSQL on the same machine. Idle Redis traffic before the load: ${result.idleRedisCommandsPerSecond} commands/s.`,
    `Per level: **ours** and **baseline** run with nothing consuming their queues (ours: the queue paused), so the ratio compares like with like; then the worker drains that backlog alone (*worker leads/s … alone*); then **ours + worker** runs the load again with the worker draining alongside on the same two cores.`,
    '',
    markdownTable(COLUMNS, tableRows(result)),
    '',
    `Reconciliation: ${r.sent} sent, ${r.accepted} accepted (202), ${r.accepted - r.lost} of them persisted, **${r.lost} lost**, ${r.extra} extra; ${r.inDoubt} unanswered (in flight when a phase ended) or 5xx, ${r.inDoubtPersisted} of them persisted.`,
    '',
    markdownTable(
      [
        ['target', (t) => t.target],
        ['value', (t) => t.value],
        ['met', (t) => (t.met ? 'yes' : '**no**')],
      ],
      result.targets,
    ),
  ];
  if (result.flood && !result.flood.rateLimiterSeen)
    lines.push(
      '',
      'Flood phase: no 429 answers, so the api under test has no rate limiter (yet).',
    );
  if (result.cpuProfile?.areas) {
    lines.push(
      '',
      `CPU profile of the api (${result.cpuProfile.file}), self time by package:`,
      '',
    );
    lines.push(
      markdownTable(
        [
          ['package', (a) => a.name],
          ['share %', (a) => a.share],
        ],
        result.cpuProfile.areas.slice(0, 10),
      ),
      '',
      'The same, with time in node core and native code charged to the package that called it:',
      '',
      markdownTable(
        [
          ['package', (a) => a.name],
          ['share %', (a) => a.share],
        ],
        (result.cpuProfile.callers ?? []).slice(0, 10),
      ),
    );
  }
  return lines.join('\n');
}

async function writeResults(outDir, result) {
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const md = `# Bench ${result.runId}\n\n${markdownReport(result)}\n`;
  await writeFile(path.join(outDir, `bench-${result.runId}.json`), json);
  await writeFile(path.join(outDir, `bench-${result.runId}.md`), md);
  await writeFile(path.join(outDir, 'latest.json'), json);
  await writeFile(path.join(outDir, 'latest.md'), md);
  say(
    `Results: ${path.relative(repoRoot, path.join(outDir, `bench-${result.runId}.{json,md}`))} (and latest.*)`,
  );
}

async function updateReadme(result) {
  const updated = await updateReadmeSection('bench', markdownReport(result));
  say(
    updated
      ? 'README.md: latest table updated.'
      : 'README.md has no bench:latest section; not updated.',
  );
}

function printSummary(result) {
  const out = [
    '',
    textTable(COLUMNS, tableRows(result)),
    '',
    textTable(
      [
        ['target', (t) => t.target],
        ['value', (t) => t.value],
        ['met', (t) => (t.met ? 'yes' : 'NO')],
      ],
      result.targets,
    ),
  ];
  const r = result.reconciliation;
  out.push(
    '',
    `Reconciliation: sent ${r.sent}, accepted ${r.accepted}, of them persisted ${r.accepted - r.lost}, LOST ${r.lost}, extra ${r.extra}; unanswered/5xx ${r.inDoubt} (${r.inDoubtPersisted} persisted)${r.drained ? '' : ', queue NOT drained'}`,
  );
  if (r.lostIds.length) out.push(`  lost e.g.: ${r.lostIds.join(' ')}`);
  if (r.extraIds.length) out.push(`  extra e.g.: ${r.extraIds.join(' ')}`);
  if (result.flood && !result.flood.rateLimiterSeen)
    out.push('Flood phase: no 429 answers: the api has no rate limiter (yet).');
  if (result.cpuProfile?.areas)
    out.push(
      '',
      `CPU profile ${result.cpuProfile.file}:`,
      formatProfile(result.cpuProfile),
    );
  out.push(
    '',
    r.ok
      ? 'OK: every accepted submission was persisted exactly once.'
      : 'FAILED: the reconciliation found lost or extra submissions.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

function levelLine(level) {
  const o = level.ours;
  const b = level.baseline;
  const s = level.sustained;
  return (
    `  ours ${o.requestsPerSecond} req/s p99 ${o.latencyMs.p99} ms` +
    (b
      ? ` | baseline ${b.requestsPerSecond} req/s p99 ${b.latencyMs.p99} ms | ratio ${level.throughputRatio}`
      : '') +
    ` | worker alone ${level.drainAlone.perSecond}/s` +
    ` | with worker ${s.requestsPerSecond} req/s p99 ${s.latencyMs.p99} ms, drain ${level.drain.drainPerSecond}/s (peak ${level.drain.peakDrainPerSecond}/s), tail ${level.drain.tailSeconds} s`
  );
}

/**
 * Redis commands per answered request while a server was under load: ours includes the
 * worker draining alongside it (and, on a shared Redis, everyone else's commands).
 */
function perRequest(commands, load) {
  return load.responses > 0
    ? Math.round((commands / load.responses) * 10) / 10
    : undefined;
}

function ratio(a, b) {
  return b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
}

function positive(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be a positive number (got ${value})`);
  return n;
}

function share(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1)
    throw new Error(`${name} must be a share between 0 and 1 (got ${value})`);
  return n;
}
