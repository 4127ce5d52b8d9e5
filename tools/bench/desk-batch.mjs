// Micro-bench of the desk's assignment step: persists 100-lead batches, 4 at a time, on a
// fresh database, in alternating rounds with and without the desk step (so both run in the
// same minutes on a shared machine), and prints leads/s for each mode and the load average.
//
//   npx nx run worker:build && node tools/bench/desk-batch.mjs [--rounds 6] [--batches 40]
//
// Modes: `none` (the lead write only), `desk` (the lead write, then the worker's desk step as
// it is wired: one INSERT … SELECT into `lead_desk` per batch, under the assignment lock
// held for that one statement's transaction). The statements
// mirror libs/server/persistence-lead (lead-write.repository.ts) and
// libs/server/persistence-desk (desk-assignment.repository.ts); keep them in step.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { repoRoot } from './lib/apps.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    batches: { type: 'string', default: '40' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    modes: { type: 'string', default: 'none,desk' },
  },
});
const ROUNDS = Number(values.rounds);
const BATCHES = Number(values.batches);
const BATCH = 100;
const PARALLEL = 4;
const STAFF = 3;
const modes = values.modes.split(',');

const UPSERT_LEADS = `
  INSERT INTO leads (phone, name, email, last_submitted_at)
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[])
  ON CONFLICT (phone) DO UPDATE SET
    name = CASE WHEN EXCLUDED.last_submitted_at >= leads.last_submitted_at
                THEN COALESCE(EXCLUDED.name, leads.name) ELSE COALESCE(leads.name, EXCLUDED.name) END,
    email = CASE WHEN EXCLUDED.last_submitted_at >= leads.last_submitted_at
                 THEN COALESCE(EXCLUDED.email, leads.email) ELSE COALESCE(leads.email, EXCLUDED.email) END,
    last_submitted_at = GREATEST(leads.last_submitted_at, EXCLUDED.last_submitted_at),
    updated_at = now()
  RETURNING id, phone, (xmax = 0) AS inserted`;

const INSERT_SUBMISSIONS = `
  INSERT INTO lead_submissions (
    submission_id, lead_id, phone, name, email, consent, consent_version,
    utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer, landing_path,
    request_id, received_at)
  SELECT * FROM unnest(
    $1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::boolean[], $7::varchar[],
    $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[], $12::varchar[], $13::varchar[], $14::varchar[],
    $15::varchar[], $16::timestamptz[])
  ON CONFLICT (submission_id) DO NOTHING
  RETURNING submission_id`;

// The wired desk step (DeskAssignmentRepository.arrived), round robin.
const ARRIVED = `
  WITH ring_cursor AS (SELECT COALESCE((SELECT round_robin_cursor FROM desk_settings), 0) AS turn),
  arrived AS (SELECT * FROM unnest($1::uuid[], $4::timestamptz[], $5::boolean[]) AS a(id, due, resubmitted)),
  current AS MATERIALIZED (
    SELECT a.id, a.due, a.resubmitted, l.created_at, l.first_status_changed_at, d.owner_id
      FROM arrived a JOIN leads l ON l.id = a.id LEFT JOIN lead_desk d ON d.lead_id = a.id
     WHERE l.status IN ('new', 'contacted') AND (d.lead_id IS NULL OR d.open)
  ),
  pending AS (
    SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM current WHERE owner_id IS NULL
  ),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           CASE WHEN $2 = 'fewest_open' THEN GREATEST(s.load_baseline,
             (SELECT count(*) FROM lead_desk o WHERE o.owner_id = s.user_id AND o.open))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  plan AS MATERIALIZED (SELECT p.id, s.user_id, s.turn, p.n FROM pending p JOIN slots s USING (n)),
  written AS (
    INSERT INTO lead_desk AS d (lead_id, arrived_at, first_contact_due_at, first_contacted_at, owner_id, assigned_at, resubmitted_at)
    SELECT c.id, c.created_at, c.due, c.first_status_changed_at, p.user_id,
           CASE WHEN p.user_id IS NOT NULL THEN now() END, CASE WHEN c.resubmitted THEN now() END
      FROM current c LEFT JOIN plan p ON p.id = c.id
    ON CONFLICT (lead_id) DO UPDATE SET
      owner_id = COALESCE(d.owner_id, EXCLUDED.owner_id),
      assigned_at = CASE WHEN d.owner_id IS NULL AND EXCLUDED.owner_id IS NOT NULL THEN now() ELSE d.assigned_at END,
      first_contact_due_at = CASE WHEN d.first_contacted_at IS NULL THEN COALESCE(d.first_contact_due_at, EXCLUDED.first_contact_due_at)
                                  ELSE d.first_contact_due_at END,
      resubmitted_at = COALESCE(EXCLUDED.resubmitted_at, d.resubmitted_at),
      next_call_at = CASE WHEN EXCLUDED.resubmitted_at IS NOT NULL AND d.first_contacted_at IS NOT NULL AND d.owner_id IS NOT NULL
                          THEN LEAST(COALESCE(d.next_call_at, now()), now()) ELSE d.next_call_at END
    WHERE d.open
    RETURNING d.lead_id AS id, d.owner_id
  ),
  assigned AS (
    SELECT w.id, w.owner_id, p.n, p.turn FROM written w JOIN plan p ON p.id = w.id AND p.user_id = w.owner_id
  ),
  logged AS (
    INSERT INTO lead_assignments (lead_id, to_owner_id, reason)
    SELECT id, owner_id, $3 FROM assigned
  ),
  moved AS (
    INSERT INTO desk_settings (id, round_robin_cursor)
    SELECT true, turn FROM assigned ORDER BY n DESC LIMIT 1
    ON CONFLICT (id) DO UPDATE SET round_robin_cursor = EXCLUDED.round_robin_cursor
    RETURNING 1
  )
  SELECT id AS lead_id, owner_id FROM assigned ORDER BY n`;

const server = values.server;
const dbName = `bench_desk_${process.pid}`;
const admin = new pg.Client({ connectionString: `${server}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const databaseUrl = `${server}/${dbName}`;

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

  const pool = new pg.Pool({ connectionString: databaseUrl, max: PARALLEL });
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

  let phone = 0;
  /** @param {string} mode */
  const oneBatch = async (mode) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const phones = Array.from({ length: BATCH }, () => {
        phone += 1;
        return `+98912${String(phone).padStart(7, '0')}`;
      });
      const now = new Date().toISOString();
      const { rows } = await client.query(UPSERT_LEADS, [
        phones,
        phones.map(() => 'Bench'),
        phones.map(() => null),
        phones.map(() => now),
      ]);
      const ids = new Map(rows.map((row) => [row.phone, row.id]));
      const col = (/** @type {(p: string) => unknown} */ pick) =>
        phones.map(pick);
      await client.query(INSERT_SUBMISSIONS, [
        col(() => randomUUID()),
        col((p) => ids.get(p)),
        phones,
        col(() => 'Bench'),
        col(() => null),
        col(() => true),
        col(() => 'v1'),
        col(() => 'bench'),
        col(() => null),
        col(() => null),
        col(() => null),
        col(() => null),
        col(() => null),
        col(() => '/'),
        col(() => randomUUID()),
        col(() => now),
      ]);
      await client.query('COMMIT');
      // The worker runs its desk step in a transaction of its own after the batch is stored.
      const leadIds = rows.map((row) => row.id);
      const due = leadIds.map(() => new Date(Date.now() + 86_400_000));
      if (mode === 'desk' || mode === 'desk-async') {
        await client.query('BEGIN');
        if (mode === 'desk-async')
          await client.query('SET LOCAL synchronous_commit = off');
        await client.query('SELECT pg_advisory_xact_lock(1764600001)');
        await client.query(ARRIVED, [
          leadIds,
          'round_robin',
          'arrival',
          due,
          leadIds.map(() => false),
        ]);
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
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
  await pool.end();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
