// Embedded Redis: a redis-server child with AOF persistence in dataDir.
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pingRedis } from './net.mjs';
import {
  commandLine,
  defaultLog,
  forEachLine,
  hasExited,
  isAlive,
  lineTail,
  sleep,
  spawnTied,
  stopProcess,
  trackService,
  waitUntil,
  which,
} from './processes.mjs';

const PID_FILE = 'redis.pid';
const START_TIMEOUT_MS = 30_000;

/**
 * @typedef {object} StartedService
 * @property {string} url
 * @property {() => Promise<void>} stop
 */

/**
 * @param {object} options
 * @param {string} options.dataDir
 * @param {number} options.port
 * @param {'always' | 'everysec' | 'no'} [options.appendfsync]
 * @param {import('./processes.mjs').Log} [options.log]
 * @returns {Promise<StartedService>}
 */
export async function startRedis({
  dataDir,
  port,
  appendfsync = 'everysec',
  log = defaultLog,
}) {
  dataDir = path.resolve(dataDir);
  const binary = which('redis-server');
  if (!binary) {
    throw new Error(
      'redis-server is not on PATH. Install it (apt-get install redis-server, or brew install redis), ' +
        'or set REDIS_URL to an existing Redis, e.g. REDIS_URL=redis://127.0.0.1:6379',
    );
  }
  await fs.mkdir(dataDir, { recursive: true });
  await checkPreviousRun(dataDir);

  // prettier-ignore
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dataDir,
    '--appendonly', 'yes',
    '--appendfsync', appendfsync,
    '--save', '',
    '--daemonize', 'no',
    '--pidfile', path.join(dataDir, PID_FILE),
    '--loglevel', 'warning',
    '--logfile', '',
  ];
  const child = spawnTied(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  /** @type {Promise<void> | undefined} */
  let stopping;
  // On SIGTERM Redis fsyncs the AOF before exiting.
  const stop = () =>
    (stopping ??= stopProcess(child, [
      ['SIGTERM', 15_000],
      ['SIGKILL', 5_000],
    ]));
  trackService({ child, stop, exitSignal: 'SIGTERM' });

  const output = lineTail();
  let ready = false;
  /** @param {string} line */
  const onLine = (line) => {
    output.push(line);
    if (ready && !stopping) log(`redis: ${line}`);
  };
  forEachLine(child.stdout, onLine);
  forEachLine(child.stderr, onLine);
  child.on('error', (err) => output.push(String(err)));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await pingRedis('127.0.0.1', port))) {
    if (hasExited(child) || Date.now() >= deadline) {
      await stop();
      await sleep(50); // let the last output lines arrive
      const why = hasExited(child)
        ? `exited (${child.signalCode ?? `code ${child.exitCode}`})`
        : `did not answer PING within ${START_TIMEOUT_MS / 1000} s`;
      throw new Error(`Redis ${why}. Its output:\n${output}`);
    }
    await sleep(100);
  }
  ready = true;
  child.once('exit', (code, signal) => {
    if (!stopping)
      log(`Redis exited unexpectedly (${signal ?? `code ${code}`}).`);
  });
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/**
 * Two servers appending to one AOF would corrupt it, and Redis takes no lock:
 * refuse if the pid file names a live redis-server whose working directory
 * (Redis chdirs to --dir) is this one. A server whose parent was just killed
 * may still be shutting down, so wait briefly first.
 */
/** @param {string} dataDir */
async function checkPreviousRun(dataDir) {
  const pidFile = path.join(dataDir, PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).trim());
  const stillRunning = () =>
    pid > 0 &&
    isAlive(pid) &&
    commandLine(pid).includes('redis-server') &&
    usesDir(pid, dataDir);
  if (stillRunning() && !(await waitUntil(() => !stillRunning(), 5_000))) {
    throw new Error(
      `Redis from an earlier run still uses ${dataDir} (pid ${pid}). Stop it with "kill ${pid}" and retry.`,
    );
  }
}

/**
 * @param {number} pid
 * @param {string} dir
 */
function usesDir(pid, dir) {
  try {
    return readlinkSync(`/proc/${pid}/cwd`) === realpathSync(dir);
  } catch {
    return true; // cannot tell (no /proc): assume it does
  }
}
