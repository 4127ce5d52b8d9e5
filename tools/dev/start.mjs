#!/usr/bin/env node
// `npm start`: runs migrations, then the built api and worker (dist/apps/*),
// against DATABASE_URL and REDIS_URL, or, where those are unset, against
// embedded Postgres and Redis whose data stays in <repo>/.data.
//
// Env: DATABASE_URL, REDIS_URL, EMBEDDED_PG_PORT (default 5433),
// EMBEDDED_REDIS_PORT (6380), PORT (api, 3000), WORKER_PORT (3001),
// NODE_ENV (development), HOST (127.0.0.1: nothing else on the network reaches the
// services or the printed admin password; 0.0.0.0 opens them), WEB_ROOT
// (dist/apps/web/browser when built: the api serves the landing page at /),
// WEB_ADMIN_ROOT (dist/apps/admin/browser when built: the admin under /<locale>/admin/). A busy
// embedded port falls back to a free one.
// LANDING_MIGRATE_CMD, LANDING_API_CMD and LANDING_WORKER_CMD replace the app
// commands, to test this script without built apps (split on whitespace, no
// shell quoting), e.g. LANDING_API_CMD="node /tmp/stub-api.mjs".
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  findFreePort,
  forEachLine,
  isPortFree,
  maskUrl,
  spawnTied,
  startPostgres,
  startRedis,
  stopProcess,
} from '../stack/stack.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const dataRoot = path.join(repoRoot, '.data');
/** @typedef {import('node:child_process').ChildProcess} ChildProcess */
/** @typedef {[command: string, ...args: string[]]} Command */
/** @typedef {{ migrate: Command, api: Command, worker: Command }} Commands */
/** @typedef {0 | string} Ending 0, or how the child ended */

/** @param {string} message */
const say = (message) => console.error(`[dev] ${message}`);

/** @type {Map<string, ChildProcess>} name -> child process, including the migration run */
const apps = new Map();
/** @type {import('../stack/redis.mjs').StartedService[]} */
const services = [];
/** @type {Promise<void> | undefined} */
let stopping;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return forceStopApps();
    say('Stopping...');
    shutdown(0);
  });
}

main().catch((err) => {
  say(err.message);
  shutdown(1);
});

async function main() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    // It prints an admin password: only this machine may reach the services unless told.
    HOST: process.env.HOST || '127.0.0.1',
  };
  const apiPort = portFromEnv('PORT', 3000);
  const workerPort = portFromEnv('WORKER_PORT', 3001);
  const commands = appCommands();
  await requireFreePort(apiPort, 'PORT');
  await requireFreePort(workerPort, 'WORKER_PORT');

  const embedded = { pg: !env.DATABASE_URL, redis: !env.REDIS_URL };
  if (embedded.pg) {
    const port = await choosePort('EMBEDDED_PG_PORT', 5433, 'Postgres');
    say(
      `Starting embedded Postgres on port ${port} (data in .data/postgres)...`,
    );
    const pg = await startPostgres({
      dataDir: path.join(dataRoot, 'postgres'),
      port,
    });
    services.push(pg);
    env.DATABASE_URL = pg.url;
  }
  if (stopping) return;
  if (embedded.redis) {
    const port = await choosePort('EMBEDDED_REDIS_PORT', 6380, 'Redis');
    say(`Starting embedded Redis on port ${port} (data in .data/redis)...`);
    const redis = await startRedis({
      dataDir: path.join(dataRoot, 'redis'),
      port,
    });
    services.push(redis);
    env.REDIS_URL = redis.url;
  }
  if (stopping) return;

  const migrated = await runToEnd('migrate', commands.migrate, env);
  if (stopping) return;
  if (migrated !== 0) {
    say(`Migrations failed (${migrated}); stopping.`);
    return shutdown(1);
  }
  // Never in production: there the first admin comes from `npm run admin:create`.
  const devAdmin =
    env.NODE_ENV === 'production' ? undefined : createDevAdmin(commands, env);

  // The api serves the built landing page too, so the product has one URL.
  const webRoot = path.join(repoRoot, 'dist/apps/web/browser');
  const adminRoot = path.join(repoRoot, 'dist/apps/admin/browser');
  startApp('api', commands.api, {
    ...env,
    PORT: String(apiPort),
    ...(!env.WEB_ROOT && existsSync(webRoot) ? { WEB_ROOT: webRoot } : {}),
    ...(!env.WEB_ADMIN_ROOT && existsSync(adminRoot)
      ? { WEB_ADMIN_ROOT: adminRoot }
      : {}),
  });
  // PORT too, in case the worker reads PORT rather than WORKER_PORT.
  startApp('worker', commands.worker, {
    ...env,
    PORT: String(workerPort),
    WORKER_PORT: String(workerPort),
  });

  const answered = await waitForHttp(apiPort, '/health/live', 60_000);
  if (stopping) return;
  if (!answered) {
    say(
      `The api did not answer on http://127.0.0.1:${apiPort}/health/live within 60 s; see the [api] logs.`,
    );
    return;
  }
  printBanner({ apiPort, workerPort, env, embedded, devAdmin });
}

/**
 * @param {string} name
 * @param {number} fallback
 */
function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a valid port number.`);
  }
  return port;
}

/**
 * @param {number} port
 * @param {string} envName
 */
async function requireFreePort(port, envName) {
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} is already in use. Stop what uses it, or set ${envName}.`,
    );
  }
}

// Fixed ports keep the URLs stable between runs; a busy one is not fatal.
/**
 * @param {string} envName
 * @param {number} fallback
 * @param {string} label
 */
async function choosePort(envName, fallback, label) {
  const wanted = portFromEnv(envName, fallback);
  if (await isPortFree(wanted)) return wanted;
  const port = await findFreePort();
  say(
    `Port ${wanted} is busy, so embedded ${label} uses port ${port} (set ${envName} to choose).`,
  );
  return port;
}

function appCommands() {
  const node = process.execPath;
  const apiMain = path.join(repoRoot, 'dist/apps/api/main.js');
  const workerMain = path.join(repoRoot, 'dist/apps/worker/main.js');
  /** @param {string} name */
  const fromEnv = (name) => {
    const words = process.env[name]?.trim().split(/\s+/);
    return words?.[0] ? /** @type {Command} */ (words) : undefined;
  };
  /** @type {Commands} */
  const commands = {
    migrate: fromEnv('LANDING_MIGRATE_CMD') ?? [node, workerMain, 'migrate'],
    api: fromEnv('LANDING_API_CMD') ?? [node, apiMain],
    worker: fromEnv('LANDING_WORKER_CMD') ?? [node, workerMain],
  };
  for (const [file, command] of /** @type {[string, Command][]} */ ([
    [apiMain, commands.api],
    [workerMain, commands.worker],
    [workerMain, commands.migrate],
  ])) {
    if (command[1] === file && !existsSync(file)) {
      throw new Error(
        `${path.relative(repoRoot, file)} is missing. Build first: npx nx run-many -t build -p api worker`,
      );
    }
  }
  return commands;
}

/**
 * @param {string} name
 * @param {Command} command
 * @param {NodeJS.ProcessEnv} env
 */
function spawnApp(name, [command, ...args], env) {
  const child = spawnTied(command, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Their stdout is JSON log lines: passed through untouched behind the prefix.
  forEachLine(child.stdout, (line) =>
    process.stdout.write(`[${name}] ${line}\n`),
  );
  forEachLine(child.stderr, (line) =>
    process.stderr.write(`[${name}] ${line}\n`),
  );
  apps.set(name, child);
  return child;
}

/**
 * Calls back once: 0 on success, else a description of how the child ended.
 * @param {ChildProcess} child
 * @param {(result: Ending) => void} callback
 */
function onEnd(child, callback) {
  let ended = false;
  /** @param {Ending} result */
  const end = (result) => {
    if (!ended) callback(result);
    ended = true;
  };
  child.once('error', (err) => end(`could not start: ${err.message}`));
  child.once('exit', (code, signal) =>
    end(signal ? `killed by ${signal}` : code === 0 ? 0 : `exit code ${code}`),
  );
}

/**
 * @param {string} name
 * @param {Command} command
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Ending>}
 */
function runToEnd(name, command, env) {
  return new Promise((resolve) => onEnd(spawnApp(name, command, env), resolve));
}

/**
 * @param {string} name
 * @param {Command} command
 * @param {NodeJS.ProcessEnv} env
 */
function startApp(name, command, env) {
  onEnd(spawnApp(name, command, env), (result) => {
    if (stopping) return;
    say(
      `${name} stopped unexpectedly (${result === 0 ? 'exit code 0' : result}); stopping everything.`,
    );
    shutdown(1);
  });
}

/**
 * @param {number} port
 * @param {string} urlPath
 * @param {number} timeoutMs
 */
async function waitForHttp(port, urlPath, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!stopping && Date.now() < deadline) {
    // Any HTTP answer counts: the health endpoint may not exist yet (404).
    if ((await httpStatus(port, urlPath)) !== undefined) return true;
    await sleep(500);
  }
  return false;
}

/**
 * @param {number} port
 * @param {string} urlPath
 * @returns {Promise<number | undefined>}
 */
function httpStatus(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
  });
}

/** A development admin with a fresh password on every start (earlier sessions are revoked). */
/**
 * @param {Commands} commands
 * @param {NodeJS.ProcessEnv} env
 */
function createDevAdmin(commands, env) {
  if (process.env.LANDING_MIGRATE_CMD) return undefined;
  const email = 'admin@localhost';
  const password = randomBytes(12).toString('base64url');
  const [node, workerMain] = commands.migrate;
  const result = spawnSync(
    node,
    [
      workerMain,
      'admin-create',
      '--email',
      email,
      '--role',
      'admin',
      '--replace',
    ],
    {
      cwd: repoRoot,
      env,
      input: password,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    say(
      `Could not create the development admin: ${result.stderr || result.stdout}`,
    );
    return undefined;
  }
  return { email, password };
}

/**
 * @param {{ apiPort: number, workerPort: number, env: NodeJS.ProcessEnv, embedded: { pg: boolean, redis: boolean }, devAdmin?: { email: string, password: string } }} options
 */
function printBanner({ apiPort, workerPort, env, embedded, devAdmin }) {
  const base = `http://localhost:${apiPort}`;
  const body = `'{"phone":"09121234567","consent":true}'`;
  const lines = [
    '',
    'Landing is running',
    `  Landing page   ${base}/`,
    `  Intake         POST ${base}/api/leads`,
    `                 curl -sS -X POST ${base}/api/leads -H 'content-type: application/json' -d ${body}`,
    `  Worker health  http://localhost:${workerPort}/health/live`,
    ...(devAdmin
      ? [
          `  Admin          ${base}/${env.WEB_DEFAULT_LOCALE ?? 'fa'}/admin  ${devAdmin.email} / ${devAdmin.password}  (development only)`,
        ]
      : []),
    `  Listening on   ${env.HOST}${env.HOST === '127.0.0.1' ? ' only (set HOST=0.0.0.0 to reach it from other machines)' : ''}`,
    `  DATABASE_URL   ${maskUrl(env.DATABASE_URL ?? '')}${embedded.pg ? '  (embedded, .data/postgres)' : ''}`,
    `  REDIS_URL      ${maskUrl(env.REDIS_URL ?? '')}${embedded.redis ? '  (embedded, .data/redis)' : ''}`,
    '  Ctrl-C to stop',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Apps first (they may still be writing to the databases), then services.
/** @param {number} code */
function shutdown(code) {
  stopping ??= (async () => {
    await Promise.all(
      [...apps.values()].map((child) =>
        stopProcess(child, [
          ['SIGTERM', 15_000],
          ['SIGKILL', 5_000],
        ]),
      ),
    );
    await Promise.allSettled(services.map((service) => service.stop()));
    if (apps.size > 0 || services.length > 0) say('Stopped.');
    process.exit(code);
  })();
  return stopping;
}

function forceStopApps() {
  say('Forcing the apps to stop...');
  for (const child of apps.values()) child.kill('SIGKILL');
}
