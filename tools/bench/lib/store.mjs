// What the worker wrote (PostgreSQL) and what is still queued (Redis), for reconciliation.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { sleep } from '../../stack/processes.mjs';

/** @typedef {import('pg').Pool} Pool */

/** @param {string} url */
export async function openDatabase(url) {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', () => undefined); // a restarted server drops idle clients; the next query reconnects
  return pool;
}

/**
 * The subset of `ids` present in lead_submissions.
 * @param {Pool} pool
 * @param {string[]} ids
 * @returns {Promise<Set<string>>}
 */
export async function persistedIds(pool, ids) {
  /** @type {Set<string>} */
  const found = new Set();
  for (let i = 0; i < ids.length; i += 10_000) {
    const { rows } = await pool.query(
      'SELECT submission_id FROM lead_submissions WHERE submission_id = ANY($1::uuid[])',
      [ids.slice(i, i + 10_000)],
    );
    for (const row of rows) found.add(row.submission_id);
  }
  return found;
}

/**
 * @param {Pool} pool
 * @returns {Promise<number>}
 */
export async function submissionCount(pool) {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM lead_submissions',
  );
  return rows[0].n;
}

/**
 * @param {string} redisUrl
 * @param {string} prefix
 */
export function openQueue(redisUrl, prefix) {
  const queue = new Queue('leads', {
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix,
  });
  queue.on('error', () => undefined);
  return queue;
}

/**
 * Jobs not yet finished (waiting, active, delayed for a retry).
 * @param {Queue} queue
 */
export async function pendingJobs(queue) {
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'prioritized',
    'paused',
  );
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * Waits until the queue is empty and the database holds `expectedAtLeast` submissions
 * (checked through `count()`), sampling progress for the drain rate. Errors while a
 * service restarts are retried until the deadline.
 * @param {object} options
 * @param {Queue} options.queue
 * @param {() => Promise<number>} options.count
 * @param {number} options.expectedAtLeast
 * @param {number} options.timeoutMs
 * @param {(sample: { at: number, persisted: number, pending: number }) => void} [options.onSample]
 * @returns {Promise<{ drained: boolean, persisted?: number, pending?: number }>}
 */
export async function waitForDrain({
  queue,
  count,
  expectedAtLeast,
  timeoutMs,
  onSample = () => undefined,
}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const [pending, persisted] = await Promise.all([
        pendingJobs(queue),
        count(),
      ]);
      onSample({ at: Date.now(), persisted, pending });
      if (pending === 0 && persisted >= expectedAtLeast)
        return { drained: true, persisted, pending };
    } catch {
      // a service is restarting
    }
    await sleep(250);
  }
  return { drained: false };
}

/** @param {string} url */
export function openRedis(url) {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Redis's own count of commands processed since it started (INFO stats).
 * @param {Redis} redis
 */
export async function commandsProcessed(redis) {
  const info = await redis.info('stats');
  return Number(/^total_commands_processed:(\d+)/m.exec(info)?.[1] ?? NaN);
}
