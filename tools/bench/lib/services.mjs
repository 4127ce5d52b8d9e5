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

export async function startServices({
  name,
  say,
  useGiven = true,
  appendfsync = 'everysec',
  into = {},
}) {
  const dataDir = path.join(repoRoot, '.data', `${name}-${process.pid}`);
  const cleanups = [];
  // Filled in as things start, so an interrupted start can still be cleaned up.
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
    services.pg = {
      dataDir: pgDir,
      port,
      ...(await startPostgres({ dataDir: pgDir, port, log: say })),
    };
    services.databaseUrl = services.pg.url;
    say(`PostgreSQL: embedded on port ${port}`);
  }

  if (givenRedis) {
    services.redisUrl = givenRedis;
    say(`Redis: ${maskUrl(givenRedis)} (queue prefix of our own)`);
  } else {
    const port = await findFreePort();
    const redisDir = path.join(dataDir, 'redis');
    services.redis = {
      dataDir: redisDir,
      port,
      appendfsync,
      ...(await startRedis({ dataDir: redisDir, port, appendfsync, log: say })),
    };
    services.redisUrl = services.redis.url;
    say(
      `Redis: embedded on port ${port} (appendonly yes, appendfsync ${appendfsync})`,
    );
  }
  return services;
}

export async function stopServices(services) {
  if (services.external) return;
  await Promise.allSettled([services.pg?.stop(), services.redis?.stop()]);
  for (const cleanup of services.cleanups.reverse())
    await cleanup().catch(() => undefined);
  await fs.rm(services.dataDir, { recursive: true, force: true });
}

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

/** `say`, without the lines every PostgreSQL stop produces. */
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
