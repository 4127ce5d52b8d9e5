// Child-process helpers shared by the stack tools.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** @typedef {(line: string) => void} Log */
/** @typedef {import('node:child_process').ChildProcess} ChildProcess */
/** @typedef {[signal: NodeJS.Signals, waitMs: number][]} StopSteps */

/** @type {Log} */
export const defaultLog = (line) => console.error(`[stack] ${line}`);

/** @type {boolean | undefined} */
let pdeathsig;
function canUsePdeathsig() {
  pdeathsig ??=
    process.platform === 'linux' &&
    spawnSync('setpriv', ['--pdeathsig', 'SIGTERM', '--', 'true']).status === 0;
  return pdeathsig;
}

/**
 * Spawns a child in its own process group, so a terminal Ctrl-C reaches only
 * this process, which then stops children in order (apps first, then
 * databases). On Linux, `setpriv --pdeathsig` makes the kernel send
 * `deathSignal` to the child if this process dies, even by SIGKILL. Elsewhere a
 * SIGKILL of this process leaves the child running.
 */
/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnOptions & { deathSignal?: NodeJS.Signals }} [options]
 * @returns {ChildProcess}
 */
export function spawnTied(
  command,
  args,
  { deathSignal = 'SIGTERM', ...options } = {},
) {
  const [cmd, argv] = canUsePdeathsig()
    ? ['setpriv', ['--pdeathsig', deathSignal, '--', command, ...args]]
    : [command, args];
  return spawn(cmd, argv, { ...options, detached: true });
}

/** @param {ChildProcess} child */
export function hasExited(child) {
  // No pid: it never started (spawn error).
  return (
    child.pid === undefined ||
    child.exitCode !== null ||
    child.signalCode !== null
  );
}

/**
 * @param {ChildProcess} child
 * @returns {Promise<boolean>} whether it exited within `timeoutMs`
 */
export function waitForExit(child, timeoutMs = Infinity) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer =
      timeoutMs === Infinity
        ? undefined
        : setTimeout(() => done(false), timeoutMs);
    /** @param {boolean} exited */
    const done = (exited) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(exited);
    };
    const onExit = () => done(true);
    child.on('exit', onExit);
  });
}

/**
 * Sends each signal in turn until the child exits; steps are [signal, waitMs].
 * @param {ChildProcess} child
 * @param {StopSteps} steps
 */
export async function stopProcess(child, steps) {
  for (const [signal, waitMs] of steps) {
    if (hasExited(child)) return;
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
    if (await waitForExit(child, waitMs)) return;
  }
}

/**
 * Calls onLine for each line of a stream (a child's stdout or stderr, spawned with 'pipe').
 * @param {NodeJS.ReadableStream | null} stream
 * @param {(line: string) => void} onLine
 */
export function forEachLine(stream, onLine) {
  if (!stream)
    throw new Error('forEachLine: no stream (spawned without a pipe?)');
  readline
    .createInterface({ input: stream, crlfDelay: Infinity })
    .on('line', onLine);
}

/** Keeps the last lines of a child's output, for error messages. */
export function lineTail(max = 30) {
  /** @type {string[]} */
  const lines = [];
  return {
    /** @param {string} line */
    push(line) {
      lines.push(line);
      if (lines.length > max) lines.shift();
    },
    toString: () => lines.join('\n'),
  };
}

/** @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * The command line of a running process, or '' if unknown.
 * @param {number} pid
 */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return '';
    }
  }
}

/** @param {string} command */
export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** @param {number} ms */
export const sleep = (ms) =>
  /** @type {Promise<void>} */ (
    new Promise((resolve) => setTimeout(resolve, ms))
  );

/**
 * @param {() => boolean | Promise<boolean>} predicate
 * @param {number} timeoutMs
 */
export async function waitUntil(predicate, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

// Services started by this process, so they can be stopped when it ends.
/**
 * @typedef {object} TrackedService
 * @property {ChildProcess} child
 * @property {() => Promise<void>} stop
 * @property {NodeJS.Signals} exitSignal
 */
/** @type {Set<TrackedService>} */
const services = new Set();
/** @type {NodeJS.Signals[]} */
const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let hooksInstalled = false;

/**
 * Registers a started service. On 'exit' its process gets `exitSignal`
 * (exit handlers cannot wait, so the service finishes shutting down on its
 * own). On SIGINT/SIGTERM/SIGHUP, if the application has no handler of its
 * own, every service is stopped and the signal re-raised, so the process still
 * dies by it.
 */
/** @param {TrackedService} service */
export function trackService({ child, stop, exitSignal }) {
  const entry = { child, stop, exitSignal };
  services.add(entry);
  child.once('exit', () => services.delete(entry));
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.on('exit', killServicesNow);
    for (const signal of HANDLED_SIGNALS) process.on(signal, onSignal);
  }
}

function killServicesNow() {
  for (const { child, exitSignal } of services) {
    if (!hasExited(child)) child.kill(exitSignal);
  }
}

/** @param {NodeJS.Signals} signal */
function onSignal(signal) {
  if (process.listenerCount(signal) > 1) return;
  Promise.allSettled([...services].map((s) => s.stop())).finally(() => {
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  });
}
