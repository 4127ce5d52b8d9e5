import { randomUUID } from 'node:crypto';
import {
  leadDataSourceOptions,
  LeadWriteRepository,
} from '@landing/server/persistence-lead';
import { loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import {
  LEAD_STATUSES,
  type LeadStatus,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { DataSource } from 'typeorm';
import { AdminDatabase } from './admin-database';
import { LeadOverviewRepository } from './lead-overview.repository';
import { LeadReviewRepository } from './lead-review.repository';
import { OverviewRollupRepository } from './overview-rollup.repository';

/** Each rollup table next to the same numbers counted from the leads and submissions. */
const PAIRS = {
  status: {
    rollup: `SELECT day::text, status, sum(leads)::int AS leads, sum(handled)::int AS handled
               FROM lead_status_daily_all GROUP BY 1, 2 HAVING sum(leads) <> 0 OR sum(handled) <> 0`,
    direct: `SELECT lead_overview_day(created_at)::text AS day, status, count(*)::int AS leads,
                    count(first_status_changed_at)::int AS handled
               FROM leads GROUP BY 1, 2`,
  },
  source: {
    rollup: `SELECT day::text, utm_source, sum(leads)::int AS leads FROM lead_source_daily_all
              GROUP BY 1, 2 HAVING sum(leads) <> 0`,
    direct: `SELECT lead_overview_day(created_at)::text AS day, first_utm_source AS utm_source, count(*)::int AS leads
               FROM leads GROUP BY 1, 2`,
  },
  campaign: {
    rollup: `SELECT day::text, utm_campaign, sum(leads)::int AS leads FROM lead_campaign_daily_all
              GROUP BY 1, 2 HAVING sum(leads) <> 0`,
    direct: `SELECT lead_overview_day(created_at)::text AS day, first_utm_campaign AS utm_campaign, count(*)::int AS leads
               FROM leads GROUP BY 1, 2`,
  },
  response: {
    rollup: `SELECT day::text, bucket, sum(leads)::int AS leads FROM lead_response_daily_all
              GROUP BY 1, 2 HAVING sum(leads) <> 0`,
    direct: `SELECT lead_overview_day(created_at)::text AS day,
                    lead_response_bucket(extract(epoch FROM first_status_changed_at - created_at)) AS bucket, count(*)::int AS leads
               FROM leads WHERE first_status_changed_at IS NOT NULL GROUP BY 1, 2`,
  },
  firstSubmissions: {
    rollup: `SELECT day::text, sum(leads)::int AS leads FROM lead_first_submission_daily_all
              GROUP BY 1 HAVING sum(leads) <> 0`,
    direct: `SELECT lead_overview_day(first_submitted_at)::text AS day, count(*)::int AS leads
               FROM leads WHERE first_submitted_at IS NOT NULL GROUP BY 1`,
  },
  submissions: {
    rollup: `SELECT day::text, sum(submissions)::int AS submissions FROM lead_submission_daily_all
              GROUP BY 1 HAVING sum(submissions) <> 0`,
    direct: `SELECT lead_overview_day(received_at)::text AS day, count(*)::int AS submissions
               FROM lead_submissions GROUP BY 1`,
  },
} as const;

const SOURCES = ['instagram', 'google', undefined] as const;
const CAMPAIGNS = ['nowruz', undefined] as const;

/** A fixed pseudo-random sequence, so a failure replays. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

describe('the overview rollup', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: LeadWriteRepository;
  let admin: AdminDatabase;
  let review: LeadReviewRepository;
  let overview: LeadOverviewRepository;
  let rollup: OverviewRollupRepository;
  let actorId: string;
  const next = random(20261201);
  const pick = <T>(values: readonly T[]): T =>
    values[Math.floor(next() * values.length)] as T;

  const sorted = async (sql: string) =>
    (await db.query(sql))
      .map((row) => JSON.stringify(row))
      .sort((a, b) => a.localeCompare(b));

  const pending = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM lead_status_daily_delta) + (SELECT count(*) FROM lead_source_daily_delta)
            + (SELECT count(*) FROM lead_campaign_daily_delta) + (SELECT count(*) FROM lead_response_daily_delta)
              + (SELECT count(*) FROM lead_first_submission_daily_delta) + (SELECT count(*) FROM lead_submission_daily_delta) AS n`,
      )
    )[0]?.n;

  /** Before and after folding the deltas into the rollup: readers see the same numbers. */
  const expectRollupAgrees = async () => {
    for (const pair of Object.values(PAIRS))
      expect(await sorted(pair.rollup)).toEqual(await sorted(pair.direct));
    await db.query(`SELECT lead_overview_compact()`);
    expect(Number(await pending())).toBe(0);
    for (const pair of Object.values(PAIRS))
      expect(await sorted(pair.rollup)).toEqual(await sorted(pair.direct));
  };

  const job = (phone: string, receivedAt: Date): LeadSubmittedJob => {
    const source = pick(SOURCES);
    const campaign = pick(CAMPAIGNS);
    return {
      submissionId: randomUUID(),
      phone,
      name: null,
      email: null,
      consent: true,
      consentVersion: 'v1',
      attribution: {
        ...(source ? { utm_source: source } : {}),
        ...(campaign ? { utm_campaign: campaign } : {}),
      },
      receivedAt: receivedAt.toISOString(),
      requestId: 'req',
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(
      leadDataSourceOptions(db.url),
    ).initialize();
    writer = new LeadWriteRepository(dataSource);
    admin = new AdminDatabase(
      loadConfig({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379' }),
    );
    review = new LeadReviewRepository(admin);
    overview = new LeadOverviewRepository(admin);
    rollup = new OverviewRollupRepository(admin);
    const [user] = await db.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ('rollup@example.com', 'x', 'reviewer') RETURNING id`,
    );
    actorId = user?.id ?? '';
  });
  afterAll(async () => {
    await admin.onApplicationShutdown();
    await dataSource.destroy();
    await db.drop();
  });

  it('agrees with a direct count after worker batches with repeats and late first touches', async () => {
    const phones = Array.from(
      { length: 60 },
      (_, i) => `+98912300${String(i).padStart(4, '0')}`,
    );
    const now = Date.now();
    const folded: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      // Repeats of earlier numbers, and submissions received before ones already stored.
      const jobs = Array.from({ length: 25 }, () =>
        job(pick(phones), new Date(now - Math.floor(next() * 3) * 86_400_000)),
      );
      await writer.persistSubmissions(jobs);
      // A replayed batch changes nothing.
      await writer.persistSubmissions(jobs.slice(0, 5));
      // Folded part-way, as the worker does every few seconds.
      folded.push(batch === 3 ? await rollup.compact() : 0);
    }
    expect(folded[3]).toBeGreaterThan(0);
    expect(await rollup.compact()).toBeGreaterThan(0);
    expect(await rollup.compact()).toBe(0);
    // More batches after the fold leave deltas for the readers to add.
    for (let batch = 0; batch < 2; batch++)
      await writer.persistSubmissions([
        job(pick(phones), new Date(now)),
        job(pick(phones), new Date(now - 86_400_000)),
      ]);
    expect(Number(await pending())).toBeGreaterThan(0);
    await expectRollupAgrees();
  });

  it('agrees after leads written by others, around midnight in the business zone', async () => {
    // 20:29Z is 23:59 in Tehran, 20:31Z is 00:01 on the next day.
    for (const [i, at] of [
      '2026-03-10T20:29:00Z',
      '2026-03-10T20:31:00Z',
      '2026-03-11T20:29:59Z',
    ].entries()) {
      const [lead] = await db.query<{ id: string }>(
        `INSERT INTO leads (phone, status, created_at, last_submitted_at) VALUES ($1, 'new', $2, $2) RETURNING id`,
        [`+98912400000${i}`, at],
      );
      await db.query(
        `INSERT INTO lead_submissions (submission_id, lead_id, phone, consent, utm_source, request_id, received_at)
         VALUES ($1, $2, $3, true, 'sms', 'seed', $4)`,
        [randomUUID(), lead?.id, `+98912400000${i}`, at],
      );
    }
    await expectRollupAgrees();
    const funnel = (day: string) =>
      overview.statusCounts({ from: day, to: day, timeZone: 'Asia/Tehran' });
    expect(await funnel('2026-03-10')).toEqual([{ status: 'new', count: 1 }]);
    expect(await funnel('2026-03-11')).toEqual([{ status: 'new', count: 2 }]);
  });

  it('agrees after status changes, first and later ones, one by one and in bulk', async () => {
    const leads = await db.query<{ id: string; status: LeadStatus }>(
      `SELECT id, status FROM leads ORDER BY phone`,
    );
    for (const lead of leads.slice(0, 30)) {
      const to = pick(LEAD_STATUSES.filter((s) => s !== lead.status));
      expect(
        await review.changeStatus([lead.id], lead.status, to, actorId),
      ).toHaveLength(1);
    }
    // Back to new: the lead counts as new again, yet stays handled.
    const moved = await db.query<{ id: string; status: LeadStatus }>(
      `SELECT id, status FROM leads WHERE status <> 'new' ORDER BY phone LIMIT 5`,
    );
    for (const lead of moved)
      await review.changeStatus([lead.id], lead.status, 'new', actorId);
    const fresh = await db.query<{ id: string }>(
      `SELECT id FROM leads WHERE status = 'new' AND first_status_changed_at IS NULL`,
    );
    await review.changeStatus(
      fresh.map((lead) => lead.id),
      'new',
      'contacted',
      actorId,
    );
    await expectRollupAgrees();
  });

  it('agrees after erasures, submissions and status history going with the lead', async () => {
    const leads = await db.query<{ id: string }>(
      `SELECT id FROM leads ORDER BY phone`,
    );
    for (const lead of leads.filter((_, i) => i % 4 === 0))
      expect(await review.erase(lead.id)).toBeDefined();
    await expectRollupAgrees();
  });

  it('answers the charts from the rollup exactly as from the leads', async () => {
    const to = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Tehran',
    }).format(new Date());
    const rollup = { from: '2026-01-01', to, timeZone: 'Asia/Tehran' };
    // UTC+00:00 days differ from Tehran's, so that path reads the leads; compare totals.
    const direct = { from: '2025-12-31', to, timeZone: 'UTC' };
    const total = (rows: { count: number }[]) =>
      rows.reduce((sum, row) => sum + row.count, 0);
    expect(total(await overview.statusCounts(rollup))).toBe(
      total(await overview.statusCounts(direct)),
    );
    const [count] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads`,
    );
    expect(total(await overview.statusCounts(rollup))).toBe(count?.n);
    const times = await overview.responseTimes(rollup);
    expect(times.approximate).toBe(false);
    expect(times.handled + times.waiting).toBeGreaterThan(0);
  });

  it('is rebuilt from the leads by lead_overview_rebuild()', async () => {
    await db.query(
      `UPDATE lead_submission_daily SET submissions = submissions + 1`,
    );
    await db.query(`SELECT lead_overview_rebuild()`);
    await expectRollupAgrees();
  });
});
