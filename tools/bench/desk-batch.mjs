// Micro-bench of the worker's desk step: stores 100-lead batches, 4 at a time, on a fresh
// database, in alternating rounds with and without the desk step (so both run in the same
// minutes on a shared machine), and prints leads/s for each mode and the load average.
//
//   npx nx run worker:build && node tools/bench/desk-batch.mjs [--rounds 6] [--batches 40]
//     [--modes none,round_robin,fewest_open] [--staff 3]
//
// Modes: `none` (the lead write only), `round_robin` and `fewest_open` (the lead write, then
// the worker's desk step with that policy, as the lead processor runs it: DeskArrivals.stored,
// due times from the default business calendar; round robin one autocommit statement,
// fewest open one statement under the assignment lock in a transaction of its own).
// The lead write and the desk step are the libraries' own classes (LeadWriteRepository,
// DeskArrivals, DeskAssignmentRepository), bundled from source with esbuild at start, on a
// plain pg pool standing in for TypeORM; the worker build is used only to migrate.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import pg from 'pg';
import { repoRoot } from './lib/apps.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    batches: { type: 'string', default: '40' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    modes: { type: 'string', default: 'none,round_robin' },
    staff: { type: 'string', default: '3' },
    batch: { type: 'string', default: '100' },
  },
});
const ROUNDS = Number(values.rounds);
const BATCHES = Number(values.batches);
const BATCH = Number(values.batch);
const PARALLEL = 4;
const STAFF = Number(values.staff);
const modes = values.modes.split(',');

// Inside the repository (tmp/ is ignored), so the bundle's package imports resolve.
mkdirSync(path.join(repoRoot, 'tmp'), { recursive: true });
const bundleDir = mkdtempSync(path.join(repoRoot, 'tmp', 'desk-batch-'));
const bundle = path.join(bundleDir, 'desk-batch.mjs');
await build({
  entryPoints: [path.join(repoRoot, 'tools/bench/lib/desk-batch.entry.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  tsconfig: path.join(repoRoot, 'tsconfig.base.json'),
  logLevel: 'error',
});
const desk = await import(pathToFileURL(bundle).href);
rmSync(bundleDir, { recursive: true, force: true });

const server = values.server;
const dbName = `bench_desk_${process.pid}`;
const admin = new pg.Client({ connectionString: `${server}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const databaseUrl = `${server}/${dbName}`;

const pool = new pg.Pool({ connectionString: databaseUrl, max: PARALLEL });
pool.on('error', () => undefined); // the DROP … WITH (FORCE) at the end ends idle clients
try {
  const migrate = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'dist/apps/worker/main.js'), 'migrate'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        NODE_ENV: 'test',
      },
      encoding: 'utf8',
    },
  );
  if (migrate.status !== 0)
    throw new Error(`migrate failed: ${migrate.stderr || migrate.stdout}`);

  for (let i = 0; i < STAFF; i += 1) {
    const { rows } = await pool.query(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, 'x', 'reviewer') RETURNING id`,
      [`desk-bench-${i}@example.test`],
    );
    await pool.query(
      `INSERT INTO desk_staff (user_id, on_duty) VALUES ($1, true)`,
      [rows[0].id],
    );
  }

  /** One transaction on one pooled connection, as TypeORM's and DeskDatabase's give. */
  const transaction = async (
    /** @type {(sql: any) => Promise<any>} */ work,
  ) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        // As TypeORM's EntityManager: prepared statements run on the runner's connection.
        queryRunner: { isReleased: false, connect: async () => client },
        query: async (
          /** @type {string} */ sql,
          /** @type {unknown[]} */ params,
        ) => (await client.query(sql, params)).rows,
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const leads = new desk.LeadWriteRepository({ transaction });
  const assignments = new desk.DeskAssignmentRepository({
    transaction,
    query: async (/** @type {string} */ sql, /** @type {unknown[]} */ params) =>
      (await pool.query(sql, params)).rows,
  });
  const calendar = new desk.BusinessCalendar(desk.DEFAULT_BUSINESS_CALENDAR);
  /** @type {Record<string, any>} */
  const arrivals = Object.fromEntries(
    ['round_robin', 'fewest_open'].map((policy) => [
      policy,
      new desk.DeskArrivals(
        { DESK_ASSIGNMENT_POLICY: policy, DESK_FIRST_CONTACT_SLA_MINUTES: 480 },
        assignments,
        { current: async () => calendar },
        // The live stream is not measured here: its one XADD per batch is not awaited.
        { emit: () => undefined },
      ),
    ]),
  );

  let phone = 0;
  /** @param {string} mode */
  const oneBatch = async (mode) => {
    const receivedAt = new Date().toISOString();
    const jobs = Array.from({ length: BATCH }, () => {
      phone += 1;
      return {
        submissionId: randomUUID(),
        phone: `+98912${String(phone).padStart(7, '0')}`,
        name: 'Bench',
        email: null,
        consent: true,
        consentVersion: 'v1',
        attribution: { utm_source: 'bench', landingPath: '/' },
        receivedAt,
        requestId: randomUUID(),
      };
    });
    const stored = await leads.persistSubmissions(jobs);
    // As the worker's lead processor: the desk step after the batch is stored.
    if (mode !== 'none') await arrivals[mode].stored(stored.leads);
  };

  /** @param {string} mode */
  const run = async (mode) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < BATCHES) {
          next += 1;
          await oneBatch(mode);
        }
      }),
    );
    return (BATCHES * BATCH) / ((performance.now() - started) / 1000);
  };

  /** @type {Record<string, number[]>} */
  const results = Object.fromEntries(modes.map((mode) => [mode, []]));
  await run('none'); // warm-up
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const mode of modes) results[mode]?.push(await run(mode));
    console.log(
      `round ${round + 1}: ${modes.map((m) => `${m} ${Math.round(results[m]?.at(-1) ?? 0)}/s`).join(', ')}; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  }
  for (const mode of modes) {
    const sorted = [...(results[mode] ?? [])].sort((a, b) => a - b);
    console.log(
      `${mode}: median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} leads/s (min ${Math.round(sorted[0] ?? 0)}, max ${Math.round(sorted.at(-1) ?? 0)})`,
    );
  }
  const { rows: counts } = await pool.query(
    `SELECT (SELECT count(*) FROM leads) AS leads, count(*) AS at_desk, count(owner_id) AS owned FROM lead_desk`,
  );
  console.log(
    `stored ${counts[0].leads} leads; ${counts[0].at_desk} at the desk, ${counts[0].owned} with an owner`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await pool.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
