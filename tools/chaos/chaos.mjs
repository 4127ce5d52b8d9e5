#!/usr/bin/env node
// `npm run chaos`: steady load on two api instances while one fault at a time hits the
// system; after each, every submission answered 202 must be persisted exactly once.
// Runs on its own embedded PostgreSQL and Redis (appendonly, appendfsync always), never on
// DATABASE_URL / REDIS_URL, on loopback only, for a fixed time per fault.
//
// Flags (env in brackets):
//   --duration 12        [CHAOS_DURATION]       seconds of load per fault
//   --connections 8      [CHAOS_CONNECTIONS]    connections per api instance
//   --faults a,b         [CHAOS_FAULTS]         subset of: worker-kill, postgres-restart,
//                                               redis-kill, audit-unreachable, api-sigterm
//   --drain-timeout 120  [CHAOS_DRAIN_TIMEOUT]  seconds to wait for the queue to drain
//   --out bench/results, --no-readme
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort, startPostgres, startRedis } from '../stack/stack.mjs';
import { sleep } from '../stack/processes.mjs';
import {
  killApp,
  repoRoot,
  requireBuilt,
  runToEnd,
  startApp,
  stopApp,
  waitForApi,
  waitForWorker,
} from '../bench/lib/apps.mjs';
import {
  Ledger,
  createRequestMix,
  markdownTable,
  reconcile,
  statusText,
  textTable,
} from '../bench/lib/ledger.mjs';
import { runLoad } from '../bench/lib/load.mjs';
import { updateReadmeSection } from '../bench/lib/readme.mjs';
import { RAISED_LIMITS, createRun, productionEnv } from '../bench/lib/run.mjs';
import { startServices, withoutStopNoise } from '../bench/lib/services.mjs';
import {
  openDatabase,
  openQueue,
  persistedIds,
  submissionCount,
  waitForDrain,
} from '../bench/lib/store.mjs';
import { startTcpProxy } from '../../libs/server/util-testing/src/lib/tcp-proxy.cjs';
import { runScript } from '../bench/lib/run-script.mjs';

const say = withoutStopNoise((message) => console.error(`[chaos] ${message}`));
/** @typedef {'worker-kill' | 'postgres-restart' | 'redis-kill' | 'audit-unreachable' | 'api-sigterm'} FaultName */
/** @type {FaultName[]} */
const ALL_FAULTS = [
  'worker-kill',
  'postgres-restart',
  'redis-kill',
  'audit-unreachable',
  'api-sigterm',
];

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.CHAOS_DURATION ?? '12' },
    connections: {
      type: 'string',
      default: process.env.CHAOS_CONNECTIONS ?? '8',
    },
    faults: {
      type: 'string',
      default: process.env.CHAOS_FAULTS ?? ALL_FAULTS.join(','),
    },
    'drain-timeout': {
      type: 'string',
      default: process.env.CHAOS_DRAIN_TIMEOUT ?? '120',
    },
    out: { type: 'string', default: 'bench/results' },
    'no-readme': { type: 'boolean', default: false },
  },
});
const config = {
  durationSeconds: Number(flags.duration),
  connectionsPerApi: Number(flags.connections),
  faults: flags.faults.split(',').map((f) => faultName(f.trim())),
  drainTimeoutSeconds: Number(flags['drain-timeout']),
};

/** @type {import('../../libs/server/util-testing/src/lib/tcp-proxy.cjs').TcpProxy | undefined} */
let proxy;
const run = createRun({ name: 'chaos', out: flags.out });
runScript({ main, cleanup: run.cleanup, say });

async function main() {
  requireBuilt();
  const { machine, runId, outDir, logDir } = run;
  const log = run.logFile;

  const services = await startServices({
    into: run.services,
    name: 'chaos',
    say,
    useGiven: false,
    appendfsync: 'always',
  });
  const audit = await auditStore(services.databaseUrl);
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...productionEnv({
      databaseUrl: services.databaseUrl,
      redisUrl: services.redisUrl,
      prefix: 'chaos',
    }),
    ...RAISED_LIMITS,
    // Quick recovery, so each fault is over within the run: a killed worker's jobs are
    // taken back after 5 s instead of 30 s, and failed batches retry after 200 ms.
    WORKER_LOCK_DURATION_MS: '5000',
    WORKER_STALLED_INTERVAL_MS: '5000',
    JOB_BACKOFF_MS: '200',
    AUDIT_BACKOFF_MS: '200',
    AUDIT_BACKOFF_MAX_MS: '2000',
    ...audit.env,
  };
  delete env.MONGODB_URI;
  await runToEnd({
    name: 'migrate',
    kind: 'worker',
    args: ['migrate'],
    env,
    logFile: log('migrate'),
  });

  const workerPort = await findFreePort();
  const workerEnv = { ...env, WORKER_PORT: String(workerPort) };
  const startWorker = async () => {
    const worker = run.track(
      startApp({ name: 'worker', env: workerEnv, logFile: log('worker') }),
    );
    await waitForWorker(worker, workerPort);
    return worker;
  };
  const apiPorts = [await findFreePort(), await findFreePort()];
  /** @param {number} i */
  const startApi = async (i) => {
    const api = run.track(
      startApp({
        name: `api-${i + 1}`,
        kind: 'api',
        env: { ...env, PORT: String(apiPorts[i]), HOST: '127.0.0.1' },
        logFile: log(`api-${i + 1}`),
      }),
    );
    await waitForApi(api, apiPorts[i]);
    return api;
  };
  const running = {
    worker: await startWorker(),
    apis: [await startApi(0), await startApi(1)],
  };
  say(
    `apis :${apiPorts.join(', :')}, worker :${workerPort}; logs in ${path.relative(repoRoot, logDir)}`,
  );

  const pool = await openDatabase(services.databaseUrl);
  const queue = openQueue(services.redisUrl, 'chaos');
  const mix = createRequestMix({
    duplicateShare: 0.1,
    invalidShare: 0.05,
    start: Math.floor(Math.random() * 9_000_000),
  });

  const pgServer = services.pg;
  const redisServer = services.redis;
  if (!pgServer || !redisServer)
    throw new Error('chaos runs on its own servers');
  /** @type {Record<FaultName, { label: string, notApplicable?: string, inject(): Promise<void> }>} */
  const faults = {
    'worker-kill': {
      label: 'SIGKILL the worker, restart it',
      async inject() {
        await killApp(running.worker);
        await sleep(1000);
        running.worker = await startWorker();
      },
    },
    'postgres-restart': {
      label: 'restart PostgreSQL',
      async inject() {
        await pgServer.stop();
        await sleep(2000);
        Object.assign(
          pgServer,
          await startPostgres({
            dataDir: pgServer.dataDir,
            port: pgServer.port,
            log: say,
          }),
        );
      },
    },
    'redis-kill': {
      label: 'SIGKILL Redis, restart it (AOF, fsync always)',
      async inject() {
        const pid = Number(
          readFileSync(
            path.join(redisServer.dataDir, 'redis.pid'),
            'utf8',
          ).trim(),
        );
        process.kill(pid, 'SIGKILL');
        await redisServer.stop(); // returns once the killed server has exited
        await sleep(1000);
        Object.assign(
          redisServer,
          await startRedis({
            dataDir: redisServer.dataDir,
            port: redisServer.port,
            appendfsync: 'always',
            log: say,
          }),
        );
      },
    },
    'audit-unreachable': {
      label: 'audit store unreachable for 4 s',
      notApplicable: audit.notApplicable,
      async inject() {
        await proxy?.close();
        await sleep(4000);
        await proxy?.open();
      },
    },
    'api-sigterm': {
      label: 'SIGTERM api-2, start it again',
      async inject() {
        await stopApp(running.apis[1], 'SIGTERM');
        running.apis[1] = await startApi(1);
      },
    },
  };

  /** @type {Row[]} */
  const rows = [];
  for (const name of config.faults) {
    const fault = faults[name];
    if (fault.notApplicable) {
      say(`${name}: not applicable yet (${fault.notApplicable})`);
      rows.push({
        fault: name,
        label: fault.label,
        notApplicable: fault.notApplicable,
      });
      continue;
    }
    say(
      `${name}: ${config.durationSeconds} s of load on both apis, fault after ${Math.round(config.durationSeconds / 3)} s...`,
    );
    const before = await submissionCount(pool);
    const auditBefore = await auditEventCount(pool);
    const ledger = new Ledger();
    const loads = apiPorts.map((port) =>
      runLoad({
        url: `http://127.0.0.1:${port}`,
        connections: config.connectionsPerApi,
        durationSeconds: config.durationSeconds,
        nextRequest: mix,
        ledger,
        timeoutSeconds: 5,
      }),
    );
    await sleep((config.durationSeconds * 1000) / 3);
    const faultStart = Date.now();
    await fault.inject();
    const recoverySeconds = (Date.now() - faultStart) / 1000;
    const results = await Promise.all(loads);
    const drainStart = Date.now();
    const drain = await waitForDrain({
      queue,
      count: () => submissionCount(pool),
      expectedAtLeast: before + ledger.accepted,
      timeoutMs: config.drainTimeoutSeconds * 1000,
    });
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const ids = [...ledger.entries.keys()];
    const persisted = await persistedIds(pool, ids);
    const after = await submissionCount(pool);
    const rec = reconcile(ledger.entries, persisted, {
      unexplainedRows: after - before - persisted.size,
    });
    /** @type {Row} */
    const row = {
      fault: name,
      label: fault.label,
      ...rec,
      ok: rec.ok && drain.drained,
      drained: drain.drained,
      statuses: ledger.statusCounts(),
      requestsPerSecond: Math.round(
        results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
      ),
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      auditEventsWritten:
        auditBefore === undefined
          ? undefined
          : ((await auditEventCount(pool)) ?? 0) - auditBefore,
    };
    // The fault is only real if something ever used the audit store through the proxy.
    if (name === 'audit-unreachable' && (proxy?.connections ?? 0) === 0) {
      row.note =
        'not applicable yet: no process connected to the audit store (AUDIT_DATABASE_URL) during the run';
    }
    rows.push(row);
    say(
      `${name}: accepted ${row.accepted}, persisted ${row.persisted}, lost ${row.lost}, extra ${row.extra}${row.drained ? '' : ', NOT drained'}; answers ${statusText(row.statuses ?? {})}`,
    );
  }
  await pool.end();
  await queue.close();

  const failed = rows.some((row) => !row.notApplicable && !row.ok);
  const result = {
    runId,
    machine,
    config,
    audit: {
      applicable: !audit.notApplicable,
      note: audit.notApplicable ?? audit.note,
    },
    rows,
    ok: !failed,
  };
  const md = `# Chaos ${runId}\n\n${markdownReport(result)}\n`;
  await writeFile(
    path.join(outDir, `chaos-${runId}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  await writeFile(path.join(outDir, `chaos-${runId}.md`), md);
  await writeFile(path.join(outDir, 'latest-chaos.md'), md);
  await writeFile(
    path.join(outDir, 'latest-chaos.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  process.stdout.write(
    `\n${textTable(COLUMNS, rows)}\n\n${failed ? 'FAILED: a fault lost or duplicated accepted submissions (or the queue did not drain).' : 'OK: after every fault, each submission answered 202 was persisted exactly once.'}\n`,
  );
  say(
    `Results: ${path.relative(repoRoot, path.join(outDir, `chaos-${runId}.{json,md}`))}`,
  );
  if (
    !flags['no-readme'] &&
    (await updateReadmeSection('chaos', markdownReport(result)))
  ) {
    say('README.md: latest chaos table updated.');
  }
  return failed ? 1 : 0;
}

/**
 * One fault's outcome; `notApplicable` rows were not run.
 * @typedef {Partial<import('../bench/lib/ledger.mjs').Reconciliation> & { fault: FaultName, label: string, notApplicable?: string, note?: string, drained?: boolean, statuses?: import('../bench/lib/ledger.mjs').StatusCounts, requestsPerSecond?: number, recoverySeconds?: number, drainSeconds?: number, auditEventsWritten?: number }} Row
 */

/**
 * @param {string} name
 * @returns {FaultName}
 */
function faultName(name) {
  const fault = ALL_FAULTS.find((known) => known === name);
  if (!fault)
    throw new Error(`unknown fault "${name}"; use: ${ALL_FAULTS.join(', ')}`);
  return fault;
}

/**
 * The audit trail's store is put behind a TCP proxy that the audit fault cuts. It applies
 * when the built apps know AUDIT_DATABASE_URL (PostgreSQL audit store): the proxy then
 * fronts our own PostgreSQL and only the audit connections go through it.
 */
/** Rows in audit_events, or undefined while there is no such table. */
/** @param {import('pg').Pool} pool */
async function auditEventCount(pool) {
  try {
    const { rows } = await pool.query(
      "SELECT CASE WHEN to_regclass('audit_events') IS NULL THEN NULL ELSE (SELECT count(*)::int FROM audit_events) END AS n",
    );
    return rows[0].n ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} databaseUrl
 * @returns {Promise<{ env: Record<string, string>, notApplicable?: string, note?: string }>}
 */
async function auditStore(databaseUrl) {
  const built = readFileSync(
    path.join(repoRoot, 'dist/apps/worker/main.js'),
    'utf8',
  );
  if (!built.includes('AUDIT_DATABASE_URL')) {
    return {
      env: {},
      notApplicable:
        'the built apps have no audit store (no AUDIT_DATABASE_URL)',
    };
  }
  const started = await startTcpProxy(databaseUrl);
  proxy = started;
  run.onCleanup(() => started.close());
  return {
    env: { AUDIT_DATABASE_URL: proxy.url },
    note: `AUDIT_DATABASE_URL goes through a TCP proxy on :${proxy.port} that the fault closes`,
  };
}

/** @type {import('../bench/lib/ledger.mjs').Columns<Row>} */
const COLUMNS = [
  ['fault', (r) => r.fault],
  ['accepted', (r) => (r.notApplicable ? '-' : r.accepted)],
  [
    'persisted',
    (r) => (r.notApplicable ? '-' : (r.accepted ?? 0) - (r.lost ?? 0)),
  ],
  ['lost', (r) => (r.notApplicable ? 'not applicable yet' : r.lost)],
  ['extra', (r) => (r.notApplicable ? '-' : r.extra)],
  [
    '5xx/no answer (persisted)',
    (r) => (r.notApplicable ? '-' : `${r.inDoubt} (${r.inDoubtPersisted})`),
  ],
  ['req/s', (r) => r.requestsPerSecond ?? '-'],
  ['fault+recovery s', (r) => r.recoverySeconds ?? '-'],
  [
    'drain s',
    (r) =>
      r.notApplicable
        ? '-'
        : `${r.drainSeconds}${r.drained ? '' : ' NOT drained'}`,
  ],
  ['audit rows', (r) => r.auditEventsWritten ?? '-'],
  ['ok', (r) => (r.notApplicable ? '-' : r.ok ? 'yes' : 'NO')],
  ['note', (r) => r.note ?? r.notApplicable ?? ''],
];

/**
 * @param {{ runId: string, machine: import('../bench/lib/run.mjs').Run['machine'], config: typeof config, audit: { note?: string }, rows: Row[] }} result
 */
function markdownReport(result) {
  const { machine } = result;
  return [
    `Run ${result.runId} on ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node} (load average at start ${machine.loadAverageAtStart.join(', ')}); ${result.config.durationSeconds} s of load per fault, ${result.config.connectionsPerApi} connections on each of two api instances; own PostgreSQL and Redis (appendonly, appendfsync always).`,
    '',
    markdownTable(COLUMNS, result.rows),
    '',
    `"persisted" counts the 202 answers found in lead_submissions; "5xx/no answer" are requests cut by the fault (the client cannot know their fate; those persisted are shown in brackets); "audit rows" are audit_events rows written during the fault's load and drain. Audit: ${result.audit.note}.`,
  ].join('\n');
}
