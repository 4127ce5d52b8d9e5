// Own PostgreSQL and Redis for a bench or chaos run: embedded ones in .data/<name>-<pid>
// (removed afterwards), or a fresh database on DATABASE_URL's server and a queue prefix of
// our own on REDIS_URL when those are given.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  findFreePort,
  maskUrl,
  startPostgres,
  startRedis,
} from '../../stack/stack.mjs';
import { repoRoot } from './apps.mjs';

/**
 * An embedded server of ours, with what it takes to start it again on the same data.
 * @typedef {import('../../stack/redis.mjs').StartedService & { dataDir: string, port: number }} EmbeddedService
 */
/**
 * The servers of one run. `external`: someone else's running stack (bench --url), never
 * stopped or cleaned up by us.
 * @typedef {object} RunServices
 * @property {string} [dataDir]
 * @property {(() => Promise<unknown>)[]} [cleanups]
 * @property {EmbeddedService} [pg]
 * @property {EmbeddedService} [redis]
 * @property {string} [databaseUrl]
 * @property {string} [redisUrl]
 * @property {boolean} [external]
 */

/**
 * @param {object} options
 * @param {string} options.name names the data directory and database
 * @param {(message: string) => void} options.say
 * @param {boolean} [options.useGiven] use DATABASE_URL / REDIS_URL when set
 * @param {'always' | 'everysec'} [options.appendfsync]
 * @param {string[]} [options.postgresSettings] extra settings of an embedded PostgreSQL
 * @param {RunServices} [options.into] filled in as things start, so an interrupted start
 *   can still be cleaned up
 * @returns {Promise<Required<Pick<RunServices, 'databaseUrl' | 'redisUrl'>> & RunServices>}
 */
export async function startServices({
  name,
  say,
  useGiven = true,
  appendfsync = 'everysec',
  postgresSettings = [],
  into = {},
}) {
  const dataDir = path.join(repoRoot, '.data', `${name}-${process.pid}`);
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  /** @type {RunServices} */
  const services = Object.assign(into, {
    dataDir,
    cleanups,
    pg: undefined,
    redis: undefined,
  });
  const givenDb = useGiven ? process.env.DATABASE_URL : undefined;
  const givenRedis = useGiven ? process.env.REDIS_URL : undefined;

  if (givenDb) {
    const database = `${name}_${process.pid}`.replace(/[^a-z0-9_]/g, '_');
    await adminQuery(givenDb, `CREATE DATABASE ${database}`);
    cleanups.push(() =>
      adminQuery(givenDb, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
    const url = new URL(givenDb);
    url.pathname = `/${database}`;
    services.databaseUrl = url.toString();
    say(
      `PostgreSQL: database ${database} on ${maskUrl(givenDb)} (dropped afterwards)`,
    );
  } else {
    const port = await findFreePort();
    const pgDir = path.join(dataDir, 'postgres');
    const pg = {
      dataDir: pgDir,
      port,
      ...(await startPostgres({
        dataDir: pgDir,
        port,
        log: say,
        settings: postgresSettings,
      })),
    };
    services.pg = pg;
    services.databaseUrl = pg.url;
    say(`PostgreSQL: embedded on port ${port}`);
  }

  if (givenRedis) {
    services.redisUrl = givenRedis;
    say(`Redis: ${maskUrl(givenRedis)} (queue prefix of our own)`);
  } else {
    const port = await findFreePort();
    const redisDir = path.join(dataDir, 'redis');
    const redis = {
      dataDir: redisDir,
      port,
      ...(await startRedis({ dataDir: redisDir, port, appendfsync, log: say })),
    };
    services.redis = redis;
    services.redisUrl = redis.url;
    say(
      `Redis: embedded on port ${port} (appendonly yes, appendfsync ${appendfsync})`,
    );
  }
  const { databaseUrl, redisUrl } = services;
  if (!databaseUrl || !redisUrl) throw new Error('services did not start');
  return { ...services, databaseUrl, redisUrl };
}

/** @param {RunServices} services */
export async function stopServices(services) {
  if (services.external) return;
  await Promise.allSettled([services.pg?.stop(), services.redis?.stop()]);
  for (const cleanup of (services.cleanups ?? []).reverse())
    await cleanup().catch(() => undefined);
  if (services.dataDir)
    await fs.rm(services.dataDir, { recursive: true, force: true });
}

/**
 * @param {string} url
 * @param {string} sql
 */
async function adminQuery(url, sql) {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// A stopping or restarting PostgreSQL logs a FATAL line for every connection it ends;
// that is the stop working, not news.
const EXPECTED_NOISE =
  /FATAL: +(terminating connection due to administrator command|the database system is (shutting down|starting up|not yet accepting connections))/;

/**
 * `say`, without the lines every PostgreSQL stop produces.
 * @param {(message: string) => void} say
 * @returns {(message: string) => void}
 */
export function withoutStopNoise(say) {
  return (message) => {
    if (!EXPECTED_NOISE.test(message)) say(message);
  };
}

export function machineDescription() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
