// @ts-check
// Measures `backup` and `restore` (the built worker's commands) on a database of N leads:
//   npm run bench:backup -- [leads=1000000]
// It makes a database of its own on BACKUP_MEASURE_DATABASE_URL's server (default: the
// PostgreSQL on 127.0.0.1:5432, which the machine's pg_dump can dump), migrates it, fills it
// with N leads, N submissions and N audit events by SQL, starts a redis-server of its own with
// a few thousand queued jobs, then times a backup to a temporary folder and a restore into the
// emptied database and Redis. Everything it made is removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(ROOT, 'dist/apps/worker/main.js');
const LEADS = Number(process.argv[2] ?? 1_000_000);
const SERVER =
  process.env['BACKUP_MEASURE_DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const QUEUED = 5000;

/** @param {string} url @param {string} sql */
async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/**
 * Runs a worker command; resolves with its wall-clock seconds and output.
 * @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<{ seconds: number, output: string }>}
 */
function worker(args, env) {
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WORKER, ...args], {
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) done({ seconds, output });
      else fail(new Error(`worker ${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

/** @param {string} path @returns {number} */
function folderBytes(path) {
  return readdirSync(path).reduce(
    (sum, name) => sum + statSync(join(path, name)).size,
    0,
  );
}

/** @param {number} bytes */
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  const name = `landing_measure_${randomBytes(4).toString('hex')}`;
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const dir = mkdtempSync(join(tmpdir(), 'landing-measure-'));
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
    { stdio: 'ignore' },
  );
  const env = {
    DATABASE_URL: dbUrl,
    REDIS_URL: `redis://127.0.0.1:${port}`,
    QUEUE_PREFIX: 'measure',
  };
  await query(SERVER, `CREATE DATABASE "${name}"`);
  try {
    await worker(['migrate'], env);
    const loadAtStart = execFileSync('cat', ['/proc/loadavg'])
      .toString()
      .trim();
    console.log(`filling ${LEADS} leads, submissions and audit events…`);
    const fill = Date.now();
    await query(
      dbUrl,
      `INSERT INTO leads (id, phone, name, status, last_submitted_at)
       SELECT md5('lead' || i)::uuid, '+98912' || lpad(i::text, 7, '0'), 'Name ' || i, 'new', now()
         FROM generate_series(1, ${LEADS}) AS i`,
    );
    await query(
      dbUrl,
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, name, consent, utm_source,
              utm_campaign, referrer, landing_path, request_id, received_at)
       SELECT md5('sub' || i)::uuid, md5('lead' || i)::uuid, '+98912' || lpad(i::text, 7, '0'),
              'Name ' || i, true, 'instagram', 'winter-sale', 'https://www.example.com/',
              '/fa/', 'req-' || i, now()
         FROM generate_series(1, ${LEADS}) AS i`,
    );
    await query(
      dbUrl,
      `INSERT INTO audit_events (id, type, occurred_at, phone, ip, user_agent, path, request_id, payload)
       SELECT md5('audit' || i)::uuid, 'lead.submission', now(), '+98912' || lpad(i::text, 7, '0'),
              '203.0.113.' || (i % 250), 'Mozilla/5.0 (Linux; Android 14) Mobile', '/api/leads',
              'req-' || i, jsonb_build_object('submissionId', md5('sub' || i)::uuid, 'duplicate', false)
         FROM generate_series(1, ${LEADS}) AS i`,
    );
    await query(dbUrl, 'VACUUM ANALYZE');
    const [{ size }] = await query(
      dbUrl,
      `SELECT pg_database_size(current_database())::bigint AS size`,
    );
    console.log(
      `filled in ${((Date.now() - fill) / 1000).toFixed(0)} s; database ${mib(Number(size))}`,
    );

    // A backlog in Redis, as BullMQ writes it: queue jobs through the api's own producer path
    // would need the api; a plain BullMQ Queue writes the same keys.
    const { Queue } = await import('bullmq');
    const queue = new Queue('leads', {
      connection: { host: '127.0.0.1', port },
      prefix: 'measure',
    });
    for (let i = 0; i < QUEUED; i += 500)
      await queue.addBulk(
        Array.from({ length: 500 }, (_, j) => ({
          name: 'lead.submitted',
          data: {
            submissionId: `queued-${i + j}`,
            phone: `+98935${String(i + j).padStart(7, '0')}`,
          },
          opts: { jobId: `queued-${i + j}` },
        })),
      );
    await queue.close();

    const backups = join(dir, 'backups');
    const backup = await worker(['backup', backups], env);
    const where = backup.output.trim().split('\n').pop() ?? '';
    const bytes = folderBytes(where);
    const files = readdirSync(where)
      .map((file) => `${file} ${mib(statSync(join(where, file)).size)}`)
      .join(', ');

    await query(SERVER, `DROP DATABASE "${name}" WITH (FORCE)`);
    await query(SERVER, `CREATE DATABASE "${name}"`);
    execFileSync('redis-cli', ['-p', String(port), 'FLUSHALL']);
    const restore = await worker(['restore', where], env);
    const [{ leads }] = await query(
      dbUrl,
      'SELECT count(*)::int AS leads FROM leads',
    );
    const waiting = execFileSync('redis-cli', [
      '-p',
      String(port),
      'LLEN',
      'measure:leads:wait',
    ])
      .toString()
      .trim();

    const pgDump = /pg_dump (\S+?),/.exec(backup.output)?.[1] ?? '?';
    const server = /server (.+?), pg_dump/.exec(backup.output)?.[1] ?? '?';
    console.log(
      [
        `leads: ${LEADS} (+ ${LEADS} submissions, ${LEADS} audit events; ${QUEUED} queued jobs in Redis)`,
        `PostgreSQL ${server}, pg_dump ${pgDump}`,
        `backup: ${backup.seconds.toFixed(1)} s, ${mib(bytes)} (${files})`,
        `restore: ${restore.seconds.toFixed(1)} s; restored leads ${leads}, waiting jobs ${waiting}`,
        `load average at the start: ${loadAtStart}; at the end: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}`,
      ].join('\n'),
    );
  } finally {
    await query(SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    redis.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
