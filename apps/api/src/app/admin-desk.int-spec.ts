import {
  ADMIN_API,
  type LeadDetailResponse,
  type SlaPerDayResponse,
} from '@landing/shared/contracts-admin';
import {
  type AvailabilityResponse,
  type BusinessCalendarResponse,
  DESK_API,
  type DeskLeadView,
  type LeadCallsResponse,
  type LogCallResponse,
  type QueueResponse,
  type StaffOnDutyResponse,
} from '@landing/shared/contracts-desk';
import { DEFAULT_BUSINESS_CALENDAR } from '@landing/shared/domain-business-calendar';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

const MINUTE = 60_000;

describe('the callback desk api', () => {
  let api: AdminTestApi;
  let caller: Agent;
  let colleague: Agent;
  let admin: Agent;
  let phone = 0;

  const at = (offsetMs: number) => new Date(Date.now() + offsetMs);
  /** A lead owned by `owner` (null: the shared queue) in the given desk state. */
  const lead = async (
    owner: Agent | null,
    state: {
      dueAt?: Date;
      contactedAt?: Date;
      nextCallAt?: Date;
      status?: string;
    } = {},
  ): Promise<string> => {
    phone += 1;
    const [id] = await seedLeads(api.db, [
      {
        phone: `+98935${String(phone).padStart(7, '0')}`,
        status: state.status ?? 'new',
      },
    ]);
    await api.db.query(
      `INSERT INTO lead_desk (lead_id, arrived_at, open, owner_id, assigned_at, first_contact_due_at, first_contacted_at, next_call_at)
       SELECT id, created_at, status IN ('new', 'contacted'), $2, CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END, $3, $4, $5
         FROM leads WHERE id = $1`,
      [
        id,
        owner?.session.user.id ?? null,
        state.dueAt ?? at(60 * MINUTE),
        state.contactedAt ?? null,
        state.nextCallAt ?? null,
      ],
    );
    if (!id) throw new Error('seed failed');
    return id;
  };
  const queue = async (agent: Agent) => {
    const response = await api.request(agent, 'GET', DESK_API.queue);
    expect(response.statusCode).toBe(200);
    return response.json<QueueResponse>();
  };
  const call = (agent: Agent, id: string, body: unknown) =>
    api.request(agent, 'POST', DESK_API.calls(id), body);

  beforeAll(async () => {
    api = await startAdminTestApi({
      // The hand-out on coming on duty; `off` (the default) hands out in turn as well.
      DESK_ASSIGNMENT_POLICY: 'round_robin',
      DESK_MAX_UNANSWERED_ATTEMPTS: '3',
      DESK_RETRY_AFTER_MINUTES: '30',
    });
    caller = await api.signIn('reviewer', 'caller@example.com');
    colleague = await api.signIn('reviewer', 'colleague@example.com');
    admin = await api.signIn('admin', 'boss@example.com');
  });
  afterAll(() => api.close());
  beforeEach(() => api.db.query(`TRUNCATE leads CASCADE`));

  it('lists what is due: overdue first, then new by due time, then callbacks whose time came; with counts', async () => {
    const newLater = await lead(caller, { dueAt: at(90 * MINUTE) });
    const overdueOld = await lead(caller, { dueAt: at(-120 * MINUTE) });
    const callbackDue = await lead(caller, {
      dueAt: at(-300 * MINUTE),
      contactedAt: at(-200 * MINUTE),
      nextCallAt: at(-MINUTE),
      status: 'contacted',
    });
    const newSoon = await lead(caller, { dueAt: at(10 * MINUTE) });
    const overdueRecent = await lead(caller, { dueAt: at(-5 * MINUTE) });
    // Not in the caller's queue: a callback not yet due, a colleague's lead, a closed one.
    const callbackLater = await lead(caller, {
      contactedAt: at(-MINUTE),
      nextCallAt: at(60 * MINUTE),
      status: 'contacted',
    });
    await lead(colleague, { dueAt: at(-MINUTE) });
    await lead(caller, { dueAt: at(-MINUTE), status: 'qualified' });
    await lead(null, { dueAt: at(-MINUTE) });

    const mine = await queue(caller);
    expect(mine.items.map((item) => [item.leadId, item.kind])).toEqual([
      [overdueOld, 'overdue'],
      [overdueRecent, 'overdue'],
      [newSoon, 'new'],
      [newLater, 'new'],
      [callbackDue, 'callback'],
    ]);
    // The callback not yet due is among the upcoming ones only.
    expect(mine.upcoming.map((item) => [item.leadId, item.kind])).toEqual([
      [callbackLater, 'callback'],
    ]);
    expect(mine.counts).toEqual({
      overdue: 2,
      new: 2,
      callback: 1,
      total: 5,
      unassigned: 1,
    });
  });

  it('counts unanswered attempts, brings the lead back after the retry delay, and closes it as unreachable at the limit', async () => {
    const id = await lead(caller, { dueAt: at(-MINUTE) });
    for (const [attempt, outcome] of [
      [1, 'no_answer'],
      [2, 'busy'],
    ] as const) {
      const response = await call(caller, id, {
        outcome,
        note: `try ${attempt}`,
      });
      expect(response.statusCode).toBe(201);
      const logged = response.json<LogCallResponse>();
      expect(logged.lead).toMatchObject({
        status: 'new',
        attempts: attempt,
        closedReason: null,
      });
      // Back in 30 working minutes: after now, and not in the queue until then.
      expect(new Date(logged.lead.nextCallAt ?? 0).getTime()).toBeGreaterThan(
        Date.now(),
      );
      expect((await queue(caller)).items).toEqual([]);
    }
    const last = await call(caller, id, { outcome: 'no_answer' });
    expect(last.json<LogCallResponse>().lead).toMatchObject({
      status: 'disqualified',
      closedReason: 'unreachable',
      attempts: 3,
      nextCallAt: null,
    });
    const calls = await api.db.query<{
      outcome: string;
      note: string | null;
      staff_id: string;
    }>(
      `SELECT outcome, note, staff_id FROM lead_calls WHERE lead_id = $1 ORDER BY created_at`,
      [id],
    );
    expect(calls).toEqual([
      { outcome: 'no_answer', note: 'try 1', staff_id: caller.session.user.id },
      { outcome: 'busy', note: 'try 2', staff_id: caller.session.user.id },
      { outcome: 'no_answer', note: null, staff_id: caller.session.user.id },
    ]);
    // The lead's call history, newest first, with who called.
    const history = await api.request(caller, 'GET', DESK_API.calls(id));
    expect(history.statusCode).toBe(200);
    expect(
      history
        .json<LeadCallsResponse>()
        .calls.map((c) => [c.outcome, c.note, c.staffEmail]),
    ).toEqual([
      ['no_answer', null, 'caller@example.com'],
      ['busy', 'try 2', 'caller@example.com'],
      ['no_answer', 'try 1', 'caller@example.com'],
    ]);
    // Anyone on staff reads it; an unknown lead is 404.
    expect(
      (await api.request(colleague, 'GET', DESK_API.calls(id))).statusCode,
    ).toBe(200);
    const unknown = await api.request(
      caller,
      'GET',
      DESK_API.calls('00000000-0000-4000-8000-000000000000'),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('NOT_FOUND');
    expect(
      await api.db.query(
        `SELECT from_status, to_status FROM lead_status_changes WHERE lead_id = $1`,
        [id],
      ),
    ).toEqual([{ from_status: 'new', to_status: 'disqualified' }]);
    // Closed: no more calls on it.
    const closed = await call(caller, id, { outcome: 'no_answer' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json<{ code: string }>().code).toBe('LEAD_CLOSED');
  });

  it("a callback returns the lead to its owner's queue at the chosen time", async () => {
    const id = await lead(caller, { dueAt: at(30 * MINUTE) });
    const callbackAt = at(1500).toISOString();
    const response = await call(caller, id, {
      outcome: 'callback',
      callbackAt,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<LogCallResponse>().lead).toMatchObject({
      status: 'contacted',
      nextCallAt: callbackAt,
      attempts: 0,
    });
    const before = await queue(caller);
    expect(before.items).toEqual([]);
    // Not due yet: among the upcoming ones, so the screen can bring it in on time.
    expect(
      before.upcoming.map((item) => [item.leadId, item.kind, item.nextCallAt]),
    ).toEqual([[id, 'callback', callbackAt]]);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const after = await queue(caller);
    expect(after.items.map((item) => [item.leadId, item.kind])).toEqual([
      [id, 'callback'],
    ]);
    expect(after.upcoming).toEqual([]);
  });

  it('maps each closing outcome onto a status and a reason', async () => {
    const expected = {
      interested: ['qualified', null],
      not_interested: ['disqualified', 'not_interested'],
      wrong_number: ['disqualified', 'wrong_number'],
      do_not_call: ['disqualified', 'do_not_call'],
    } as const;
    for (const [outcome, [status, reason]] of Object.entries(expected)) {
      const id = await lead(caller);
      const response = await call(caller, id, { outcome });
      expect(response.json<LogCallResponse>().lead).toMatchObject({
        status,
        closedReason: reason,
      });
    }
  });

  it('refuses bad calls with stable codes', async () => {
    const mine = await lead(caller);
    const theirs = await lead(colleague);
    const cases: [string, unknown, number, string][] = [
      [mine, { outcome: 'callback' }, 400, 'VALIDATION_FAILED'],
      [
        mine,
        { outcome: 'callback', callbackAt: at(-10 * MINUTE).toISOString() },
        400,
        'VALIDATION_FAILED',
      ],
      [
        mine,
        { outcome: 'busy', callbackAt: at(MINUTE).toISOString() },
        400,
        'VALIDATION_FAILED',
      ],
      [mine, { outcome: 'hung_up' }, 400, 'VALIDATION_FAILED'],
      [mine, { outcome: 'busy', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [theirs, { outcome: 'busy' }, 403, 'NOT_LEAD_OWNER'],
      [
        '00000000-0000-4000-8000-000000000000',
        { outcome: 'busy' },
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [id, body, status, code] of cases) {
      const response = await call(caller, id, body);
      expect([
        response.statusCode,
        response.json<{ code: string }>().code,
      ]).toEqual([status, code]);
    }
    // An admin may log a call on anyone's lead.
    expect((await call(admin, theirs, { outcome: 'busy' })).statusCode).toBe(
      201,
    );
  });

  it('lists the shared queue oldest first; a claimed lead moves to the claimer and leaves it', async () => {
    const newer = await lead(null, { dueAt: at(30 * MINUTE) });
    const oldest = await lead(null, { dueAt: at(-MINUTE) });
    const middle = await lead(null, { dueAt: at(20 * MINUTE) });
    await lead(colleague, { dueAt: at(-MINUTE) });
    await lead(null, { dueAt: at(-MINUTE), status: 'qualified' });
    // Arrival order differs from insertion order and from due order.
    for (const [id, minutesAgo] of [
      [oldest, 90],
      [middle, 60],
      [newer, 30],
    ] as const)
      await api.db.query(
        `UPDATE lead_desk SET arrived_at = now() - make_interval(mins => $2) WHERE lead_id = $1`,
        [id, minutesAgo],
      );

    const before = await queue(caller);
    expect(before.shared.map((item) => [item.leadId, item.kind])).toEqual([
      [oldest, 'overdue'],
      [middle, 'new'],
      [newer, 'new'],
    ]);
    expect(before.items).toEqual([]);
    expect(before.counts.unassigned).toBe(3);

    expect(
      (await api.request(caller, 'POST', DESK_API.claim(middle), {}))
        .statusCode,
    ).toBe(200);
    const mine = await queue(caller);
    expect(mine.items.map((item) => item.leadId)).toEqual([middle]);
    expect(mine.shared.map((item) => item.leadId)).toEqual([oldest, newer]);
    expect(mine.counts.unassigned).toBe(2);
    const theirs = await queue(colleague);
    expect(theirs.shared.map((item) => item.leadId)).toEqual([oldest, newer]);
    const lost = await api.request(
      colleague,
      'POST',
      DESK_API.claim(middle),
      {},
    );
    expect([lost.statusCode, lost.json<{ code: string }>().code]).toEqual([
      409,
      'LEAD_ALREADY_OWNED',
    ]);
  });

  it('claims from the shared queue once; admins reassign; both are kept in the assignment history', async () => {
    const shared = await lead(null);
    const claimed = await api.request(
      caller,
      'POST',
      DESK_API.claim(shared),
      {},
    );
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json<DeskLeadView>().ownerId).toBe(caller.session.user.id);
    const again = await api.request(
      colleague,
      'POST',
      DESK_API.claim(shared),
      {},
    );
    expect([again.statusCode, again.json<{ code: string }>().code]).toEqual([
      409,
      'LEAD_ALREADY_OWNED',
    ]);

    const reassigned = await api.request(
      admin,
      'POST',
      DESK_API.assign(shared),
      {
        ownerId: colleague.session.user.id,
      },
    );
    expect(reassigned.json<DeskLeadView>().ownerId).toBe(
      colleague.session.user.id,
    );
    // The review screen's lead detail names the new owner.
    const detail = await api.request(admin, 'GET', ADMIN_API.lead(shared));
    expect(detail.json<LeadDetailResponse>().desk).toMatchObject({
      ownerId: colleague.session.user.id,
      ownerEmail: 'colleague@example.com',
      slaBreachedAt: null,
    });
    const before = await lead(null);
    await api.db.query(`DELETE FROM lead_desk WHERE lead_id = $1`, [before]);
    expect(
      (
        await api.request(admin, 'GET', ADMIN_API.lead(before))
      ).json<LeadDetailResponse>().desk,
    ).toBeNull();
    expect(
      (
        await api.request(admin, 'POST', DESK_API.assign(shared), {
          ownerId: '00000000-0000-4000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      await api.db.query(
        `SELECT reason, from_owner_id, to_owner_id, actor_id FROM lead_assignments WHERE lead_id = $1 ORDER BY assigned_at`,
        [shared],
      ),
    ).toEqual([
      {
        reason: 'claim',
        from_owner_id: null,
        to_owner_id: caller.session.user.id,
        actor_id: caller.session.user.id,
      },
      {
        reason: 'reassign',
        from_owner_id: caller.session.user.id,
        to_owner_id: colleague.session.user.id,
        actor_id: admin.session.user.id,
      },
    ]);
  });

  it('charts first contacts within the SLA per day of their due time on the overview', async () => {
    const hour = 60 * MINUTE;
    await lead(caller, { dueAt: at(-3 * hour), contactedAt: at(-4 * hour) });
    await lead(caller, { dueAt: at(-3 * hour), contactedAt: at(-2 * hour) });
    await lead(caller, { dueAt: at(-2 * hour) });
    await lead(caller, { dueAt: at(2 * hour) }); // not due yet: not counted
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000)
      .toISOString()
      .slice(0, 10);
    const response = await api.request(
      caller,
      'GET',
      `${ADMIN_API.overviewSla}?from=${yesterday}&to=${today}&tz=UTC`,
    );
    expect(response.statusCode).toBe(200);
    const sla = response.json<SlaPerDayResponse>();
    expect(sla.days).toEqual([yesterday, today]);
    expect(sla.totalHit).toBe(1);
    expect(sla.totalMissed).toBe(2);
    expect(sla.hitRate).toBeCloseTo(1 / 3);
    expect(sla.hit.length).toBe(2);
    expect(
      (
        await api.request(
          caller,
          'GET',
          `${ADMIN_API.overviewSla}?from=${today}&to=${yesterday}`,
        )
      ).statusCode,
    ).toBe(400);
  });

  it('coming on duty hands out the shared queue, oldest first; admins see who is on duty', async () => {
    const older = await lead(null);
    const newer = await lead(null);
    const on = await api.request(caller, 'PUT', DESK_API.availability, {
      onDuty: true,
    });
    expect(on.statusCode).toBe(200);
    expect(on.json<AvailabilityResponse>()).toMatchObject({
      onDuty: true,
      handedOut: 2,
    });
    expect((await queue(caller)).items.map((item) => item.leadId)).toEqual([
      older,
      newer,
    ]);

    const staff = (
      await api.request(admin, 'GET', DESK_API.staffOnDuty)
    ).json<StaffOnDutyResponse>();
    expect(staff.onDuty).toBe(1);
    expect(staff.staff.find((member) => member.onDuty)).toMatchObject({
      email: 'caller@example.com',
      openLeads: 2,
    });
    const away = await api.request(caller, 'PUT', DESK_API.availability, {
      onDuty: false,
    });
    expect(away.json<AvailabilityResponse>()).toMatchObject({
      onDuty: false,
      handedOut: 0,
    });
    expect(
      (
        await api.request(caller, 'PUT', DESK_API.availability, {
          onDuty: 'yes',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('keeps the business calendar: the default, a valid change, and field errors for a bad one', async () => {
    const initial = await api.request(admin, 'GET', DESK_API.businessCalendar);
    expect(initial.json<BusinessCalendarResponse>()).toEqual({
      ...DEFAULT_BUSINESS_CALENDAR,
      updatedAt: null,
      firstContactSlaMinutes: 480,
    });
    const berlin = {
      timeZone: 'Europe/Berlin',
      week: {
        ...DEFAULT_BUSINESS_CALENDAR.week,
        friday: { open: '10:00', close: '14:00' },
      },
      holidays: ['2026-12-25', '2026-12-24'],
    };
    const saved = await api.request(
      admin,
      'PUT',
      DESK_API.businessCalendar,
      berlin,
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.json<BusinessCalendarResponse>()).toMatchObject({
      ...berlin,
      holidays: ['2026-12-24', '2026-12-25'],
    });
    const bad = await api.request(admin, 'PUT', DESK_API.businessCalendar, {
      ...berlin,
      timeZone: 'Mars/Olympus',
      week: { ...berlin.week, monday: { open: '18:00', close: '09:00' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ fields: { field: string }[] }>()
        .fields.map((f) => f.field)
        .sort(),
    ).toEqual(['timeZone', 'week.monday']);
    const missingDay = await api.request(
      admin,
      'PUT',
      DESK_API.businessCalendar,
      {
        ...berlin,
        week: { ...berlin.week, sunday: undefined },
      },
    );
    expect(missingDay.statusCode).toBe(400);
    expect(
      (
        await api.request(admin, 'GET', DESK_API.businessCalendar)
      ).json<BusinessCalendarResponse>().timeZone,
    ).toBe('Europe/Berlin');
  });
});
