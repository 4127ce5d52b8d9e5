import {
  auditDataSourceOptions,
  PostgresAuditStore,
} from '@landing/server/persistence-audit';
import {
  DeskAssignmentRepository,
  DeskDatabase,
  DeskEventStore,
  DeskRepository,
  DeskSlaRepository,
} from '@landing/server/persistence-desk';
import { type AppConfig } from '@landing/server/util-config';
import {
  DeskEventMetrics,
  DeskMetrics,
} from '@landing/server/util-observability';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { DeskScanJob } from './desk-scan.job';

const HOUR = 3_600_000;

/** The worker's repeatable desk scan against PostgreSQL (the audit trail in the same database). */
describe('DeskScanJob', () => {
  let db: TestDatabase;
  let database: DeskDatabase;
  let audit: PostgresAuditStore;
  let job: DeskScanJob;
  let metrics: DeskMetrics;
  let stream: DeskEventStore;
  let phone = 0;
  const prefix = uniqueQueuePrefix();
  /** What the live stream received so far. */
  const streamed = async () =>
    (await stream.after('0-0', 1000)).events.map(({ event }) => ({
      type: event.type,
      leads: event.leads,
    }));

  const lead = async (state: {
    dueAt: Date;
    contactedAt?: Date;
    owner?: string | null;
    status?: string;
  }) => {
    phone += 1;
    const [row] = await db.query<{ id: string }>(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ($1, $2, now()) RETURNING id, created_at, status)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at, first_contacted_at, owner_id)
       SELECT id, created_at, status IN ('new', 'contacted'), $3, $4, $5 FROM l RETURNING lead_id AS id`,
      [
        `+98936${String(phone).padStart(7, '0')}`,
        state.status ?? 'new',
        state.dueAt,
        state.contactedAt ?? null,
        state.owner ?? null,
      ],
    );
    if (!row) throw new Error('insert failed');
    return row.id;
  };
  const misses = async () =>
    (await metrics.sla.get()).values.find(
      (value) => value.labels['result'] === 'miss',
    )?.value ?? 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = {
      DATABASE_URL: db.url,
      DESK_ASSIGNMENT_POLICY: 'round_robin',
      REDIS_URL: sharedRedisUrl(),
      QUEUE_PREFIX: prefix,
    } as AppConfig;
    stream = new DeskEventStore(config, new DeskEventMetrics());
    database = new DeskDatabase(config);
    audit = new PostgresAuditStore(auditDataSourceOptions(db.url));
    metrics = new DeskMetrics();
    metrics.initialise();
    job = new DeskScanJob(
      config,
      audit,
      new DeskSlaRepository(database),
      new DeskAssignmentRepository(database),
      metrics,
      stream,
    );
  });
  afterAll(async () => {
    stream.onApplicationShutdown();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await database.onApplicationShutdown();
    await audit.close();
    await db.drop();
  });

  it('flags each lead past its first-contact due time once, alerts admins and writes the trail', async () => {
    const [staff] = await db.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ('owner@example.com', 'x', 'reviewer') RETURNING id`,
    );
    const owner = staff?.id ?? null;
    const late = await lead({ dueAt: new Date(Date.now() - HOUR), owner });
    // Not breaches: due later, already called, closed.
    await lead({ dueAt: new Date(Date.now() + HOUR), owner });
    await lead({
      dueAt: new Date(Date.now() - HOUR),
      contactedAt: new Date(Date.now() - 2 * HOUR),
      owner,
    });
    await lead({ dueAt: new Date(Date.now() - HOUR), status: 'qualified' });
    const before = await misses();

    const first = await job.runOnce();
    expect(first.breached).toBe(1);
    expect(await misses()).toBe(before + 1);
    const [flagged] = await db.query<{ sla_breached_at: Date | null }>(
      `SELECT sla_breached_at FROM lead_desk WHERE lead_id = $1`,
      [late],
    );
    expect(flagged?.sla_breached_at).toBeInstanceOf(Date);
    expect(
      await db.query(`SELECT kind, lead_id, owner_id FROM desk_alerts`),
    ).toEqual([{ kind: 'sla_breached', lead_id: late, owner_id: owner }]);
    const events = await audit.find({ match: { leadId: late }, limit: 10 });
    expect(events.map((event) => event.type)).toEqual(['lead.sla_breached']);
    // The live stream heard of it once (with its owner, for the visibility rules).
    await waitFor(async () => (await streamed()).length > 0, {
      what: 'the breach on the live stream',
    });
    expect(await streamed()).toEqual([
      { type: 'lead.sla_breached', leads: [{ leadId: late, ownerId: owner }] },
    ]);

    // The next tick finds nothing new: one flag, one alert, one event per breach.
    expect(await job.runOnce()).toMatchObject({ breached: 0, audited: 0 });
    expect(
      await db.query(`SELECT count(*)::int AS n FROM desk_alerts`),
    ).toEqual([{ n: 1 }]);
  });

  it('hands the shared queue out when someone is on duty, and puts each assignment in the trail', async () => {
    const waiting = await lead({ dueAt: new Date(Date.now() + HOUR) });
    expect((await job.runOnce()).handedOut).toBe(0);
    const [staff] = await db.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ('onduty@example.com', 'x', 'reviewer') RETURNING id`,
    );
    await new DeskRepository(database).setAvailability(staff?.id ?? '', true);

    const tick = await job.runOnce();
    expect(tick.handedOut).toBe(1);
    expect(tick.audited).toBe(1);
    const events = await audit.find({ match: { leadId: waiting }, limit: 10 });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lead.assigned',
        payload: expect.objectContaining({ reason: 'handout', to: staff?.id }),
      }),
    ]);
    // Audited once: the outbox is empty and the next tick appends nothing.
    expect(
      await db.query(`SELECT count(*)::int AS n FROM desk_audit_outbox`),
    ).toEqual([{ n: 0 }]);
    expect((await job.runOnce()).audited).toBe(0);
  });
});
