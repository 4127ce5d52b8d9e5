// The bench's report: targets met or not, the tables for the terminal, the results files and
// the README section.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProfile } from './cpu-profile.mjs';
import { repoRoot } from './lib/apps.mjs';
import { markdownTable, statusText, textTable } from './lib/ledger.mjs';
import { updateReadmeSection } from './lib/readme.mjs';

/** @typedef {import('./phases.mjs').Level} Level */
/** @typedef {import('./lib/ledger.mjs').Reconciliation} Reconciliation */
/** @typedef {{ target: string, value: unknown, met: boolean }} Target */
/**
 * @typedef {object} BenchResult
 * @property {string} runId
 * @property {import('./lib/run.mjs').Run['machine']} machine
 * @property {import('./phases.mjs').BenchConfig & { apiEnv: Record<string, string> }} config
 * @property {string} baselineDoes
 * @property {string} [generator] wrk or autocannon
 * @property {number} [webhookEndpoints] active endpoints during the run
 * @property {number} idleRedisCommandsPerSecond
 * @property {Level[]} levels
 * @property {import('./phases.mjs').FloodResult} [flood]
 * @property {Reconciliation} reconciliation
 * @property {Target[]} targets
 * @property {Awaited<ReturnType<typeof import('./phases.mjs').readProfile>>} [cpuProfile]
 */
/**
 * One line of the results table.
 * @typedef {object} Row
 * @property {string} server
 * @property {number} connections
 * @property {import('./lib/load.mjs').LoadSummary & { statuses: import('./lib/ledger.mjs').StatusCounts, redisCommandsPerRequest?: number }} load
 * @property {number} [memory]
 * @property {{ text: string }} [drain]
 * @property {string} [ratio]
 */

/**
 * @param {Level[]} levels
 * @param {Reconciliation} reconciliation
 * @returns {Target[]}
 */
export function evaluateTargets(levels, reconciliation) {
  /** @param {number} n */
  const at = (n) => levels.find((level) => level.connections === n);
  /** @type {Target[]} */
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

/** @type {import('./lib/ledger.mjs').Columns<Row>} */
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

/**
 * @param {BenchResult} result
 * @returns {Row[]}
 */
function tableRows(result) {
  /** @type {Row[]} */
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
        memory: level.sustained.apiPeakMemoryMiB,
        drain: {
          text: `${level.drain.drainPerSecond} (peak ${level.drain.peakDrainPerSecond})`,
        },
        ratio:
          level.pipelineShare === undefined
            ? ''
            : `${level.pipelineShare} of bare pipeline`,
      });
    if (level.barePipeline)
      rows.push({
        server: 'bare pipeline',
        connections: level.connections,
        load: level.barePipeline,
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

const PROCESSES = ['api', 'worker', 'redis', 'postgres', 'generator'];

/**
 * What a request and a lead cost, process by process (CPU from /proc, each process with its
 * children), and Redis's own count: the table the README's bench section is built from.
 * @param {BenchResult} result
 */
export function costReport(result) {
  /** @type {{ server: string, connections: number, cost: import('./lib/cost.mjs').Cost }[]} */
  const rows = [];
  for (const level of result.levels) {
    const { connections } = level;
    if (level.ours.cost)
      rows.push({ server: 'ours', connections, cost: level.ours.cost });
    if (level.baseline?.cost)
      rows.push({ server: 'baseline', connections, cost: level.baseline.cost });
    if (level.sustained?.cost)
      rows.push({
        server: 'ours + worker (to drained)',
        connections,
        cost: level.sustained.cost,
      });
    if (level.barePipeline?.cost)
      rows.push({
        server: 'bare pipeline (to drained)',
        connections,
        cost: level.barePipeline.cost,
      });
  }
  if (rows.length === 0) return [];
  const cpu = (
    /** @type {import('./lib/cost.mjs').Cost} */ c,
    /** @type {string} */ p,
  ) => c.cpuMsPerRequest[p] ?? '';
  /** @type {string[]} */
  const lines = [
    "Cost per answered request (CPU ms from /proc) and per accepted lead (Redis). *ours* and *baseline* have no consumer; *ours + worker* runs until the worker has stored what the load queued, so its Redis figures carry every process's work for a lead (intake, rate limits, audit, the worker's fetch and completion, events).",
    '',
    markdownTable(
      [
        ['server', (r) => r.server],
        ['conns', (r) => r.connections],
        ...PROCESSES.map(
          (p) =>
            /** @type {[string, (r: (typeof rows)[number]) => unknown]} */ ([
              `${p} ms/req`,
              (r) => cpu(r.cost, p),
            ]),
        ),
        ['redis CPU ms/lead', (r) => r.cost.redisCpuMsPerLead],
        ['redis cmds/lead', (r) => r.cost.redisCommandsPerLead],
      ],
      rows,
    ),
  ];
  /** @type {string[]} */
  const ratios = [];
  for (const level of result.levels) {
    const ours = level.ours.cost;
    const base = level.baseline?.cost;
    const together = level.sustained?.cost;
    if (ours && base && base.cpuMsPerRequest.api)
      ratios.push(
        `${level.connections} connections: api CPU/request ${ratio2(ours.cpuMsPerRequest.api, base.cpuMsPerRequest.api)}× the baseline's (target ≤ 2.5)`,
      );
    const bare = level.barePipeline?.cost;
    if (together && bare && bare.cpuMsPerRequest.api)
      ratios.push(
        `${level.connections} connections, with the workers draining: ours ${level.sustained.requestsPerSecond} req/s = ${level.pipelineShare} of the bare pipeline's ${level.barePipeline?.requestsPerSecond}; api CPU/request ${ratio2(together.cpuMsPerRequest.api, bare.cpuMsPerRequest.api)}×, worker ${ratio2(together.cpuMsPerRequest.worker, bare.cpuMsPerRequest.worker)}×, Redis CPU/lead ${ratio2(together.redisCpuMsPerLead, bare.redisCpuMsPerLead)}× the bare pipeline's`,
      );
    if (together && base)
      ratios.push(
        `${level.connections} connections: Redis CPU/lead ${together.redisCpuMsPerLead} ms with the worker's share, ${ratio2(together.redisCpuMsPerLead, base.redisCpuMsPerLead)}× the baseline's intake-only (target ≤ 0.06 ms, ≤ 3×); ${together.redisCommandsPerLead} commands/lead (target ≤ 12)`,
      );
  }
  if (ratios.length) lines.push('', ...ratios.map((line) => `- ${line}`));
  const last = rows.filter((r) => r.server.startsWith('ours + worker')).at(-1);
  if (last)
    lines.push(
      '',
      `Where Redis time goes (INFO commandstats, ${last.connections} connections, ours + worker, per accepted lead; a script's usec includes the commands it ran, listed again on their own):`,
      '',
      markdownTable(
        [
          ['command', (c) => c.command],
          ['calls/lead', (c) => c.callsPerLead],
          ['usec/lead', (c) => c.usecPerLead],
        ],
        last.cost.topCommands,
      ),
    );
  return lines;
}

/**
 * @param {number | undefined} a
 * @param {number | undefined} b
 */
function ratio2(a, b) {
  return a !== undefined && b ? Math.round((a / b) * 100) / 100 : '?';
}

/** @param {BenchResult} result */
function markdownReport(result) {
  const { machine, config: c, reconciliation: r } = result;
  const lines = [
    `Run ${result.runId} on ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (load average at start ${machine.loadAverageAtStart.join(', ')}).`,
    `Load generator: ${result.generator ?? 'autocannon'}${result.webhookEndpoints ? `; ${result.webhookEndpoints} active webhook endpoint(s) on a local receiver` : ''}. ${c.durationSeconds} s per phase, ${c.warmupSeconds} s warm-up, ${Math.round(c.duplicateShare * 100)} % duplicates, ${Math.round(c.invalidShare * 100)} % invalid; load generator, api, worker, Redis and PostgreSQL on the same machine. Idle Redis traffic before the load: ${result.idleRedisCommandsPerSecond} commands/s.`,
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
  const cost = costReport(result);
  if (cost.length) lines.push('', ...cost);
  if (result.flood && !result.flood.rateLimiterSeen)
    lines.push(
      '',
      'Flood phase: no 429 answers, so the api under test has no rate limiter (yet).',
    );
  const profile = result.cpuProfile;
  if (profile && 'areas' in profile) {
    lines.push(
      '',
      `CPU profile of the api (${profile.file}), self time by package:`,
      '',
    );
    lines.push(
      markdownTable(
        [
          ['package', (a) => a.name],
          ['share %', (a) => a.share],
        ],
        profile.areas.slice(0, 10),
      ),
      '',
      'The same, with time in node core and native code charged to the package that called it:',
      '',
      markdownTable(
        [
          ['package', (a) => a.name],
          ['share %', (a) => a.share],
        ],
        profile.callers.slice(0, 10),
      ),
    );
  }
  return lines.join('\n');
}

/**
 * @param {string} outDir
 * @param {BenchResult} result
 * @param {(message: string) => void} say
 */
export async function writeResults(outDir, result, say) {
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

/**
 * @param {BenchResult} result
 * @param {(message: string) => void} say
 */
export async function updateReadme(result, say) {
  const updated = await updateReadmeSection('bench', markdownReport(result));
  say(
    updated
      ? 'README.md: latest table updated.'
      : 'README.md has no bench:latest section; not updated.',
  );
}

/** @param {BenchResult} result */
export function printSummary(result) {
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
  const cost = costReport(result);
  if (cost.length) out.push('', ...cost);
  const r = result.reconciliation;
  out.push(
    '',
    `Reconciliation: sent ${r.sent}, accepted ${r.accepted}, of them persisted ${r.accepted - r.lost}, LOST ${r.lost}, extra ${r.extra}; unanswered/5xx ${r.inDoubt} (${r.inDoubtPersisted} persisted)${r.drained ? '' : ', queue NOT drained'}`,
  );
  if (r.lostIds.length) out.push(`  lost e.g.: ${r.lostIds.join(' ')}`);
  if (r.extraIds.length) out.push(`  extra e.g.: ${r.extraIds.join(' ')}`);
  if (result.flood && !result.flood.rateLimiterSeen)
    out.push('Flood phase: no 429 answers: the api has no rate limiter (yet).');
  const profile = result.cpuProfile;
  if (profile && 'areas' in profile)
    out.push('', `CPU profile ${profile.file}:`, formatProfile(profile));
  out.push(
    '',
    r.ok
      ? 'OK: every accepted submission was persisted exactly once.'
      : 'FAILED: the reconciliation found lost or extra submissions.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

/** @param {Level} level */
export function levelLine(level) {
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
