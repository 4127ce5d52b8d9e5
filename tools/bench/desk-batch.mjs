// Micro-bench of the desk's assignment step: persists 100-lead batches, 4 at a time, on a
// fresh database, in alternating rounds with and without the desk step (so both run in the
// same minutes on a shared machine), and prints leads/s for each mode and the load average.
//
//   npx nx run worker:build && node tools/bench/desk-batch.mjs [--rounds 6] [--batches 40]
//
// Modes: `none` (the lead write only), `desk` (the lead write, then the worker's desk step as
// it is wired: one UPDATE of `leads` per arrived lead under the assignment lock), `narrow` (a
// prototype of the planned fix: one INSERT … SELECT into a narrow `bench_lead_desk` table,
// the round-robin turn taken by one UPDATE … RETURNING on the cursor row). The statements
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
    modes: { type: 'string', default: 'none,desk,narrow' },
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
  pending AS (
    SELECT l.id, row_number() OVER (ORDER BY l.created_at, l.id) AS n
      FROM leads l JOIN arrived a ON a.id = l.id
     WHERE l.owner_id IS NULL AND l.status IN ('new', 'contacted')
  ),
  staff AS (
    SELECT s.user_id, s.turn,
           row_number() OVER (ORDER BY s.turn <= (SELECT turn FROM ring_cursor), s.turn) AS ring,
           CASE WHEN $2 = 'fewest_open' THEN GREATEST(s.load_baseline,
             (SELECT count(*) FROM leads o WHERE o.owner_id = s.user_id AND o.status IN ('new', 'contacted')))
           ELSE 0 END AS load
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  slots AS (
    SELECT st.user_id, st.turn, row_number() OVER (ORDER BY st.load + k, st.ring) AS n
      FROM staff st CROSS JOIN generate_series(1, (SELECT count(*) FROM pending)::int) AS k
  ),
  plan AS MATERIALIZED (SELECT p.id, s.user_id, s.turn, p.n FROM pending p JOIN slots s USING (n)),
  changed AS (
    UPDATE leads l SET
      owner_id = COALESCE(l.owner_id, s.user_id),
      assigned_at = CASE WHEN l.owner_id IS NULL AND s.user_id IS NOT NULL THEN now() ELSE l.assigned_at END,
      first_contact_due_at = CASE WHEN l.first_contacted_at IS NULL THEN COALESCE(l.first_contact_due_at, a.due) ELSE l.first_contact_due_at END,
      resubmitted_at = CASE WHEN a.resubmitted THEN now() ELSE l.resubmitted_at END,
      next_call_at = CASE WHEN a.resubmitted AND l.first_contacted_at IS NOT NULL AND l.owner_id IS NOT NULL
                          THEN LEAST(COALESCE(l.next_call_at, now()), now()) ELSE l.next_call_at END
      FROM arrived a LEFT JOIN plan s ON s.id = a.id
     WHERE l.id = a.id AND l.status IN ('new', 'contacted')
    RETURNING l.id, l.owner_id, s.n, s.turn, s.user_id AS slot_owner
  ),
  assigned AS (SELECT id, owner_id, n, turn FROM changed WHERE slot_owner IS NOT NULL AND owner_id = slot_owner),
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

// The planned fix, as a prototype: the batch takes `count` turns from a counter row in one
// UPDATE … RETURNING (the row lock is held only until the transaction ends, and the lead
// write has already happened), then one INSERT … SELECT into a narrow table.
const NARROW_SETUP = [
  `CREATE TABLE bench_lead_desk (
     lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
     owner_id uuid REFERENCES admin_users (id) ON DELETE SET NULL,
     assigned_at timestamptz,
     first_contact_due_at timestamptz,
     first_contacted_at timestamptz,
     sla_breached_at timestamptz,
     call_attempts integer NOT NULL DEFAULT 0,
     next_call_at timestamptz,
     closed_reason varchar(16),
     resubmitted_at timestamptz,
     open boolean NOT NULL DEFAULT true,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX bench_lead_desk_first_contact_idx ON bench_lead_desk (owner_id, first_contact_due_at)
     WHERE first_contacted_at IS NULL AND open`,
  `CREATE INDEX bench_lead_desk_next_call_idx ON bench_lead_desk (owner_id, next_call_at) WHERE next_call_at IS NOT NULL AND open`,
  `CREATE INDEX bench_lead_desk_unassigned_idx ON bench_lead_desk (created_at, lead_id) WHERE owner_id IS NULL AND open`,
  `CREATE INDEX bench_lead_desk_sla_idx ON bench_lead_desk (first_contact_due_at)
     WHERE first_contacted_at IS NULL AND sla_breached_at IS NULL AND open`,
  `CREATE TABLE bench_desk_cursor (id boolean PRIMARY KEY DEFAULT true, taken bigint NOT NULL DEFAULT 0)`,
  `INSERT INTO bench_desk_cursor DEFAULT VALUES`,
];
const NARROW = `
  WITH arrived AS (
    SELECT a.id, a.due, row_number() OVER (ORDER BY a.id) AS n
      FROM unnest($1::uuid[], $2::timestamptz[]) AS a(id, due)
  ),
  turn AS (
    UPDATE bench_desk_cursor SET taken = taken + (SELECT count(*) FROM arrived) RETURNING taken - (SELECT count(*) FROM arrived) AS first
  ),
  staff AS (
    SELECT s.user_id, row_number() OVER (ORDER BY s.turn) - 1 AS place, count(*) OVER () AS size
      FROM desk_staff s JOIN admin_users u ON u.id = s.user_id
     WHERE s.on_duty AND u.disabled_at IS NULL
  ),
  given AS (
    INSERT INTO bench_lead_desk (lead_id, owner_id, assigned_at, first_contact_due_at)
    SELECT a.id, st.user_id, CASE WHEN st.user_id IS NULL THEN NULL ELSE now() END, a.due
      FROM arrived a CROSS JOIN turn t
      LEFT JOIN staff st ON st.place = (t.first + a.n - 1) % st.size
    ON CONFLICT (lead_id) DO NOTHING
    RETURNING lead_id, owner_id
  ),
  logged AS (
    INSERT INTO lead_assignments (lead_id, to_owner_id, reason)
    SELECT lead_id, owner_id, 'arrival' FROM given WHERE owner_id IS NOT NULL
  )
  SELECT lead_id, owner_id FROM given`;

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
  for (const statement of NARROW_SETUP) await pool.query(statement);
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
      if (mode === 'desk') {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(1764600001)');
        await client.query(ARRIVED, [
          leadIds,
          'round_robin',
          'arrival',
          due,
          leadIds.map(() => false),
        ]);
        await client.query('COMMIT');
      } else if (mode === 'narrow') {
        await client.query(NARROW, [leadIds, due]);
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
