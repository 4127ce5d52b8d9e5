// One wrk run against POST /api/leads (wrk-intake.lua), every request recorded in a Ledger.
// wrk is a light C generator: where it is installed the bench uses it, so the generator
// takes less of the machine than autocannon does; autocannon stays the fallback.
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./wrk-intake.lua', import.meta.url));

/** CPU ms that every wrk run so far took (user + system), for the generator's share. */
let wrkCpuMs = 0;
export const wrkCpuMsSoFar = () => wrkCpuMs;

/** @type {boolean | undefined} */
let available;
/** Whether `wrk` runs here (BENCH_GENERATOR=autocannon forces the fallback). */
export function wrkAvailable() {
  if (process.env.BENCH_GENERATOR === 'autocannon') return false;
  available ??= spawnSync('wrk', ['--version']).error === undefined;
  return available;
}

/**
 * The numbers and shares a run's requests are drawn from; `start` moves on past the unique
 * numbers each run used, so no two runs send the same one.
 * @typedef {{ start: number, duplicateShare: number, invalidShare: number }} MixSpec
 */

/**
 * @param {object} options
 * @param {string} options.url
 * @param {number} options.connections
 * @param {number} options.durationSeconds
 * @param {MixSpec} options.mix
 * @param {import('./ledger.mjs').Ledger} options.ledger
 * @param {number} [options.timeoutSeconds]
 * @returns {Promise<import('./load.mjs').LoadSummary>}
 */
export async function runWrk({
  url,
  connections,
  durationSeconds,
  mix,
  ledger,
  timeoutSeconds = 10,
}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-wrk-'));
  const threads = Math.max(1, Math.min(2, connections));
  try {
    const args = [
      '-t',
      String(threads),
      '-c',
      String(connections),
      '-d',
      `${durationSeconds}s`,
      '--timeout',
      `${timeoutSeconds}s`,
      '-s',
      SCRIPT,
      url,
      '--',
      dir,
      String(mix.start),
      String(mix.duplicateShare),
      String(mix.invalidShare),
      String(randomInt(2 ** 31)),
      String(threads),
    ];
    // bash's `times` prints its children's CPU: wrk's own cost, after it has exited.
    const output = await new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', 'wrk "$@" && times', '--', ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}`)),
      );
    });
    const text = /** @type {string} */ (output);
    const times = [...text.matchAll(/(\d+)m([\d.]+)s/g)].slice(2, 4);
    for (const [, minutes, seconds] of times)
      wrkCpuMs += (Number(minutes) * 60 + Number(seconds)) * 1000;
    const json = /WRK-JSON (\{.*\})/.exec(text)?.[1];
    if (!json) throw new Error(`wrk gave no summary:\n${text}`);
    const stats = JSON.parse(json);
    let uniques = 0;
    /** @type {number[]} */
    const statuses = [];
    for (const file of await readdir(dir)) {
      let threadUniques = 0;
      for (const line of (await readFile(path.join(dir, file), 'utf8')).split(
        '\n',
      )) {
        const [mark, id, value] = line.split(' ');
        if (mark === 'S') {
          ledger.sent(id, /** @type {any} */ (value));
          if (value === 'unique') threadUniques++;
        } else if (mark === 'R') {
          statuses.push(Number(value));
          ledger.answered(id, Number(value));
        }
      }
      uniques = Math.max(uniques, threadUniques);
    }
    mix.start += uniques * threads + threads;
    /** @type {Record<string, number>} */
    const statusClasses = {};
    for (const status of statuses) {
      const key = `${Math.floor(status / 100)}xx`;
      statusClasses[key] = (statusClasses[key] ?? 0) + 1;
    }
    const seconds = stats.durationUs / 1e6;
    const ms = (/** @type {number} */ us) => Math.round(us / 10) / 100;
    return {
      connections,
      durationSeconds,
      responses: statuses.length,
      requestsPerSecond: Math.round((statuses.length / seconds) * 100) / 100,
      latencyMs: {
        p50: ms(stats.p50),
        p95: ms(stats.p95),
        p99: ms(stats.p99),
        max: ms(stats.max),
      },
      errors: stats.connect + stats.read + stats.write,
      timeouts: stats.timeout,
      statusClasses,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
