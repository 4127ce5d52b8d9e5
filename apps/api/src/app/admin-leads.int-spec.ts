import {
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import {
  type LeadDetailResponse,
  type LeadListResponse,
  type LeadSummary,
} from '@landing/shared/contracts-admin';
import { sharedRedisUrl } from '@landing/server/util-testing';
import { erasedPhoneKey } from '@landing/server/domain-lead';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

describe('admin review api', () => {
  let api: AdminTestApi;
  let reviewer: Agent;
  let admin: Agent;
  let auditQueue: Queue<AuditBatchJob>;
  const ids: Record<string, string> = {};

  const list = async (query: string) => {
    const response = await api.request(
      reviewer,
      'GET',
      `/api/admin/leads${query}`,
    );
    expect(response.statusCode).toBe(200);
    return response.json<LeadListResponse>();
  };
  const phones = (page: LeadListResponse) =>
    page.items.map((lead) => lead.phone);
  const queuedAudit = async () =>
    (await auditQueue.getJobs(['waiting', 'delayed', 'prioritized'])).flatMap(
      (job) => job.data.events,
    );

  /** Every key under a prefix with its contents, as text. */
  const redisDump = async (prefix: string): Promise<string> => {
    const redis = new Redis(sharedRedisUrl());
    try {
      const keys = await redis.keys(`${prefix}:*`);
      const parts: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, 0, -1)
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        parts.push(key, JSON.stringify(value));
      }
      return parts.join('\n');
    } finally {
      redis.disconnect();
    }
  };

  beforeAll(async () => {
    api = await startAdminTestApi();
    reviewer = await api.signIn('reviewer', 'reviewer@example.com');
    admin = await api.signIn('admin', 'admin@example.com');
    auditQueue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
    const seeded = await seedLeads(api.db, [
      {
        phone: '+989121234567',
        name: 'Sara Ahmadi',
        email: 'sara@example.com',
        createdAt: '2026-01-01T10:00:00Z',
        utmSource: 'instagram',
        utmCampaign: 'spring',
      },
      {
        phone: '+989351112233',
        name: 'Reza',
        status: 'contacted',
        createdAt: '2026-01-02T10:00:00Z',
        utmSource: 'google',
        utmCampaign: 'spring',
      },
      {
        phone: '+989121112222',
        name: '=HYPERLINK("http://evil.example","x")',
        email: '@evil',
        createdAt: '2026-01-03T10:00:00Z',
        utmSource: '+cmd',
      },
      {
        phone: '+989190000001',
        name: 'سارا',
        status: 'spam',
        createdAt: '2026-01-04T10:00:00Z',
        utmSource: 'instagram',
        utmCampaign: 'summer',
      },
      { phone: '+989190000002', createdAt: '2026-01-05T10:00:00Z' },
    ]);
    ['sara', 'reza', 'evil', 'persian', 'bare'].forEach(
      (key, i) => (ids[key] = seeded[i] ?? ''),
    );
  });
  afterAll(async () => {
    await auditQueue.close();
    await api.close();
  });

  describe('list', () => {
    it('lists newest first by default', async () => {
      expect(phones(await list(''))).toEqual([
        '+989190000002',
        '+989190000001',
        '+989121112222',
        '+989351112233',
        '+989121234567',
      ]);
    });

    it('pages with a cursor without repeating or skipping, in both directions', async () => {
      for (const order of ['desc', 'asc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: LeadListResponse = await list(
            `?limit=2&order=${order}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...phones(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(5);
        expect(new Set(seen).size).toBe(5);
        const all = phones(await list(`?order=${order}`));
        expect(seen).toEqual(all);
      }
    });

    it('pages by name, keeping leads without a name', async () => {
      const first = await list('?sort=name&order=asc&limit=3');
      const second = await list(
        `?sort=name&order=asc&limit=3&cursor=${first.nextCursor}`,
      );
      expect([...phones(first), ...phones(second)]).toHaveLength(5);
      expect(second.nextCursor).toBeNull();
    });

    it('filters by status, date range, source and campaign together', async () => {
      expect(
        phones(
          await list(
            '?status=new,contacted&from=2026-01-02T00:00:00Z&to=2026-01-04T00:00:00Z',
          ),
        ),
      ).toEqual(['+989121112222', '+989351112233']);
      expect(phones(await list('?source=instagram'))).toEqual([
        '+989190000001',
        '+989121234567',
      ]);
      expect(phones(await list('?source=instagram&campaign=spring'))).toEqual([
        '+989121234567',
      ]);
    });

    it.each([
      ['09121234567', 'national format'],
      ['۰۹۱۲ ۱۲۳ ۴۵۶۷', 'Persian digits with spaces'],
      ['+98 912 123 4567', 'international with spaces'],
      ['00989121234567', '00 prefix'],
      ['9121234567', 'without the trunk zero'],
    ])('finds a lead by phone typed as %s (%s)', async (q) => {
      expect(phones(await list(`?q=${encodeURIComponent(q)}`))).toEqual([
        '+989121234567',
      ]);
    });

    it('finds leads by part of a number, a name or an email', async () => {
      expect(phones(await list('?q=0919000'))).toEqual([
        '+989190000002',
        '+989190000001',
      ]);
      expect(phones(await list('?q=ahmad'))).toEqual(['+989121234567']);
      expect(phones(await list(`?q=${encodeURIComponent('سار')}`))).toEqual([
        '+989190000001',
      ]);
      expect(phones(await list('?q=SARA@EXAMPLE'))).toEqual(['+989121234567']);
      expect(phones(await list('?q=100%25'))).toEqual([]);
    });

    it.each([
      '?status=maybe',
      '?from=yesterday',
      '?limit=0',
      '?limit=1000',
      '?sort=phone',
      '?cursor=bm9wZQ',
      '?unknown=1',
    ])('answers 400 with the error shape to %s', async (query) => {
      const response = await api.request(
        reviewer,
        'GET',
        `/api/admin/leads${query}`,
      );
      expect(response.statusCode).toBe(400);
      expect(
        response.json<{ code: string; requestId: string }>(),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        requestId: expect.any(String),
      });
    });

    it('refuses a cursor made for another sort', async () => {
      const page = await list('?limit=1');
      const response = await api.request(
        reviewer,
        'GET',
        `/api/admin/leads?limit=1&sort=name&cursor=${page.nextCursor}`,
      );
      expect(response.statusCode).toBe(400);
    });
  });

  describe('status, notes and detail', () => {
    it('moves a lead along the workflow, refuses a jump, and audits who did it with before and after', async () => {
      const moved = await api.request(
        reviewer,
        'PATCH',
        `/api/admin/leads/${ids['sara']}/status`,
        { status: 'contacted' },
      );
      expect(moved.json<LeadSummary>().status).toBe('contacted');
      const jump = await api.request(
        reviewer,
        'PATCH',
        `/api/admin/leads/${ids['bare']}/status`,
        { status: 'qualified' },
      );
      expect(jump.statusCode).toBe(409);
      expect(jump.json<{ code: string }>().code).toBe('CONFLICT');
      const events = (await queuedAudit()).filter(
        (event) =>
          event.type === 'lead.status_changed' && event.leadId === ids['sara'],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor: { username: 'reviewer@example.com' },
        payload: { before: 'new', after: 'contacted' },
        phone: null,
      });
    });

    it('adds a note and shows it, the submissions and the next statuses in the detail', async () => {
      const note = await api.request(
        reviewer,
        'POST',
        `/api/admin/leads/${ids['reza']}/notes`,
        { text: 'Called, call back Sunday' },
      );
      expect(note.statusCode).toBe(201);
      const detail = (
        await api.request(reviewer, 'GET', `/api/admin/leads/${ids['reza']}`)
      ).json<LeadDetailResponse>();
      expect(detail.lead.phone).toBe('+989351112233');
      expect(detail.notes).toEqual([
        expect.objectContaining({
          text: 'Called, call back Sunday',
          authorEmail: 'reviewer@example.com',
        }),
      ]);
      expect(detail.submissions).toEqual([
        expect.objectContaining({
          utmSource: 'google',
          utmCampaign: 'spring',
          consent: true,
        }),
      ]);
      expect(detail.nextStatuses).toEqual([
        'new',
        'qualified',
        'disqualified',
        'spam',
      ]);
      const noted = (await queuedAudit()).find(
        (event) =>
          event.type === 'lead.note_added' && event.leadId === ids['reza'],
      );
      expect(noted?.payload).toMatchObject({
        length: 'Called, call back Sunday'.length,
      });
    });

    it('answers 404 for an unknown lead and 400 for a malformed id', async () => {
      expect(
        (await api.request(reviewer, 'GET', `/api/admin/leads/${randomUUID()}`))
          .statusCode,
      ).toBe(404);
      expect(
        (await api.request(reviewer, 'GET', '/api/admin/leads/not-a-uuid'))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await api.request(
            reviewer,
            'POST',
            `/api/admin/leads/${randomUUID()}/notes`,
            { text: 'x' },
          )
        ).statusCode,
      ).toBe(404);
    });

    it('changes a selection in bulk, skipping leads whose status may not move there', async () => {
      const response = await api.request(
        reviewer,
        'POST',
        '/api/admin/leads/bulk-status',
        {
          ids: [ids['bare'], ids['persian'], ids['evil'], randomUUID()],
          status: 'disqualified',
        },
      );
      const body = response.json<{ changed: string[]; skipped: string[] }>();
      expect(body.changed.sort()).toEqual([ids['bare'], ids['evil']].sort());
      expect(body.skipped).toHaveLength(2);
      const rows = await api.db.query<{ status: string }>(
        `SELECT status FROM leads WHERE id = $1`,
        [ids['persian']],
      );
      expect(rows[0]?.status).toBe('spam');
    });
  });

  describe('export', () => {
    it('streams the current filter as CSV with formulas defused, and audits how many rows left', async () => {
      const response = await api.request(
        reviewer,
        'GET',
        '/api/admin/leads/export?order=asc',
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="leads-.*\.csv"$/,
      );
      const lines = response.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(
        '"id","phone","name","email","status","created_at","last_submitted_at","utm_source","utm_campaign","submissions"',
      );
      expect(lines).toHaveLength(6);
      expect(lines[1]).toContain(
        `"${ids['sara']}","0912 123 4567","Sara Ahmadi","sara@example.com","contacted","2026-01-01T10:00:00.000Z"`,
      );
      const evil =
        lines.find((line) => line.includes(ids['evil'] ?? '-')) ?? '';
      expect(evil).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      expect(evil).toContain(`,"'@evil",`);
      expect(evil).toContain(`,"'+cmd",`);
      // No cell may start with a formula character.
      for (const line of lines.slice(1)) {
        for (const cell of line.match(/("([^"]|"")*"|[^,]*)/g) ?? [])
          expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
      }
      const exported = (await queuedAudit()).find(
        (event) => event.type === 'leads.exported',
      );
      expect(exported?.payload).toMatchObject({
        rowCount: 5,
        filter: { order: 'asc' },
      });
    });

    it('exports only what the filter selects', async () => {
      const response = await api.request(
        reviewer,
        'GET',
        '/api/admin/leads/export?source=instagram&campaign=spring',
      );
      const lines = response.body.trimEnd().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('"0912 123 4567"');
    });

    it('keeps a value that hides a formula behind a semicolon text, and shows a bidi-spoofed name as typed', async () => {
      const [id] = await seedLeads(api.db, [
        {
          phone: '+989127001122',
          name: '\u202Eevil',
          email: 'x;=1+1',
          utmSource: 'a,b;@SUM(A1)',
        },
      ]);
      try {
        const response = await api.request(
          reviewer,
          'GET',
          '/api/admin/leads/export?q=09127001122',
        );
        const [, line] = response.body.trimEnd().split('\r\n');
        expect(line).toContain(
          `"${id}","0912 700 1122","evil","x;'=1+1","new",`,
        );
        expect(line).toContain(`"a,b;'@SUM(A1)"`);
        expect(line).not.toContain('\u202E');
      } finally {
        await api.db.query(`DELETE FROM leads WHERE id = $1`, [id]);
      }
    });

    it('records its filter in the trail without the phone number typed into it, in any format', async () => {
      const typed = [
        '۰۹۱۲ ۱۲۳ ۴۵۶۷',
        '+98 912-123-4567',
        '989121234567',
        '٠٩١٢١٢٣٤٥٦٧',
      ];
      for (const q of typed) {
        const response = await api.request(
          reviewer,
          'GET',
          `/api/admin/leads/export?q=${encodeURIComponent(q)}&source=instagram`,
        );
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain('"0912 123 4567"');
      }
      const exported = (await queuedAudit()).filter(
        (event) =>
          event.type === 'leads.exported' &&
          'q' in event.payload.filter &&
          event.payload.filter['source'] === 'instagram',
      );
      expect(exported).toHaveLength(typed.length);
      for (const event of exported) {
        expect(event.payload).toMatchObject({
          rowCount: 1,
          filter: { q: '+98*******567', source: 'instagram' },
        });
        const recorded = JSON.stringify(event);
        for (const q of typed) expect(recorded).not.toContain(q);
        expect(recorded.replace(/[^0-9]/g, '')).not.toMatch(/1234567|9121234/);
      }
    });
  });

  describe('erasure', () => {
    it('is for admins only', async () => {
      expect(
        (
          await api.request(
            reviewer,
            'DELETE',
            `/api/admin/leads/${ids['reza']}`,
          )
        ).statusCode,
      ).toBe(403);
    });

    it('removes the lead, its submissions, notes, audit events and deduplication mark, and audits itself without the number', async () => {
      const phone = '+989127776655';
      const submit = () =>
        api.request(undefined, 'POST', '/api/leads', {
          phone: '09127776655',
          consent: true,
          submissionId: randomUUID(),
        });
      expect((await submit()).statusCode).toBe(202);
      expect((await submit()).json<{ status: string }>().status).toBe(
        'duplicate',
      );
      // The worker is not running here: write the lead and its trail as it would have.
      const [id] = await seedLeads(api.db, [
        { phone, name: 'To be forgotten' },
      ]);
      await api.request(reviewer, 'POST', `/api/admin/leads/${id}/notes`, {
        text: 'asked to be erased',
      });
      await api.db.query(
        `INSERT INTO audit_events (id, type, occurred_at, phone, lead_id, payload) VALUES ($1, 'lead.submission', now(), $2, NULL, '{}'), ($3, 'lead.status_changed', now(), NULL, $4, '{}')`,
        [randomUUID(), phone, randomUUID(), id],
      );

      const response = await api.request(
        admin,
        'DELETE',
        `/api/admin/leads/${id}`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ erased: true });

      const count = async (sql: string, params: unknown[]) =>
        Number((await api.db.query<{ n: string }>(sql, params))[0]?.n);
      expect(
        await count(`SELECT count(*) AS n FROM leads WHERE phone = $1`, [
          phone,
        ]),
      ).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM lead_submissions WHERE phone = $1`,
          [phone],
        ),
      ).toBe(0);
      expect(
        await count(`SELECT count(*) AS n FROM lead_notes WHERE lead_id = $1`, [
          id,
        ]),
      ).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_events WHERE phone = $1 OR lead_id = $2`,
          [phone, id],
        ),
      ).toBe(0);
      // Audit events about the number still queued are to be dropped by the worker.
      const marks = new Redis(sharedRedisUrl());
      try {
        expect(
          Number(await marks.get(erasedPhoneKey(api.prefix, phone))),
        ).toBeGreaterThan(Date.now() - 60_000);
      } finally {
        marks.disconnect();
      }
      // Nothing under this api's queue prefix holds the number any more: not the lead job,
      // not the audit events about it that were still waiting for the (absent) worker.
      expect(
        (await queuedAudit()).filter((event) => event.phone === phone),
      ).toEqual([]);
      expect(await redisDump(api.prefix)).not.toMatch(/9127776655/);
      // The deduplication mark is gone: the same number is a new submission again.
      expect((await submit()).statusCode).toBe(202);

      const erased = (await queuedAudit()).find(
        (event) => event.type === 'lead.erased',
      );
      expect(erased).toMatchObject({
        leadId: id,
        phone: null,
        actor: { username: 'admin@example.com' },
        payload: { before: { status: 'new', submissionCount: 1 }, after: null },
      });
      expect(JSON.stringify(erased)).not.toContain('7776655');
      expect(
        (await api.request(admin, 'DELETE', `/api/admin/leads/${id}`))
          .statusCode,
      ).toBe(404);
    });
  });
});
