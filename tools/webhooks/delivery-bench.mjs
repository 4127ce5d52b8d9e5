#!/usr/bin/env node
// @ts-check
// `npm run bench:webhooks`: how many webhook deliveries per second the built worker sends to
// a local receiver. Creates a throwaway database on DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres), migrates it, stores N deliveries for two
// endpoints and queues their jobs (as the fan-out would), then starts dist/apps/worker and
// times from the first request the receiver gets to the last delivery logged as succeeded.
// Every request's signature is checked (node:crypto; every 50th also with the independent
// `standardwebhooks` package).
// Not part of `npm test`: it wants a quiet machine.
//
// Flags: --deliveries 20000  --concurrency 200  --cpu-prof DIR (the worker writes a V8 CPU
// profile there on exit; open it in Chrome's DevTools or read it with a script)
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { findFreePort } from '../stack/stack.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const { values: flags } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '200' },
    'cpu-prof': { type: 'string' },
  },
});
const TOTAL = Number(flags.deliveries);
const server =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const name = `landing_bench_webhooks_${randomBytes(3).toString('hex')}`;
const prefix = `benchwh${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
})();
/** @param {string} text */
const say = (text) => process.stdout.write(`${text}\n`);

/** Phase 1: a database of our own, migrated by the built worker. */
async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const migrate = spawnSync(
    process.execPath,
    ['dist/apps/worker/main.js', 'migrate'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        REDIS_URL: redisUrl,
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    },
  );
  if (migrate.status !== 0)
    throw new Error(`migrate failed: ${migrate.stderr}`);
}

/**
 * Phase 3: a receiver that checks every signature and counts distinct webhook-ids.
 * @param {number} port
 * @param {string[]} secrets
 */
async function startReceiver(port, secrets) {
  const verifiers = secrets.map((secret) => new Webhook(secret));
  const keys = secrets.map((secret) =>
    Buffer.from(secret.slice('whsec_'.length), 'base64'),
  );
  let count = 0;
  const seen = new Set();
  let bad = 0;
  let first = 0;
  const receiver = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(/** @type {Buffer} */ (chunk)));
    req.on('end', () => {
      first ||= performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      // node:crypto checks every request; the independent (pure JavaScript, slower)
      // standardwebhooks package checks every 50th, so the receiver is not what is measured.
      const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
      const given = headers['webhook-signature'].split(' ');
      const ok =
        keys.some((key) =>
          given.includes(
            `v1,${createHmac('sha256', key).update(signed).digest('base64')}`,
          ),
        ) &&
        (count++ % 50 !== 0 ||
          verifiers.some((verifier) => {
            try {
              verifier.verify(body, headers);
              return true;
            } catch {
              return false;
            }
          }));
      if (ok) seen.add(headers['webhook-id']);
      else bad++;
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise((resolve) =>
    receiver.listen(port, '127.0.0.1', () => resolve(undefined)),
  );
  return {
    port,
    get received() {
      return seen.size;
    },
    get bad() {
      return bad;
    },
    get firstAt() {
      return first;
    },
    close: () =>
      new Promise((resolve) => receiver.close(() => resolve(undefined))),
  };
}

/**
 * Phase 2: two endpoints and TOTAL deliveries, stored and queued as the fan-out does.
 * @param {number} port
 */
async function seedDeliveries(port) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const secrets = [0, 1].map(
    () => `whsec_${randomBytes(32).toString('base64')}`,
  );
  /** @type {string[]} */
  const endpoints = [];
  for (const secret of secrets) {
    const { rows } = await db.query(
      `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, $2, $3) RETURNING id`,
      [`http://127.0.0.1:${port}/hook`, ['lead.created'], secret],
    );
    endpoints.push(rows[0].id);
  }
  const queue = new Queue('webhooks', {
    connection: { url: redisUrl },
    prefix,
  });
  const chunk = 1000;
  for (let offset = 0; offset < TOTAL; offset += chunk) {
    const batch = Array.from(
      { length: Math.min(chunk, TOTAL - offset) },
      (_, i) => {
        const endpointId = endpoints[(offset + i) % endpoints.length] ?? '';
        const hex = createHash('sha256').update(randomUUID()).digest('hex');
        const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
        const body = JSON.stringify({
          type: 'lead.created',
          version: 1,
          timestamp: new Date().toISOString(),
          data: { leadId: randomUUID(), phone: '+989121234567', n: offset + i },
        });
        return { id, endpointId, body };
      },
    );
    await db.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload)
       SELECT d.id, d.endpoint_id, d.id::text, 'lead.created', d.payload
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS d(id, endpoint_id, payload)`,
      [
        batch.map((b) => b.id),
        batch.map((b) => b.endpointId),
        batch.map((b) => b.body),
      ],
    );
    await queue.addBulk(
      batch.map((b) => ({
        name: 'deliver',
        data: {
          deliveryId: b.id,
          endpointId: b.endpointId,
          eventType: 'lead.created',
          body: b.body,
          attemptOffset: 0,
        },
        opts: {
          jobId: `${b.id}.0`,
          attempts: 16,
          backoff: { type: 'webhook' },
          removeOnComplete: true,
        },
      })),
    );
  }
  await queue.close();
  return { db, secrets };
}

/**
 * Phase 4: the built worker, until every delivery is logged as succeeded.
 * @param {pg.Client} db
 * @param {{ received: number, bad: number, firstAt: number }} receiver
 */
async function runWorker(db, receiver) {
  const workerPort = await findFreePort();
  const profile = flags['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags['cpu-prof'])}`]
    : [];
  const worker = spawn(
    process.execPath,
    [...profile, 'dist/apps/worker/main.js'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        WORKER_PORT: String(workerPort),
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_CONCURRENCY: flags.concurrency,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  try {
    const deadline = Date.now() + 600_000;
    let succeeded = 0;
    while (Date.now() < deadline) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'succeeded'`,
      );
      succeeded = rows[0].n;
      if (succeeded >= TOTAL) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const end = performance.now();
    const seconds = (end - receiver.firstAt) / 1000;
    // Statements the worker sent (each is its own transaction), less this loop's polls.
    const { rows: stats } = await db.query(
      `SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { succeeded, seconds, transactions: stats[0]?.n ?? 0 };
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

async function main() {
  say(
    `webhook delivery bench: ${TOTAL} deliveries to 2 endpoints on a local receiver`,
  );
  await prepareDatabase();
  const port = await findFreePort();
  const { db, secrets } = await seedDeliveries(port);
  const checked = await startReceiver(port, secrets);
  try {
    const { succeeded, seconds, transactions } = await runWorker(db, checked);
    say(
      `delivered ${checked.received} distinct webhook-ids (${checked.bad} bad signatures), ` +
        `${succeeded} logged as succeeded, in ${seconds.toFixed(2)} s: ` +
        `${Math.round(succeeded / seconds)} deliveries/s (concurrency ${flags.concurrency}); ` +
        `${transactions} database transactions in all (${(transactions / TOTAL).toFixed(3)} per delivery)`,
    );
  } finally {
    await checked.close();
    await db.end();
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
