// The bench's phases. Each concurrency level runs four: ours with the queue paused, the
// baseline (which has no consumer either), the worker draining that backlog alone, and ours
// again with the worker draining alongside ("kept up" is judged there). After the levels: a
// flood against an api with the default rate limits, then the reconciliation of every
// acknowledged submission against PostgreSQL.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '../stack/stack.mjs';
import { sleep } from '../stack/processes.mjs';
import {
  peakMemoryMiB,
  repoRoot,
  startApp,
  stopApp,
  waitForApi,
} from './lib/apps.mjs';
import { summariseProfile } from './cpu-profile.mjs';
import { Ledger, reconcile } from './lib/ledger.mjs';
import { runLoad } from './lib/load.mjs';
import { costBetween, readCost } from './lib/cost.mjs';
import {
  commandsProcessed,
  openQueue,
  pendingJobs,
  persistedIds,
  submissionCount,
  waitForDrain,
} from './lib/store.mjs';

/** @typedef {import('./lib/load.mjs').LoadSummary} LoadSummary */
/** @typedef {import('./lib/ledger.mjs').StatusCounts} StatusCounts */

/**
 * @typedef {object} BenchConfig
 * @property {number[]} connections
 * @property {number} durationSeconds
 * @property {number} warmupSeconds
 * @property {number} duplicateShare
 * @property {number} invalidShare
 * @property {number} floodSeconds
 * @property {number} drainTimeoutSeconds
 * @property {boolean} cpuProfile
 * @property {boolean} baseline
 */

/**
 * What every phase works on: the stack under load and the run's bookkeeping.
 * @typedef {object} Bench
 * @property {BenchConfig} config
 * @property {import('./lib/run.mjs').Run} run
 * @property {string} prefix the queue prefix of ours (the baseline's is `${prefix}-baseline`)
 * @property {NodeJS.ProcessEnv} env the apps' environment
 * @property {import('pg').Pool} pool
 * @property {import('bullmq').Queue} queue
 * @property {import('bullmq').Queue} baselineQueue
 * @property {import('ioredis').Redis} redis
 * @property {string} ours URL of the api under test
 * @property {string | undefined} base URL of the baseline server, if it runs
 * @property {import('./lib/apps.mjs').App | undefined} api when started here
 * @property {() => import('./lib/ledger.mjs').MixedRequest} mix our requests
 * @property {() => import('./lib/ledger.mjs').MixedRequest} baseMix the baseline's (own numbers)
 * @property {import('./lib/wrk.mjs').MixSpec} wrkMix our requests, when wrk drives the load
 * @property {import('./lib/wrk.mjs').MixSpec} wrkBaseMix the baseline's
 * @property {() => Ledger} newLedger a ledger whose 202s the drain waits for
 * @property {() => number} acceptedSoFar rows expected once every accepted request is stored
 * @property {[number, number][]} profileWindows monotonic µs windows of our measured load
 * @property {Record<string, number | undefined>} pids process trees whose CPU is read: api,
 *   worker, redis, postgres, generator (undefined: not on this machine)
 * @property {number | undefined} baselinePid
 * @property {(message: string) => void} say
 */

/**
 * @typedef {import('./lib/cost.mjs').Cost} Cost
 * @typedef {LoadSummary & { statuses: StatusCounts, accepted: number, apiPeakMemoryMiB?: number, redisCommandsPerRequest?: number, cost?: Cost }} OursResult
 * @typedef {LoadSummary & { statuses: StatusCounts, redisCommandsPerRequest?: number, cost?: Cost }} BaselineResult
 * @typedef {{ drained: boolean, leads: number, seconds: number, perSecond: number }} DrainAlone
 * @typedef {{ drained: boolean, persisted: number, intakePerSecond: number, drainPerSecond: number, peakDrainPerSecond: number, backlogAtLoadEnd: number, tailSeconds: number, keptUp: boolean }} DrainStats
 * @typedef {LoadSummary & { statuses: StatusCounts, rateLimited: number, rateLimiterSeen: boolean }} FloodResult
 */

/**
 * @typedef {object} Level
 * @property {number} connections
 * @property {OursResult} ours
 * @property {BaselineResult} [baseline]
 * @property {number} [throughputRatio] ours / baseline requests per second
 * @property {number} [p99Ratio] ours / baseline p99
 * @property {DrainAlone} drainAlone
 * @property {LoadSummary & { statuses: StatusCounts, accepted: number, cost?: Cost, apiPeakMemoryMiB?: number }} sustained
 * @property {DrainStats} drain
 * @property {BarePipelineResult} [barePipeline] the baseline server with a bare worker draining
 * @property {number} [pipelineShare] ours + worker / bare pipeline, requests per second
 */
/**
 * @typedef {LoadSummary & { statuses: StatusCounts, accepted: number, drained: boolean, cost?: Cost }} BarePipelineResult
 */

/** @param {Bench} bench */
function drainQueue(bench) {
  return waitForDrain({
    queue: bench.queue,
    count: () => submissionCount(bench.pool),
    expectedAtLeast: bench.acceptedSoFar(),
    timeoutMs: bench.config.drainTimeoutSeconds * 1000,
  });
}

/** Warm-up of ours and the baseline, then the drain of what it queued. @param {Bench} bench */
export async function warmUp(bench) {
  const seconds = bench.config.warmupSeconds;
  bench.say(`Warm-up: ${seconds} s each`);
  await runLoad({
    url: bench.ours,
    connections: 10,
    durationSeconds: seconds,
    nextRequest: bench.mix,
    wrkMix: bench.wrkMix,
    ledger: bench.newLedger(),
  });
  if (bench.base)
    await runLoad({
      url: bench.base,
      connections: 10,
      durationSeconds: seconds,
      nextRequest: bench.baseMix,
      wrkMix: bench.wrkBaseMix,
      ledger: new Ledger(),
    });
  await drainQueue(bench);
}

/**
 * Background Redis traffic with no load (worker polling, samplers, health checks): it
 * competes for the same two cores and is part of every per-request count.
 * @param {Bench} bench
 */
export async function idleRedisCommandsPerSecond(bench) {
  const before = await commandsProcessed(bench.redis);
  await sleep(2000);
  return Math.round(((await commandsProcessed(bench.redis)) - before) / 2);
}

/**
 * 1. Intake alone, under the baseline's conditions: nothing consumes while it runs (the queue
 * is paused, so accepted jobs wait in Redis). The headline ratio compares like with like; the
 * worker's own share of the two cores is measured by `drainAlone`.
 * @param {Bench} bench
 * @param {number} connections
 * @returns {Promise<OursResult>}
 */
export async function measureOurs(bench, connections) {
  await bench.queue.pause();
  bench.say(
    `Ours at ${connections} connections for ${bench.config.durationSeconds} s (worker paused)...`,
  );
  const ledger = bench.newLedger();
  const windowStart = monotonicMicros();
  const commandsBefore = await commandsProcessed(bench.redis);
  const costBefore = await readCost(bench.pids, bench.redis);
  const load = await runLoad({
    url: bench.ours,
    connections,
    durationSeconds: bench.config.durationSeconds,
    nextRequest: bench.mix,
    wrkMix: bench.wrkMix,
    ledger,
  });
  const costAfter = await readCost(bench.pids, bench.redis);
  bench.profileWindows.push([windowStart, monotonicMicros()]);
  const commands = (await commandsProcessed(bench.redis)) - commandsBefore;
  return {
    ...load,
    statuses: ledger.statusCounts(),
    accepted: ledger.accepted,
    apiPeakMemoryMiB: bench.api && peakMemoryMiB(bench.api.child.pid),
    redisCommandsPerRequest: perRequest(commands, load),
    cost: costBetween(costBefore, costAfter, {
      requests: load.responses,
      leads: ledger.accepted,
    }),
  };
}

/**
 * 2. The baseline, under the same conditions; its queue is emptied afterwards.
 * @param {Bench} bench
 * @param {string} base
 * @param {number} connections
 * @returns {Promise<BaselineResult>}
 */
export async function measureBaseline(bench, base, connections) {
  bench.say(
    `Baseline at ${connections} connections for ${bench.config.durationSeconds} s...`,
  );
  const ledger = new Ledger();
  const pids = {
    api: bench.baselinePid,
    redis: bench.pids.redis,
    generator: bench.pids.generator,
  };
  const commandsBefore = await commandsProcessed(bench.redis);
  const costBefore = await readCost(pids, bench.redis);
  const load = await runLoad({
    url: base,
    connections,
    durationSeconds: bench.config.durationSeconds,
    nextRequest: bench.baseMix,
    wrkMix: bench.wrkBaseMix,
    ledger,
  });
  const costAfter = await readCost(pids, bench.redis);
  const commands = (await commandsProcessed(bench.redis)) - commandsBefore;
  await bench.baselineQueue.obliterate({ force: true }).catch(() => undefined);
  return {
    ...load,
    statuses: ledger.statusCounts(),
    redisCommandsPerRequest: perRequest(commands, load),
    cost: costBetween(costBefore, costAfter, {
      requests: load.responses,
      leads: ledger.accepted,
    }),
  };
}

/**
 * 3. The worker alone, on the backlog `measureOurs` left: its drain capacity.
 * @param {Bench} bench
 * @returns {Promise<DrainAlone>}
 */
export async function drainAlone(bench) {
  const backlogFrom = await submissionCount(bench.pool);
  const resumedAt = Date.now();
  await bench.queue.resume();
  const backlog = await drainQueue(bench);
  const leads = (backlog.persisted ?? backlogFrom) - backlogFrom;
  const seconds = Math.round((Date.now() - resumedAt) / 100) / 10;
  return {
    drained: backlog.drained,
    leads,
    seconds,
    perSecond: Math.round(leads / Math.max(0.001, seconds)),
  };
}

/**
 * 4. Sustained: intake and worker together on the same two cores, as on one small machine in
 * production; did the worker keep up while the load ran?
 * @param {Bench} bench
 * @param {number} connections
 * @returns {Promise<Pick<Level, 'sustained' | 'drain'>>}
 */
export async function measureTogether(bench, connections) {
  bench.say(
    `Ours at ${connections} connections for ${bench.config.durationSeconds} s with the worker draining...`,
  );
  const ledger = bench.newLedger();
  /** @type {Sample[]} */
  const samples = [];
  const sampler = sampleProgress(bench.pool, samples);
  // Everything a lead costs, in every process, from its request to its row: the window runs
  // until the worker has drained what this load queued.
  const costBefore = await readCost(bench.pids, bench.redis);
  const loadStart = Date.now();
  const load = await runLoad({
    url: bench.ours,
    connections,
    durationSeconds: bench.config.durationSeconds,
    nextRequest: bench.mix,
    wrkMix: bench.wrkMix,
    ledger,
  });
  const loadEnd = Date.now();
  const drain = await drainQueue(bench);
  const drainedAt = Date.now();
  await sampler.stop();
  const costAfter = await readCost(bench.pids, bench.redis);
  return {
    sustained: {
      ...load,
      statuses: ledger.statusCounts(),
      accepted: ledger.accepted,
      apiPeakMemoryMiB: bench.api && peakMemoryMiB(bench.api.child.pid),
      cost: costBetween(costBefore, costAfter, {
        requests: load.responses,
        leads: ledger.accepted,
      }),
    },
    drain: drainStats({
      samples,
      loadStart,
      loadEnd,
      drainedAt,
      accepted: ledger.accepted,
      drained: drain.drained,
    }),
  };
}

/**
 * 5. The bare pipeline: the baseline server under the same load with a bare BullMQ worker
 * (tools/bench/baseline-worker.mjs) storing its jobs with multi-row INSERTs alongside, until
 * its queue is empty. "ours + worker" is read as a share of it.
 * @param {Bench} bench
 * @param {string} base
 * @param {number} connections
 * @returns {Promise<BarePipelineResult>}
 */
export async function measureBarePipeline(bench, base, connections) {
  const worker = bench.run.track(
    startApp({
      name: 'baseline-worker',
      env: { ...bench.env, QUEUE_PREFIX: `${bench.prefix}-baseline` },
      logFile: bench.run.logFile('baseline-worker'),
    }),
  );
  try {
    const ready = Date.now() + 20_000;
    while (!worker.lines.some((line) => line.includes('consuming'))) {
      if (Date.now() > ready || worker.child.exitCode !== null)
        throw new Error(
          `the bare worker did not start:\n${worker.lines.join('\n')}`,
        );
      await sleep(100);
    }
    bench.say(
      `Bare pipeline at ${connections} connections for ${bench.config.durationSeconds} s...`,
    );
    const ledger = new Ledger();
    const pids = {
      api: bench.baselinePid,
      worker: worker.child.pid,
      redis: bench.pids.redis,
      postgres: bench.pids.postgres,
      generator: bench.pids.generator,
    };
    const costBefore = await readCost(pids, bench.redis);
    const load = await runLoad({
      url: base,
      connections,
      durationSeconds: bench.config.durationSeconds,
      nextRequest: bench.baseMix,
      wrkMix: bench.wrkBaseMix,
      ledger,
    });
    const deadline = Date.now() + bench.config.drainTimeoutSeconds * 1000;
    let drained = false;
    while (!drained && Date.now() < deadline) {
      drained = (await pendingJobs(bench.baselineQueue)) === 0;
      if (!drained) await sleep(100);
    }
    const costAfter = await readCost(pids, bench.redis);
    return {
      ...load,
      statuses: ledger.statusCounts(),
      accepted: ledger.accepted,
      drained,
      cost: costBetween(costBefore, costAfter, {
        requests: load.responses,
        leads: ledger.accepted,
      }),
    };
  } finally {
    await stopApp(worker);
    await bench.baselineQueue
      .obliterate({ force: true })
      .catch(() => undefined);
  }
}

/**
 * One short phase against an api with the default rate limits: how fast a flood from one
 * address is turned away.
 * @param {Bench} bench
 * @returns {Promise<FloodResult>}
 */
export async function flood(bench) {
  const port = await findFreePort();
  const api = bench.run.track(
    startApp({
      name: 'api-default-limits',
      kind: 'api',
      env: { ...bench.env, PORT: String(port), HOST: '127.0.0.1' },
      logFile: bench.run.logFile('api-default-limits'),
    }),
  );
  try {
    await waitForApi(api, port);
    bench.say(
      `Flood with default limits: 50 connections for ${bench.config.floodSeconds} s...`,
    );
    const ledger = bench.newLedger();
    const load = await runLoad({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      durationSeconds: bench.config.floodSeconds,
      nextRequest: bench.mix,
      wrkMix: bench.wrkMix,
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

/**
 * Last: waits for the worker to drain, then checks every request of the run against the
 * rows. On a targeted stack (`external`) others may write too, so only our own ids count.
 * @param {Bench} bench
 * @param {{ ledgers: Ledger[], rowsBefore: number, external: boolean }} run
 */
export async function reconcileRun(bench, { ledgers, rowsBefore, external }) {
  bench.say('Waiting for the worker to drain, then reconciling...');
  const finalDrain = await drainQueue(bench);
  const entries = ledgers.flatMap((ledger) => [...ledger.entries]);
  const persisted = await persistedIds(
    bench.pool,
    entries.map(([id]) => id),
  );
  const newRows = (await submissionCount(bench.pool)) - rowsBefore;
  const reconciliation = reconcile(entries, persisted, {
    unexplainedRows: external ? 0 : newRows - persisted.size,
  });
  reconciliation.drained = finalDrain.drained;
  reconciliation.ok &&= finalDrain.drained;
  return reconciliation;
}

/**
 * Removes our queues from a Redis that outlives us, never a targeted stack's own.
 * @param {Bench} bench
 * @param {string} redisUrl
 * @param {boolean} external
 */
export async function removeQueues(bench, redisUrl, external) {
  const queues = [openQueue(redisUrl, `${bench.prefix}-baseline`)];
  if (!external) queues.push(openQueue(redisUrl, bench.prefix));
  await Promise.all(
    queues.map((q) => q.obliterate({ force: true }).catch(() => undefined)),
  );
  await Promise.all(queues.map((q) => q.close()));
}

/**
 * Reads the api's CPU profile (written as it exits) and summarises the measured windows.
 * @param {string} dir
 * @param {[number, number][]} windows
 */
export async function readProfile(dir, windows) {
  const files = (await readdir(dir).catch(() => [])).filter((file) =>
    file.endsWith('.cpuprofile'),
  );
  const latest = files.sort().at(-1);
  if (!latest) return { error: `no .cpuprofile in ${dir}` };
  const file = path.join(dir, latest);
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

/** @typedef {{ at: number, persisted: number }} Sample */

/**
 * @param {import('pg').Pool} pool
 * @param {Sample[]} samples
 */
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
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Drain rate over the level (first to last new row), its best one-second window, and the
 * backlog left when the load stopped.
 * @param {{ samples: Sample[], loadStart: number, loadEnd: number, drainedAt: number, accepted: number, drained: boolean }} run
 * @returns {DrainStats}
 */
export function drainStats({
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

function monotonicMicros() {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Redis commands per answered request while a server was under load: ours includes the
 * worker draining alongside it (and, on a shared Redis, everyone else's commands).
 * @param {number} commands
 * @param {LoadSummary} load
 */
function perRequest(commands, load) {
  return load.responses > 0
    ? Math.round((commands / load.responses) * 10) / 10
    : undefined;
}

/**
 * @param {number} a
 * @param {number} b
 */
export function ratio(a, b) {
  return b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
}
