import { randomUUID } from 'node:crypto';
import {
  ADMIN_API,
  type LeadListResponse,
  type LeadQualityResponse,
  type LeadsPerDayResponse,
  type LeadTimelineResponse,
  type ResponseTimeResponse,
  type StatusFunnelResponse,
} from '@landing/shared/contracts-admin';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

/** Calendar day of an instant in a zone, as YYYY-MM-DD. */
const dayIn = (zone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

describe('admin overview, lead count and timeline', () => {
  let api: AdminTestApi;
  let reviewer: Agent;

  const get = async <T>(url: string) => {
    const response = await api.request(reviewer, 'GET', url);
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };

  beforeAll(async () => {
    api = await startAdminTestApi();
    reviewer = await api.signIn('reviewer', 'charts@example.com');
    // Around midnight in Tehran (UTC+03:30): 20:00Z is 23:30 on the 10th, 20:45Z is 00:15 on the 11th.
    const ids = await seedLeads(api.db, [
      {
        phone: '+989120000001',
        createdAt: '2026-03-10T20:00:00Z',
        utmSource: 'instagram',
        utmCampaign: 'nowruz',
      },
      {
        phone: '+989120000002',
        createdAt: '2026-03-10T20:45:00Z',
        utmSource: 'instagram',
        utmCampaign: 'nowruz',
      },
      {
        phone: '+989120000003',
        createdAt: '2026-03-11T08:00:00Z',
        utmSource: 'google',
        utmCampaign: 'spring',
      },
      {
        phone: '+989120000004',
        createdAt: '2026-03-11T09:00:00Z',
        status: 'spam',
      },
      {
        phone: '+989120000005',
        createdAt: '2026-03-12T09:00:00Z',
        utmSource: 'telegram',
        status: 'contacted',
      },
    ]);
    // A repeat submission a day later from the first lead, from another source: the lead keeps
    // its first touch (instagram), and the repeat counts as a duplicate.
    await api.db.query(
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, consent, utm_source, request_id, received_at)
       VALUES ($1, $2, '+989120000001', true, 'google', 'seed', '2026-03-11T10:00:00Z')`,
      [randomUUID(), ids[0]],
    );
  });
  afterAll(() => api.close());

  describe('leads per day', () => {
    it('stacks leads by first-touch source per day in Tehran, with empty days and a none series', async () => {
      const chart = await get<LeadsPerDayResponse>(
        `${ADMIN_API.overviewLeadsPerDay}?from=2026-03-10&to=2026-03-13`,
      );
      expect(chart.range).toEqual({
        from: '2026-03-10',
        to: '2026-03-13',
        timeZone: 'Asia/Tehran',
      });
      expect(chart.days).toEqual([
        '2026-03-10',
        '2026-03-11',
        '2026-03-12',
        '2026-03-13',
      ]);
      expect(chart.by).toBe('source');
      expect(chart.total).toBe(5);
      expect(chart.series).toEqual([
        { kind: 'value', key: 'instagram', counts: [1, 1, 0, 0], total: 2 },
        { kind: 'value', key: 'google', counts: [0, 1, 0, 0], total: 1 },
        { kind: 'value', key: 'telegram', counts: [0, 0, 1, 0], total: 1 },
        { kind: 'none', key: null, counts: [0, 1, 0, 0], total: 1 },
      ]);
    });

    it('counts by the chosen zone: in UTC both midnight leads fall on the 10th', async () => {
      const chart = await get<LeadsPerDayResponse>(
        `${ADMIN_API.overviewLeadsPerDay}?from=2026-03-10&to=2026-03-11&tz=UTC&by=campaign`,
      );
      expect(chart.series).toEqual([
        { kind: 'value', key: 'nowruz', counts: [2, 0], total: 2 },
        { kind: 'value', key: 'spring', counts: [0, 1], total: 1 },
        { kind: 'none', key: null, counts: [0, 1], total: 1 },
      ]);
    });

    it('folds values beyond the largest eight into one other series', async () => {
      const many = await startAdminTestApi();
      try {
        await seedLeads(
          many.db,
          Array.from({ length: 10 }, (_, i) => ({
            phone: `+98912555000${i}`,
            createdAt: '2026-05-01T10:00:00Z',
            utmSource: `source-${i}`,
          })),
        );
        const agent = await many.signIn('reviewer');
        const chart = (
          await many.request(
            agent,
            'GET',
            `${ADMIN_API.overviewLeadsPerDay}?from=2026-05-01&to=2026-05-01`,
          )
        ).json<LeadsPerDayResponse>();
        expect(chart.series).toHaveLength(9);
        expect(chart.series.at(-1)).toEqual({
          kind: 'other',
          key: null,
          counts: [2],
          total: 2,
        });
      } finally {
        await many.close();
      }
    });
  });

  it('gives the status funnel of leads first seen in the range, every status listed', async () => {
    const funnel = await get<StatusFunnelResponse>(
      `${ADMIN_API.overviewFunnel}?from=2026-03-11&to=2026-03-12`,
    );
    expect(funnel.total).toBe(4);
    expect(funnel.stages).toEqual([
      { status: 'new', count: 2 },
      { status: 'contacted', count: 1 },
      { status: 'qualified', count: 0 },
      { status: 'disqualified', count: 0 },
      { status: 'spam', count: 1 },
    ]);
  });

  it('gives the share of duplicates among submissions and of spam among leads', async () => {
    const quality = await get<LeadQualityResponse>(
      `${ADMIN_API.overviewQuality}?from=2026-03-10&to=2026-03-12`,
    );
    expect(quality).toMatchObject({
      submissions: 6,
      duplicateSubmissions: 1,
      leads: 5,
      spamLeads: 1,
    });
    expect(quality.duplicateShare).toBeCloseTo(1 / 6);
    expect(quality.spamShare).toBeCloseTo(1 / 5);
    const empty = await get<LeadQualityResponse>(
      `${ADMIN_API.overviewQuality}?from=2025-01-01&to=2025-01-02`,
    );
    expect(empty).toMatchObject({
      submissions: 0,
      duplicateShare: null,
      spamShare: null,
    });
  });

  it('gives the median time from submission to the first status change', async () => {
    const now = Date.now();
    const hours = (n: number) => new Date(now - n * 3_600_000).toISOString();
    const [twoHours, oneHour] = await seedLeads(api.db, [
      { phone: '+989127000001', createdAt: hours(2) },
      { phone: '+989127000002', createdAt: hours(1) },
      { phone: '+989127000003', createdAt: hours(1.5) },
    ]);
    for (const id of [twoHours, oneHour]) {
      const moved = await api.request(
        reviewer,
        'PATCH',
        `${ADMIN_API.lead(id ?? '')}/status`,
        { status: 'contacted' },
      );
      expect(moved.statusCode).toBe(200);
    }
    // A second change does not move the first-change time.
    await api.request(
      reviewer,
      'PATCH',
      `${ADMIN_API.lead(twoHours ?? '')}/status`,
      {
        status: 'qualified',
      },
    );
    const from = dayIn('Asia/Tehran', new Date(now - 86_400_000));
    const to = dayIn('Asia/Tehran', new Date(now));
    const times = await get<ResponseTimeResponse>(
      `${ADMIN_API.overviewResponseTime}?from=${from}&to=${to}`,
    );
    expect(times.handled).toBe(2);
    expect(times.waiting).toBe(1);
    // (2 h + 1 h) / 2, plus the seconds this test took.
    expect(times.medianSeconds).toBeGreaterThanOrEqual(5400);
    expect(times.medianSeconds).toBeLessThan(5400 + 600);
    expect(times.p90Seconds).toBeGreaterThan(times.medianSeconds ?? 0);
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=tomorrow', 'to'],
    ['tz=Not/AZone', 'tz'],
    ['from=2026-03-12&to=2026-03-01', 'from'],
    ['from=2024-01-01&to=2026-01-01', 'to'],
  ])('answers a bad range (%s) with 400 naming %s', async (query, field) => {
    for (const url of [
      ADMIN_API.overviewLeadsPerDay,
      ADMIN_API.overviewFunnel,
      ADMIN_API.overviewQuality,
      ADMIN_API.overviewResponseTime,
    ]) {
      const response = await api.request(reviewer, 'GET', `${url}?${query}`);
      expect(response.statusCode).toBe(400);
      const error = response.json<{
        code: string;
        fields: { field: string }[];
      }>();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields[0]?.field).toBe(field);
    }
    const by = await api.request(
      reviewer,
      'GET',
      `${ADMIN_API.overviewLeadsPerDay}?by=medium`,
    );
    expect(by.statusCode).toBe(400);
  });

  describe('lead count', () => {
    it('counts the leads matching the filter on the first page only', async () => {
      const first = await get<LeadListResponse>(
        `${ADMIN_API.leads}?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&limit=2`,
      );
      expect(first.total).toEqual({ value: 5, exact: true });
      expect(first.items).toHaveLength(2);
      const next = await get<LeadListResponse>(
        `${ADMIN_API.leads}?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&limit=2&cursor=${first.nextCursor}`,
      );
      expect(next.total).toBeNull();
      const filtered = await get<LeadListResponse>(
        `${ADMIN_API.leads}?status=spam`,
      );
      expect(filtered.total).toEqual({ value: 1, exact: true });
    });

    it('stops counting at 10,000 and says "at least"', async () => {
      const big = await startAdminTestApi();
      try {
        await big.db.query(
          `INSERT INTO leads (phone, status, last_submitted_at)
           SELECT '+98913' || lpad(i::text, 7, '0'), 'new', now() FROM generate_series(1, 10005) AS i`,
        );
        const agent = await big.signIn('reviewer');
        const page = (
          await big.request(agent, 'GET', `${ADMIN_API.leads}?limit=1`)
        ).json<LeadListResponse>();
        expect(page.total).toEqual({ value: 10_000, exact: false });
      } finally {
        await big.close();
      }
    });
  });

  describe('timeline', () => {
    it('merges submissions, notes, status changes and the audit events that add something, newest first', async () => {
      const [id] = await seedLeads(api.db, [
        {
          phone: '+989128000001',
          createdAt: '2026-06-01T10:00:00Z',
          utmSource: 'sms',
        },
      ]);
      const leadId = id ?? '';
      const [submission] = await api.db.query<{ submission_id: string }>(
        `SELECT submission_id FROM lead_submissions WHERE lead_id = $1`,
        [leadId],
      );
      const note = await api.request(
        reviewer,
        'POST',
        `${ADMIN_API.lead(leadId)}/notes`,
        {
          text: 'Called, no answer',
        },
      );
      expect(note.statusCode).toBe(201);
      const noteId = note.json<{ id: string }>().id;
      await api.request(reviewer, 'PATCH', `${ADMIN_API.lead(leadId)}/status`, {
        status: 'contacted',
      });
      const [change] = await api.db.query<{ id: string }>(
        `SELECT id FROM lead_status_changes WHERE lead_id = $1`,
        [leadId],
      );
      // What the worker would have stored from the audit queue: the events about the stored
      // submission, the note and the change repeat timeline entries; the duplicate adds one.
      const duplicateId = randomUUID();
      await api.db.query(
        `INSERT INTO audit_events (id, type, occurred_at, phone, lead_id, payload) VALUES
           ($1, 'lead.submission', '2026-06-01T10:00:00Z', '+989128000001', NULL, $2::jsonb),
           ($3, 'lead.submission', '2026-06-01T10:05:00Z', '+989128000001', NULL, $4::jsonb),
           ($5, 'lead.note_added', now(), NULL, $6, $7::jsonb),
           ($8, 'lead.status_changed', now(), NULL, $6, '{"before":"new","after":"contacted"}')`,
        [
          randomUUID(),
          JSON.stringify({
            submissionId: submission?.submission_id,
            duplicate: false,
            attribution: {},
          }),
          duplicateId,
          JSON.stringify({
            submissionId: randomUUID(),
            duplicate: true,
            attribution: {},
          }),
          randomUUID(),
          leadId,
          JSON.stringify({ noteId, length: 17 }),
          change?.id,
        ],
      );
      const timeline = await get<LeadTimelineResponse>(
        ADMIN_API.leadTimeline(leadId),
      );
      expect(timeline.leadId).toBe(leadId);
      expect(timeline.truncated).toBe(false);
      const kinds = timeline.entries.map((entry) => entry.kind);
      expect(kinds.sort()).toEqual([
        'audit',
        'note',
        'status_change',
        'submission',
      ]);
      const ats = timeline.entries.map((entry) => entry.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      expect(timeline.entries.find((e) => e.kind === 'audit')?.id).toBe(
        `audit:${duplicateId}`,
      );
      const statusEntry = timeline.entries.find(
        (e) => e.kind === 'status_change',
      );
      expect(statusEntry).toMatchObject({
        change: {
          from: 'new',
          to: 'contacted',
          actorEmail: 'charts@example.com',
        },
      });
    });

    it('answers an unknown lead with 404 and a malformed id with 400', async () => {
      const unknown = await api.request(
        reviewer,
        'GET',
        ADMIN_API.leadTimeline('00000000-0000-4000-8000-000000000000'),
      );
      expect(unknown.statusCode).toBe(404);
      expect(
        (await api.request(reviewer, 'GET', ADMIN_API.leadTimeline('x')))
          .statusCode,
      ).toBe(400);
    });
  });
});
