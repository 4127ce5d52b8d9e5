#!/usr/bin/env node
// `npm run bench:admin`: how the admin review api behaves with a million leads. Creates a
// throwaway database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
// fills it with generate_series, starts the built api (dist/apps/api) against it, signs in,
// times filtered list requests (p50/p95), each overview chart over ranges of 1 day to a year,
// the callback desk's queue (GET /api/admin/queue) for several of its staff, and a full CSV
// export, then drops the database.
// Not part of `npm test`: it takes minutes and wants a quiet machine.
//
// Flags: --leads 1000000  --requests 60  --skip-export
//        --staff 50        desk staff on duty, each lead owned by one of them (0: no desk)
//        --open-days 30    leads of the last N days with status new/contacted are open at the desk;
//                          the rest are closed (called, or older than that)
//        --desk-only       time only the desk's queue (after the same seed)
//        --keep            keep the database (its URL is printed) to EXPLAIN queries by hand
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findFreePort } from '../stack/stack.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const { values: flags } = parseArgs({
  options: {
    leads: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '60' },
    'skip-export': { type: 'boolean', default: false },
    staff: { type: 'string', default: '50' },
    'open-days': { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    'desk-only': { type: 'boolean', default: false },
  },
});
const LEADS = Number(flags.leads);
const REQUESTS = Number(flags.requests);
const STAFF = Number(flags.staff);
const OPEN_DAYS = Number(flags['open-days']);
/** Staff whose queue is timed (each signs in). */
const TIMED_STAFF = Math.min(STAFF, 5);
const server =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `landing_bench_admin_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
})();
/** @param {string} text */
const say = (text) => process.stdout.write(`${text}\n`);
/** @param {bigint} start */
const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * @param {string} url
 * @param {string} text
 */
async function sql(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * @param {string[]} args
 * @param {string} [input]
 */
function worker(args, input) {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'dist/apps/worker/main.js'), ...args],
    {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        REDIS_URL: redisUrl,
        LOG_LEVEL: 'warn',
      },
      input,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`worker ${args[0]} failed: ${result.stderr}`);
}

/**
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  await sql(server, `CREATE DATABASE "${name}"`);
  let api;
  try {
    worker(['migrate']);
    say(
      `Generating ${LEADS.toLocaleString('en')} leads with one submission each...`,
    );
    let start = process.hrtime.bigint();
    // The overview's per-lead facts are written with the leads (first touch as the
    // submission below carries it; 4 in 5 leads handled 5 minutes to 2 days after they
    // came), and the first-touch trigger is off for the bulk insert: it would update every
    // lead a second time. The rollup's triggers stay on (one aggregate per statement).
    await sql(
      dbUrl,
      `INSERT INTO leads (phone, name, email, status, created_at, updated_at, last_submitted_at,
                          first_submitted_at, first_utm_source, first_utm_campaign, first_status_changed_at)
       SELECT phone, name, email, status, at, at, at, at,
              (ARRAY['instagram','google','telegram','direct'])[1 + abs(hashtext(phone)) % 4],
              (ARRAY['spring','summer','autumn'])[1 + abs(hashtext(email)) % 3],
              CASE WHEN status <> 'new' THEN at + (5 + abs(hashtext(phone)) % 2880) * interval '1 minute' END
         FROM (SELECT '+98912' || lpad(i::text, 7, '0') AS phone, 'Name ' || i AS name, 'user' || i || '@example.com' AS email,
                      (ARRAY['new','contacted','qualified','disqualified','spam'])[1 + i % 5] AS status,
                      now() - i * interval '30 seconds' AS at
                 FROM generate_series(1, ${LEADS}) AS i) generated`,
    );
    await sql(
      dbUrl,
      'ALTER TABLE lead_submissions DISABLE TRIGGER lead_submissions_first_touch',
    );
    await sql(
      dbUrl,
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, name, email, consent, utm_source, utm_campaign, request_id, received_at)
       SELECT gen_random_uuid(), id, phone, name, email, true, first_utm_source, first_utm_campaign, 'bench', created_at
         FROM leads`,
    );
    // One lead in 20 submitted again a day later (the overview's duplicate share).
    await sql(
      dbUrl,
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, name, email, consent, utm_source, utm_campaign, request_id, received_at)
       SELECT gen_random_uuid(), id, phone, name, email, true, 'google', 'autumn', 'bench', created_at + interval '1 day'
         FROM leads WHERE abs(hashtext(phone)) % 20 = 0`,
    );
    await sql(
      dbUrl,
      'ALTER TABLE lead_submissions ENABLE TRIGGER lead_submissions_first_touch',
    );
    await sql(dbUrl, 'VACUUM ANALYZE');
    say(`  done in ${(since(start) / 1000).toFixed(1)} s`);
    // What the rollup migration's backfill costs on this many leads (the triggers kept the
    // rollup while the rows above went in; this recomputes it from scratch).
    start = process.hrtime.bigint();
    await sql(dbUrl, 'SELECT lead_overview_rebuild()');
    await sql(
      dbUrl,
      'VACUUM ANALYZE lead_status_daily, lead_source_daily, lead_campaign_daily, lead_response_daily, lead_first_submission_daily, lead_submission_daily',
    );
    const rollupRows = await sql(
      dbUrl,
      `SELECT (SELECT count(*) FROM lead_status_daily) + (SELECT count(*) FROM lead_source_daily) + (SELECT count(*) FROM lead_campaign_daily)
            + (SELECT count(*) FROM lead_response_daily)
            + (SELECT count(*) FROM lead_first_submission_daily) + (SELECT count(*) FROM lead_submission_daily) AS n`,
    );
    say(
      `  overview rollup rebuilt from the leads (the migration's backfill) in ${(since(start) / 1000).toFixed(1)} s: ${String(rollupRows.rows[0]?.n)} rows`,
    );

    const password = randomBytes(12).toString('base64url');
    worker(
      ['admin-create', '--email', 'bench@example.com', '--role', 'admin'],
      password,
    );
    const port = await findFreePort();
    api = spawn(
      process.execPath,
      [path.join(repoRoot, 'dist/apps/api/main.js')],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: dbUrl,
          REDIS_URL: redisUrl,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          QUEUE_PREFIX: `bench${process.pid}`,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 120) throw new Error('api did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const login = await fetch(`${base}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    /** @param {string} url */
    const get = async (url) => {
      const t = process.hrtime.bigint();
      const response = await fetch(`${base}${url}`, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200)
        throw new Error(`${url}: ${response.status} ${body}`);
      return { ms: since(t), body };
    };

    if (STAFF > 0) await benchDesk(base, password);
    if (flags['desk-only']) return;

    const day = 24 * 3600 * 1000;
    const scenarios = {
      'newest first, no filter': () => '/api/admin/leads?limit=50',
      'status=new': () => '/api/admin/leads?status=new&limit=50',
      'status + source + campaign + 7-day range': () => {
        const to = new Date(Date.now() - Math.floor(Math.random() * 300) * day);
        return `/api/admin/leads?status=new,contacted&source=instagram&campaign=spring&from=${new Date(to.getTime() - 7 * day).toISOString()}&to=${to.toISOString()}&limit=50`;
      },
      'phone in national format (exact)': () =>
        `/api/admin/leads?q=0912${String(1 + Math.floor(Math.random() * LEADS)).padStart(7, '0')}`,
      'part of a phone (5 digits)': () =>
        `/api/admin/leads?q=${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`,
      'part of a name': () =>
        `/api/admin/leads?q=${encodeURIComponent(`Name ${Math.floor(Math.random() * LEADS)}`)}&limit=50`,
      'sorted by name': () => '/api/admin/leads?sort=name&order=asc&limit=50',
    };
    say(
      `\nList requests against ${LEADS.toLocaleString('en')} leads (${REQUESTS} each, sequential, after 3 warm-up):`,
    );
    /** @type {Record<string, { p50: number, p95: number }>} */
    const results = {};
    for (const [label, url] of Object.entries(scenarios)) {
      for (let i = 0; i < 3; i++) await get(url());
      const times = [];
      for (let i = 0; i < REQUESTS; i++) times.push((await get(url())).ms);
      const result = {
        p50: percentile(times, 50),
        p95: percentile(times, 95),
      };
      results[label] = result;
      say(
        `  ${label.padEnd(44)} p50 ${result.p50.toFixed(1).padStart(7)} ms   p95 ${result.p95.toFixed(1).padStart(7)} ms`,
      );
    }
    const deep = [];
    let cursor = null;
    for (let i = 0; i < 100; i++) {
      const { ms, body } = await get(
        `/api/admin/leads?status=new&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      deep.push(ms);
      cursor = JSON.parse(body).nextCursor;
    }
    say(
      `  ${'100 consecutive pages (keyset), status=new'.padEnd(44)} p50 ${percentile(deep, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(deep, 95).toFixed(1).padStart(7)} ms`,
    );

    const tehranDay = (/** @type {Date} */ at) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Tehran',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(at);
    const charts = {
      'leads per day by source': '/api/admin/overview/leads-per-day?by=source',
      'leads per day by campaign':
        '/api/admin/overview/leads-per-day?by=campaign',
      'status funnel': '/api/admin/overview/funnel?',
      'duplicate and spam share': '/api/admin/overview/quality?',
      'median time to first status change':
        '/api/admin/overview/response-time?',
    };
    /**
     * p50 / p95 of REQUESTS sequential requests after 3 warm-up, as a table cell.
     * @param {() => string} url
     */
    const timed = async (url) => {
      for (let i = 0; i < 3; i++) await get(url());
      const times = [];
      for (let i = 0; i < REQUESTS; i++) times.push((await get(url())).ms);
      return `${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)}`.padStart(
        18,
      );
    };
    // "all": from the oldest lead's day to today, as far as the api allows (366 days).
    const oldest = new Date(Date.now() - LEADS * 30_000);
    const allDays = Math.min(
      366,
      1 + Math.round((Date.now() - oldest.getTime()) / day),
    );
    /** @type {[string, number, boolean][]} label, days, ending today */
    const ranges = [
      ['1 day', 1, false],
      ['7 days', 7, false],
      ['30 days', 30, false],
      ['90 days', 90, false],
      ['365 days', 365, false],
      [`all (${allDays} days)`, allDays, true],
    ];
    say(
      `\nOverview charts at ${LEADS.toLocaleString('en')} leads, Asia/Tehran (the rollup's zone), ranges ending on a random day of the last year; ${REQUESTS} each after 3 warm-up; p50 / p95 ms:`,
    );
    say(
      `  ${'chart'.padEnd(36)}${ranges.map(([label]) => label.padStart(18)).join('')}`,
    );
    for (const [label, base] of Object.entries(charts)) {
      const cells = [];
      for (const [, days, today] of ranges) {
        const url = () => {
          const end = today
            ? Date.now()
            : Date.now() - Math.floor(Math.random() * (366 - days)) * day;
          const from = tehranDay(new Date(end - (days - 1) * day));
          return `${base}${base.endsWith('?') ? '' : '&'}from=${from}&to=${tehranDay(new Date(end))}`;
        };
        cells.push(await timed(url));
      }
      say(`  ${label.padEnd(36)}${cells.join('')}`);
    }
    // Another zone's days are not the rollup's: those charts read the leads (exact, slower).
    say(
      `\nThe same charts over 7 and 30 days in UTC (read from the leads, not the rollup):`,
    );
    for (const [label, base] of Object.entries(charts)) {
      const cells = [];
      for (const days of [7, 30]) {
        const url = () => {
          const end =
            Date.now() - Math.floor(Math.random() * (366 - days)) * day;
          const from = new Date(end - (days - 1) * day)
            .toISOString()
            .slice(0, 10);
          return `${base}${base.endsWith('?') ? '' : '&'}tz=UTC&from=${from}&to=${new Date(end).toISOString().slice(0, 10)}`;
        };
        cells.push(await timed(url));
      }
      say(`  ${label.padEnd(36)}${cells.join('')}`);
    }

    if (flags['skip-export']) return;
    say('\nExporting everything as CSV...');
    start = process.hrtime.bigint();
    const response = await fetch(`${base}/api/admin/leads/export`, {
      headers: { cookie },
    });
    let bytes = 0;
    let rows = 0;
    if (!response.body) throw new Error(`export: ${response.status}, no body`);
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) rows++;
    }
    const seconds = since(start) / 1000;
    say(
      `  ${(rows - 1).toLocaleString('en')} rows, ${(bytes / 1048576).toFixed(0)} MiB in ${seconds.toFixed(1)} s (${Math.round((rows - 1) / seconds).toLocaleString('en')} rows/s)`,
    );
  } finally {
    api?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (flags.keep) say(`\nKept the database: ${dbUrl}`);
    else await sql(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/**
 * The callback desk at this size: STAFF reviewers on duty; every lead has its desk row, owned
 * by one of them (a hash of its id). Leads of the last OPEN_DAYS days whose status is new or contacted are
 * open (the new ones never called, due 8 working hours after they came, so many overdue; the
 * contacted ones called 1–3 times with a call-back time within a day either side of now); one
 * open lead in 500 waits unowned in the shared queue; all older leads are closed. Then each of
 * TIMED_STAFF staff signs in and GET /api/admin/queue is timed for them.
 * @param {string} base
 * @param {string} password
 */
async function benchDesk(base, password) {
  say(
    `\nThe callback desk: ${STAFF} staff on duty, a desk row for each lead, open for new/contacted leads of the last ${OPEN_DAYS} days...`,
  );
  const start = process.hrtime.bigint();
  worker(
    ['admin-create', '--email', 'desk0@example.com', '--role', 'reviewer'],
    password,
  );
  // The others share desk0's password hash: hashing 49 passwords would only slow the seed.
  await sql(
    dbUrl,
    `INSERT INTO admin_users (email, password_hash, role)
     SELECT 'desk' || i || '@example.com', (SELECT password_hash FROM admin_users WHERE email = 'desk0@example.com'), 'reviewer'
       FROM generate_series(1, ${STAFF - 1}) AS i`,
  );
  await sql(
    dbUrl,
    `INSERT INTO desk_staff (user_id, on_duty)
     SELECT id, true FROM admin_users WHERE email LIKE 'desk%@example.com' ORDER BY email`,
  );
  await sql(
    dbUrl,
    `WITH staff AS (SELECT user_id, row_number() OVER (ORDER BY turn) - 1 AS k FROM desk_staff),
     src AS (
       SELECT l.id, l.created_at, l.status, l.first_status_changed_at, row_number() OVER (ORDER BY l.created_at, l.id) AS i,
              (l.status IN ('new', 'contacted') AND l.created_at > now() - interval '${OPEN_DAYS} days') AS open
         FROM leads l
     )
     INSERT INTO lead_desk (lead_id, arrived_at, open, owner_id, assigned_at, first_contact_due_at, first_contacted_at,
                            call_attempts, next_call_at)
     SELECT src.id, src.created_at, src.open,
            CASE WHEN src.open AND src.i % 500 = 0 THEN NULL ELSE staff.user_id END,
            CASE WHEN src.open AND src.i % 500 = 0 THEN NULL ELSE src.created_at END,
            src.created_at + interval '8 hours',
            CASE WHEN src.open AND src.status = 'new' THEN NULL
                 ELSE COALESCE(src.first_status_changed_at, src.created_at + interval '1 hour') END,
            CASE WHEN src.open AND src.status = 'new' THEN 0 ELSE 1 + src.i % 3 END,
            CASE WHEN src.open AND src.status = 'contacted' THEN now() + (src.i % 48 - 24) * interval '1 hour' END
       FROM src JOIN staff ON staff.k = abs(hashtext(src.id::text)) % ${STAFF}`,
  );
  await sql(dbUrl, 'VACUUM ANALYZE lead_desk, desk_staff, admin_users');
  const shares = await sql(
    dbUrl,
    `SELECT count(*) FILTER (WHERE open) AS open, count(*) FILTER (WHERE open AND owner_id IS NULL) AS unowned,
            count(*) FILTER (WHERE open AND first_contacted_at IS NULL AND first_contact_due_at <= now()) AS overdue,
            count(*) FILTER (WHERE open AND next_call_at <= now()) AS callbacks
       FROM lead_desk`,
  );
  const share = shares.rows[0];
  say(
    `  done in ${(since(start) / 1000).toFixed(1)} s: ${Number(share.open).toLocaleString('en')} open (about ${Math.round(Number(share.open) / STAFF)} per staff member; ${share.overdue} overdue, ${share.callbacks} call-backs due), ${share.unowned} in the shared queue`,
  );
  say(
    `\nGET /api/admin/queue for ${TIMED_STAFF} of the ${STAFF} staff (${REQUESTS} each, sequential, after 3 warm-up):`,
  );
  const all = [];
  for (let k = 0; k < TIMED_STAFF; k++) {
    const login = await fetch(`${base}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `desk${k}@example.com`, password }),
    });
    if (login.status !== 200)
      throw new Error(`desk${k} sign-in: ${login.status}`);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const times = [];
    let items = 0;
    for (let i = 0; i < REQUESTS + 3; i++) {
      const t = process.hrtime.bigint();
      const response = await fetch(`${base}/api/admin/queue`, {
        headers: { cookie },
      });
      const body = await response.text();
      if (response.status !== 200)
        throw new Error(`queue: ${response.status} ${body}`);
      if (i >= 3) times.push(since(t));
      items = JSON.parse(body).items.length;
    }
    all.push(...times);
    say(
      `  ${`desk${k} (${items} items)`.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms`,
    );
  }
  say(
    `  ${'all of them'.padEnd(44)} p50 ${percentile(all, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(all, 95).toFixed(1).padStart(7)} ms`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
