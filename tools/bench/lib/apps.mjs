// The built api and worker (and the baseline server) as child processes, for bench and chaos.
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachLine, spawnTied, stopProcess } from '../../stack/stack.mjs';
import { hasExited, sleep, waitForExit } from '../../stack/processes.mjs';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

/** @typedef {'api' | 'worker' | 'baseline' | 'baseline-worker'} AppKind */
/**
 * A started app: its process, log file, last lines of output, and watchers of each new line.
 * @typedef {object} App
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {string} logFile
 * @property {string[]} lines
 * @property {Set<(line: string) => void>} watchers
 */
/**
 * @typedef {object} AppOptions
 * @property {string} name
 * @property {AppKind} [kind] which main to run; `name` when that is a kind
 * @property {string[]} [args]
 * @property {NodeJS.ProcessEnv} env
 * @property {string} logFile
 * @property {string[]} [nodeArgs]
 */

/** @type {Record<AppKind, string>} */
const MAINS = {
  api: path.join(repoRoot, 'dist/apps/api/main.js'),
  worker: path.join(repoRoot, 'dist/apps/worker/main.js'),
  baseline: path.join(repoRoot, 'tools/bench/baseline-server.mjs'),
  'baseline-worker': path.join(repoRoot, 'tools/bench/baseline-worker.mjs'),
};

export function requireBuilt() {
  for (const name of /** @type {const} */ (['api', 'worker'])) {
    if (!existsSync(MAINS[name])) {
      throw new Error(
        `${path.relative(repoRoot, MAINS[name])} is missing. Build first: npx nx run-many -t build -p api worker`,
      );
    }
  }
}

/**
 * The NODE_OPTIONS a stage of docker/Dockerfile sets (`ENV NODE_OPTIONS=…` between its
 * `FROM … AS <stage>` and the next `FROM`), so that bench and chaos run the api with the
 * heap limits it is deployed with. Undefined when the stage sets none.
 * @param {string} stage
 * @returns {string | undefined}
 */
export function imageNodeOptions(stage) {
  const dockerfile = readFileSync(
    path.join(repoRoot, 'docker/Dockerfile'),
    'utf8',
  );
  const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${stage}$`, 'm'));
  if (start < 0) throw new Error(`docker/Dockerfile has no stage "${stage}"`);
  const rest = dockerfile.slice(start + 1);
  const end = rest.search(/^FROM /m);
  const body = end < 0 ? rest : rest.slice(0, end);
  return /NODE_OPTIONS="([^"]*)"/.exec(body)?.[1];
}

/**
 * Starts one app with its output appended to `logFile` (JSON lines; the api logs at info
 * as in production, so the log is a file rather than our terminal). `nodeArgs` lets the
 * bench run the api under --cpu-prof.
 * @param {AppOptions} options
 * @returns {App}
 */
export function startApp({
  name,
  kind = /** @type {AppKind} */ (name),
  args = [],
  env,
  logFile,
  nodeArgs = [],
}) {
  const nodeOptions = kind === 'api' ? imageNodeOptions('api') : undefined;
  const child = spawnTied(
    process.execPath,
    [...nodeArgs, MAINS[kind], ...args],
    {
      cwd: repoRoot,
      env: nodeOptions
        ? {
            ...env,
            NODE_OPTIONS: [env['NODE_OPTIONS'], nodeOptions]
              .filter(Boolean)
              .join(' '),
          }
        : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  /** @type {App} */
  const app = { name, child, logFile, lines: [], watchers: new Set() };
  /** @param {string} line */
  const onLine = (line) => {
    log.write(`${line}\n`);
    if (app.lines.length >= 40) app.lines.shift();
    app.lines.push(line);
    for (const watcher of app.watchers) watcher(line);
  };
  forEachLine(child.stdout, onLine);
  forEachLine(child.stderr, onLine);
  child.once('exit', () => setTimeout(() => log.end(), 100));
  return app;
}

/** @param {AppOptions} options */
export async function runToEnd(options) {
  const app = startApp(options);
  const code = await new Promise((resolve) => {
    app.child.once('error', () => resolve(-1));
    app.child.once('exit', (exitCode, signal) => resolve(signal ?? exitCode));
  });
  if (code !== 0)
    throw new Error(
      `${app.name} ${options.args?.join(' ') ?? ''} failed (${code}):\n${app.lines.join('\n')}`,
    );
}

/**
 * @param {number} port
 * @param {string} urlPath
 * @param {{ method?: string, body?: string, timeoutMs?: number }} [options]
 * @returns {Promise<number | undefined>} the status, or undefined when there was no answer
 */
export function httpRequest(
  port,
  urlPath,
  { method = 'GET', body, timeoutMs = 2000 } = {},
) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method,
        timeout: timeoutMs,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
    req.end(body);
  });
}

/**
 * Ready when /health/ready answers 200; while that endpoint does not exist yet (404), the
 * api counts as ready once it answers HTTP at all and an invalid body is answered 400.
 * @param {App} app
 * @param {number} port
 */
export async function waitForApi(app, port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(app.child))
      throw new Error(
        `${app.name} exited during startup:\n${app.lines.join('\n')}`,
      );
    const status = await httpRequest(port, '/health/ready');
    if (status === 200) return;
    if (
      status === 404 &&
      (await httpRequest(port, '/api/leads', {
        method: 'POST',
        body: '{}',
      })) === 400
    )
      return;
    await sleep(200);
  }
  throw new Error(
    `${app.name} was not ready within ${timeoutMs / 1000} s:\n${app.lines.join('\n')}`,
  );
}

/**
 * Ready when /health/ready on its port answers 200 or it logs that it consumes the queue.
 * @param {App} app
 * @param {number} port
 */
export async function waitForWorker(app, port, timeoutMs = 60_000) {
  let consuming = false;
  /** @param {string} line */
  const watcher = (line) => {
    if (
      line.includes('consuming \\"leads\\"') ||
      line.includes('consuming "leads"')
    )
      consuming = true;
  };
  app.watchers.add(watcher);
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (hasExited(app.child))
        throw new Error(
          `${app.name} exited during startup:\n${app.lines.join('\n')}`,
        );
      if (consuming || (await httpRequest(port, '/health/ready')) === 200)
        return;
      await sleep(200);
    }
  } finally {
    app.watchers.delete(watcher);
  }
  throw new Error(
    `${app.name} was not ready within ${timeoutMs / 1000} s:\n${app.lines.join('\n')}`,
  );
}

/**
 * @param {App | undefined} app
 * @param {NodeJS.Signals} [signal]
 */
export async function stopApp(app, signal = 'SIGTERM', timeoutMs = 20_000) {
  if (!app) return;
  await stopProcess(app.child, [
    [signal, timeoutMs],
    ['SIGKILL', 5_000],
  ]);
}

/** @param {App} app */
export async function killApp(app) {
  app.child.kill('SIGKILL');
  await waitForExit(app.child, 10_000);
}

/**
 * Peak resident memory (VmHWM) of a live process in MiB, from /proc; undefined elsewhere.
 * @param {number | undefined} pid
 */
export function peakMemoryMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}
