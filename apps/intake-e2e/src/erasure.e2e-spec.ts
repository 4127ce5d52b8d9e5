import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ADMIN_CSRF_HEADER,
  ADMIN_SESSION_COOKIE,
  type AdminSessionResponse,
} from '@landing/shared/contracts-admin';
import {
  createTestDatabase,
  type OwnRedis,
  startOwnRedis,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Redis } from 'ioredis';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { postJson } from './support/http';

/** The number to erase, +98 912 777 6655, in every format the form accepts. */
const ERASED = [
  '+989127776655',
  '09127776655',
  '0912 777 6655',
  '0912-777-6655',
  '+98 912 777 6655',
  '+98-912-777-6655',
  '989127776655',
  '98 912 777 6655',
  '۰۹۱۲۷۷۷۶۶۵۵',
  '۰۹۱۲ ۷۷۷ ۶۶۵۵',
  '+۹۸ ۹۱۲ ۷۷۷ ۶۶۵۵',
  '٠٩١٢٧٧٧٦٦٥٥',
  '٠٩١٢ ٧٧٧ ٦٦٥٥',
  '+٩٨ ٩١٢ ٧٧٧ ٦٦٥٥',
];
/** Another lead, kept: the same search must find it, or the search proves nothing. */
const KEPT = '+989121110022';

const asciiDigits = (text: string) =>
  text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/**
 * The ways of writing a number that a text holds: its national significant number once
 * digits of any script are made ASCII and the separators a number may be typed with
 * (spaces, dashes, dots, brackets) are dropped between digits; for the erased number also
 * each format above, literally.
 */
function findNumber(text: string, e164: string): string[] {
  const significant = e164.slice(3);
  const found =
    e164 === ERASED[0] ? ERASED.filter((format) => text.includes(format)) : [];
  const compact = asciiDigits(text).replace(
    /(?<=\d)[\s\-.()\u00A0]+(?=\d)/g,
    '',
  );
  if (compact.includes(significant)) found.push(`digits ${significant}`);
  return found;
}

interface Agent {
  cookie: string;
  csrf: string;
}

describe('erasure through the admin api leaves the number nowhere: PostgreSQL, Redis or its append-only file', () => {
  let db: TestDatabase;
  let redis: OwnRedis;
  let client: Redis;
  let api: AppProcess;
  let worker: AppProcess;
  let baseUrl: string;
  const prefix = uniqueQueuePrefix();
  const email = 'privacy-admin@example.com';
  const password = randomBytes(18).toString('base64url');

  const admin = async (
    agent: Agent,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: `${ADMIN_SESSION_COOKIE}=${agent.cookie}`,
        [ADMIN_CSRF_HEADER]: agent.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text() };
  };

  /** Every row of every table in the database, as PostgreSQL writes it as text. */
  const everyRow = async (): Promise<string> => {
    const tables = await db.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
         FROM information_schema.tables
        WHERE table_type = 'BASE TABLE'
          AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'public.leads',
        'public.lead_submissions',
        'public.lead_notes',
        'public.audit_events',
      ]),
    );
    const rows: string[] = [];
    for (const { name } of tables) {
      for (const row of await db.query<{ text: string }>(
        `SELECT t::text AS text FROM ${name} t`,
      ))
        rows.push(`${name} ${row.text}`);
    }
    return rows.join('\n');
  };

  /** Every key in Redis with its contents, whatever its type. */
  const everyKey = async (): Promise<string> => {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await client.type(key);
        const value =
          type === 'string'
            ? await client.get(key)
            : type === 'hash'
              ? await client.hgetall(key)
              : type === 'list'
                ? await client.lrange(key, 0, -1)
                : type === 'set'
                  ? await client.smembers(key)
                  : type === 'zset'
                    ? await client.zrange(key, 0, -1, 'WITHSCORES')
                    : type === 'stream'
                      ? await client.xrange(key, '-', '+')
                      : `(${type})`;
        parts.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
    return parts.join('\n');
  };

  /** Every file of the append-only file set, as text. */
  const appendOnlyFiles = async (): Promise<string> => {
    const dir = join(redis.dir, 'appendonlydir');
    const files = await readdir(dir);
    expect(files.some((file) => file.includes('.base.'))).toBe(true);
    return (
      await Promise.all(
        files.map(async (file) => readFile(join(dir, file), 'utf8')),
      )
    ).join('\n');
  };

  const rewrites = async () =>
    Number(
      /^aof_rewrites:(\d+)/m.exec(await client.info('persistence'))?.[1] ?? -1,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    // Plain-text append-only files (no RDB preamble, whose strings may be compressed), so
    // that a search of the files is a search of what they hold.
    redis = await startOwnRedis({ args: ['--aof-use-rdb-preamble', 'no'] });
    client = new Redis(redis.url);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      BOT_MIN_ELAPSED_MS: '0',
    };
    const apiVars = await apiEnv(env);
    baseUrl = `http://127.0.0.1:${apiVars['PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', await workerEnv(env)),
    ]);
    // The real command staff use, fed the password on stdin.
    await new Promise<void>((resolve, reject) => {
      const create = spawn(
        process.execPath,
        [
          join(__dirname, '../../../dist/apps/worker/main.js'),
          'admin-create',
          '--email',
          email,
          '--role',
          'admin',
        ],
        {
          env: { PATH: process.env['PATH'] ?? '', ...env, LOG_LEVEL: 'warn' },
          stdio: ['pipe', 'ignore', 'inherit'],
        },
      );
      create.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`admin-create: ${code}`)),
      );
      create.stdin.end(password);
    });
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    client?.disconnect();
    await redis?.stop();
    await db?.drop();
  });

  it('finds the number before, and nowhere after, an erasure of a lead that came in through the api', async () => {
    // A visitor leaves the number, then sends it again in other formats (duplicates, each
    // one recorded in the audit trail); another visitor leaves another number.
    const first = await postJson(baseUrl, '/api/leads', {
      phone: '0912 777 6655',
      name: 'To Be Forgotten',
      email: 'forget.me@example.com',
      consent: true,
      utm_source: 'instagram',
      utm_campaign: 'erasure',
    });
    expect(first.status).toBe(202);
    for (const phone of ['+98 912-777-6655', '۰۹۱۲ ۷۷۷ ۶۶۵۵', '989127776655'])
      expect(
        (await postJson(baseUrl, '/api/leads', { phone, consent: true }))
          .status,
      ).toBe(200);
    expect(
      (await postJson(baseUrl, '/api/leads', { phone: KEPT, consent: true }))
        .status,
    ).toBe(202);

    // The worker stores both leads and the four submissions' audit events.
    await waitFor(
      async () =>
        (
          await db.query(`SELECT 1 FROM leads WHERE phone = ANY($1)`, [
            ['+989127776655', KEPT],
          ])
        ).length === 2,
      { timeoutMs: 20_000, what: 'both leads stored by the worker' },
    );
    const [lead] = await db.query<{ id: string }>(
      `SELECT id FROM leads WHERE phone = '+989127776655'`,
    );
    const leadId = lead?.id ?? '';

    // Staff sign in and work on the lead: search, open, change status, note, export by number.
    const login = await fetch(`${baseUrl}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const cookie = new RegExp(`${ADMIN_SESSION_COOKIE}=([^;]+)`).exec(
      login.headers.get('set-cookie') ?? '',
    )?.[1];
    const session = (await login.json()) as AdminSessionResponse;
    const agent: Agent = { cookie: cookie ?? '', csrf: session.csrfToken };
    const q = (typed: string) => encodeURIComponent(typed);
    expect(
      (await admin(agent, 'GET', `/api/admin/leads?q=${q('0912 777 6655')}`))
        .text,
    ).toContain(leadId);
    expect(
      (await admin(agent, 'GET', `/api/admin/leads/${leadId}`)).status,
    ).toBe(200);
    expect(
      (
        await admin(agent, 'PATCH', `/api/admin/leads/${leadId}/status`, {
          status: 'contacted',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin(agent, 'POST', `/api/admin/leads/${leadId}/notes`, {
          text: 'asked to be forgotten',
        })
      ).status,
    ).toBe(201);
    for (const typed of ['+98 912 777 6655', '۰۹۱۲ ۷۷۷ ۶۶۵۵', '989127776655']) {
      const exported = await admin(
        agent,
        'GET',
        `/api/admin/leads/export?q=${q(typed)}`,
      );
      expect(exported.status).toBe(200);
      expect(exported.text).toContain('"0912 777 6655"');
    }
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM audit_events WHERE type IN ('leads.exported', 'lead.status_changed', 'lead.note_added')`,
          )
        ).length >= 5,
      { timeoutMs: 20_000, what: 'the staff actions in the audit trail' },
    );

    // The search works: before the erasure it finds the number in PostgreSQL and in Redis's
    // append-only file (the commands that carried it). No live key holds it even now: a
    // stored lead's job is deleted when it completes, and so are the audit jobs.
    expect(findNumber(await everyRow(), '+989127776655')).not.toEqual([]);
    expect(findNumber(await everyKey(), '+989127776655')).toEqual([]);
    expect(findNumber(await appendOnlyFiles(), '+989127776655')).not.toEqual(
      [],
    );

    const rewritesBefore = await rewrites();
    const erased = await admin(agent, 'DELETE', `/api/admin/leads/${leadId}`);
    expect(erased).toEqual({ status: 200, text: '{"erased":true}' });

    // The erasure is in the trail (by lead id only), the audit queue is empty, and Redis has
    // rewritten its append-only file since.
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM audit_events WHERE type = 'lead.erased' AND lead_id = $1`,
            [leadId],
          )
        ).length === 1,
      { timeoutMs: 20_000, what: 'the erasure in the audit trail' },
    );
    const rewritten = await waitFor(
      async () => {
        const persistence = await client.info('persistence');
        return (
          (await rewrites()) > rewritesBefore &&
          /^aof_rewrite_in_progress:0/m.test(persistence) &&
          /^aof_rewrite_scheduled:0/m.test(persistence)
        );
      },
      { timeoutMs: 20_000, what: 'an append-only file rewrite after erasure' },
    ).then(
      () => true,
      () => false,
    );

    const rows = await everyRow();
    // No key holds a stored lead's number any more (its job is deleted when it completes), so
    // a key of the test's own shows the key search still finds a number where there is one.
    await client.set('erasure-e2e:search-check', KEPT);
    const keys = await everyKey();
    const files = await appendOnlyFiles();
    expect({
      postgres: findNumber(rows, '+989127776655'),
      redis: findNumber(keys, '+989127776655'),
      appendOnlyFile: findNumber(files, '+989127776655'),
    }).toEqual({ postgres: [], redis: [], appendOnlyFile: [] });
    expect(rewritten).toBe(true);
    expect(await client.info('persistence')).toMatch(
      /^aof_last_bgrewrite_status:ok/m,
    );
    expect(rows).not.toContain('To Be Forgotten');
    expect(rows).not.toContain('forget.me@example.com');
    // The same search still finds the lead that was not erased, and the test's own key.
    expect(findNumber(rows, KEPT)).not.toEqual([]);
    expect(findNumber(keys, KEPT)).not.toEqual([]);
  });
});
