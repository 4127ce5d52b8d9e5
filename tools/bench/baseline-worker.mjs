#!/usr/bin/env node
// The worker half of the bench's "bare pipeline": a bare BullMQ worker on the baseline
// server's queue that stores each job in PostgreSQL with multi-row INSERTs (up to 100 rows,
// or what arrived within 5 ms, like the product's worker batches), acknowledging a job once
// its batch committed. No Nest, no normalisation, desk, audit, webhooks or metrics.
//
// Env: REDIS_URL, DATABASE_URL, QUEUE_PREFIX (the baseline's), WORKER_CONCURRENCY (64).
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

const BATCH = 100;
const WAIT_MS = 5;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 4,
});
await pool.query(`CREATE TABLE IF NOT EXISTS bench_bare_leads (
  submission_id uuid PRIMARY KEY,
  phone text NOT NULL,
  received_at timestamptz NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
)`);

/** @typedef {{ submissionId: string, phone: string, receivedAt: string }} BareJob */
/** @type {{ job: BareJob, done: (error?: unknown) => void }[]} */
let pending = [];
/** @type {NodeJS.Timeout | undefined} */
let timer;

function flush() {
  clearTimeout(timer);
  timer = undefined;
  const batch = pending;
  pending = [];
  if (batch.length === 0) return;
  const values = [];
  const params = [];
  for (const { job } of batch) {
    params.push(job.submissionId, job.phone, job.receivedAt);
    const n = params.length;
    values.push(`($${n - 2}, $${n - 1}, $${n})`);
  }
  pool
    .query(
      `INSERT INTO bench_bare_leads (submission_id, phone, received_at) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
      params,
    )
    .then(
      () => batch.forEach(({ done }) => done()),
      (error) => batch.forEach(({ done }) => done(error)),
    );
}

const worker = new Worker(
  'leads',
  (job) =>
    new Promise((resolve, reject) => {
      pending.push({
        job: job.data,
        done: (error) => (error ? reject(error) : resolve(undefined)),
      });
      if (pending.length >= BATCH) flush();
      else timer ??= setTimeout(flush, WAIT_MS);
    }),
  {
    connection: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      maxRetriesPerRequest: null,
    }),
    prefix: process.env.QUEUE_PREFIX || 'bench-baseline',
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 64),
  },
);
worker.on('error', () => undefined);
console.log('bare worker consuming');

process.once('SIGTERM', () => {
  void worker.close().then(async () => {
    flush();
    await pool.end();
    process.exit(0);
  });
});
