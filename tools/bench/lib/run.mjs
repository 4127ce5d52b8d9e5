// What a bench or chaos run keeps around its measurements: its id, machine and log files,
// the apps, servers and proxies it started, and one clean-up that stops them all.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, stopApp } from './apps.mjs';
import { machineDescription, stopServices } from './services.mjs';

/** @typedef {import('./apps.mjs').App} App */

/**
 * Limits high enough that one load-generating address is never throttled (ignored by an
 * api that has no rate limiter).
 */
export const RAISED_LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_PHONE_PER_HOUR: '1000000',
};

/**
 * @typedef {object} Run
 * @property {string} runId
 * @property {ReturnType<typeof machineDescription>} machine
 * @property {string} outDir where results go
 * @property {string} logDir
 * @property {(app: string) => string} logFile the log file of one app of this run
 * @property {<A extends App>(app: A) => A} track stops the app at clean-up unless it has exited
 * @property {(stop: () => Promise<unknown>) => void} onCleanup more to stop, before the servers
 * @property {import('./services.mjs').RunServices} services filled in by startServices
 * @property {() => Promise<void>} cleanup stops what the run started, once, however many
 *   paths ask: apps first, then what onCleanup registered (last first), then the servers
 */

/**
 * @param {{ name: string, out: string }} options `out`: results folder, from the repository root
 * @returns {Run}
 */
export function createRun({ name, out }) {
  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(repoRoot, out);
  const logDir = path.join(outDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  /** @type {Set<App>} */
  const started = new Set();
  /** @type {(() => Promise<unknown>)[]} */
  const stops = [];
  /** @type {import('./services.mjs').RunServices} */
  const services = {};
  /** @type {Promise<void> | undefined} */
  let cleaning;
  return {
    runId,
    machine: machineDescription(),
    outDir,
    logDir,
    logFile: (app) => path.join(logDir, `${name}-${runId}-${app}.log`),
    track(app) {
      started.add(app);
      app.child.once('exit', () => started.delete(app));
      return app;
    },
    onCleanup(stop) {
      stops.push(stop);
    },
    services,
    cleanup() {
      cleaning ??= (async () => {
        await Promise.allSettled([...started].map((app) => stopApp(app)));
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
        await stopServices(services);
      })();
      return cleaning;
    },
  };
}

/**
 * The built apps' environment in a run: production mode with a fresh session secret and info
 * logs, on the run's servers and queue prefix.
 * @param {{ databaseUrl: string, redisUrl: string, prefix: string }} target
 * @returns {NodeJS.ProcessEnv}
 */
export function productionEnv({ databaseUrl, redisUrl, prefix }) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    ADMIN_SESSION_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
  };
}
