import { randomUUID } from 'node:crypto';
import {
  leadDataSourceOptions,
  LeadWriteRepository,
} from '@landing/server/persistence-lead';
import { type AppConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { DataSource } from 'typeorm';
import { DeskAssignmentRepository } from './desk-assignment.repository';
import { DeskDatabase } from './desk-database';
import { DeskRepository } from './desk.repository';

let phoneSeq = 0;
const job = (
  phone = nextPhone(),
  receivedAt = new Date(),
): LeadSubmittedJob => ({
  submissionId: randomUUID(),
  phone,
  name: null,
  email: null,
  consent: true,
  consentVersion: 'v1',
  attribution: {},
  receivedAt: receivedAt.toISOString(),
  requestId: 'req',
});
function nextPhone(): string {
  phoneSeq += 1;
  return `+98912${String(phoneSeq).padStart(7, '0')}`;
}

/** Assignment as the worker runs it: one statement per batch, several replicas. */
describe('desk assignment (PostgreSQL)', () => {
  let db: TestDatabase;
  let leadSource: DataSource;
  let writer: LeadWriteRepository;
  /** Two pools, as two worker replicas would have. */
  let replicas: {
    database: DeskDatabase;
    assignments: DeskAssignmentRepository;
  }[];
  let desk: DeskRepository;

  const store = async (
    replica: number,
    jobs: LeadSubmittedJob[],
    policy: 'round_robin' | 'fewest_open' = 'round_robin',
  ) => {
    const result = await writer.persistSubmissions(jobs);
    const { assignments } = at(replica);
    return assignments.arrived(
      result.leads
        .filter((lead) => lead.created || lead.resubmitted)
        .map((lead) => ({
          id: lead.id,
          dueAt: new Date(Date.now() + 3_600_000),
          resubmitted: lead.resubmitted,
        })),
      policy,
    );
  };
  const at = (replica: number) => {
    const found = replicas[replica];
    if (!found) throw new Error(`no replica ${replica}`);
    return found;
  };
  const staff = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, 'x', 'reviewer') RETURNING id`,
        [`staff-${randomUUID()}@example.com`],
      );
      if (row) ids.push(row.id);
    }
    return ids;
  };
  const ownersCount = async () =>
    new Map(
      (
        await db.query<{ owner_id: string | null; n: number }>(
          `SELECT d.owner_id, count(*)::int AS n FROM leads l LEFT JOIN lead_desk d ON d.lead_id = l.id GROUP BY d.owner_id`,
        )
      ).map((row) => [row.owner_id, row.n]),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    leadSource = await new DataSource(
      leadDataSourceOptions(db.url),
    ).initialize();
    writer = new LeadWriteRepository(leadSource);
    const config = { DATABASE_URL: db.url } as AppConfig;
    replicas = [0, 1].map(() => {
      const database = new DeskDatabase(config);
      return { database, assignments: new DeskAssignmentRepository(database) };
    });
    desk = new DeskRepository(at(0).database);
  });

  afterAll(async () => {
    for (const replica of replicas)
      await replica.database.onApplicationShutdown();
    await leadSource.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    await db.query(`TRUNCATE leads, desk_staff, admin_users CASCADE`);
    // desk_settings references admin_users, so the TRUNCATE above emptied it too.
    await db.query(`INSERT INTO desk_settings DEFAULT VALUES`);
  });

  it('two replicas assigning batches at once take fair turns: nobody skipped, never two owners', async () => {
    const people = await staff(3);
    for (const id of people) await desk.setAvailability(id, true);

    // 2 replicas × 10 batches of 7 (a batch size that does not divide by 3), all at once.
    const batches = Array.from({ length: 20 }, () =>
      Array.from({ length: 7 }, () => job()),
    );
    const results = await Promise.all(
      batches.map((batch, i) => store(i % 2, batch)),
    );

    // Each batch is shared out evenly (3, 2, 2 in some order) ...
    for (const result of results) {
      const perOwner = people.map(
        (id) => result.filter((x) => x.ownerId === id).length,
      );
      expect(perOwner.sort()).toEqual([2, 2, 3]);
    }
    // ... and the ring continues across batches and replicas: 140 = 47 + 47 + 46, in ring order.
    const counts = await ownersCount();
    expect(counts.get(null)).toBeUndefined();
    expect(people.map((id) => counts.get(id))).toEqual([47, 47, 46]);
    // One assignment row per lead: no lead was given twice, and each has one owner.
    const [history] = await db.query<{ rows: number; leads: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT lead_id)::int AS leads FROM lead_assignments`,
    );
    expect(history).toEqual({ rows: 140, leads: 140 });
  });

  it('round-robin arrivals and a hand-out of the shared queue at once share one ring', async () => {
    const people = await staff(3);
    for (let i = 0; i < 9; i++) await store(0, [job()]);
    expect((await ownersCount()).get(null)).toBe(9);
    for (const id of people) await desk.setAvailability(id, true);

    // The hand-out (under the assignment lock) and 10 batches of 6 arrivals (which take only the
    // cursor row), all at once, from both replicas.
    const arrivals = Array.from({ length: 10 }, (_, i) =>
      store(
        i % 2,
        Array.from({ length: 6 }, () => job()),
      ),
    );
    const [handedOut] = await Promise.all([
      at(1).assignments.handOutSharedQueue('round_robin'),
      ...arrivals,
    ]);

    expect(handedOut).toHaveLength(9);
    const counts = await ownersCount();
    expect(counts.get(null)).toBeUndefined();
    // 69 turns in one ring: nobody skipped, nobody given two in a row.
    expect(people.map((id) => counts.get(id))).toEqual([23, 23, 23]);
    const [history] = await db.query<{ rows: number; leads: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT lead_id)::int AS leads FROM lead_assignments`,
    );
    expect(history).toEqual({ rows: 69, leads: 69 });
  });

  it('skips whoever is away and gives someone back from away their turn, not a catch-up burst', async () => {
    const [a = '', b = '', c = ''] = await staff(3);
    for (const id of [a, b, c]) await desk.setAvailability(id, true);
    await store(
      0,
      Array.from({ length: 6 }, () => job()),
    );
    await desk.setAvailability(c, false);
    await store(
      0,
      Array.from({ length: 6 }, () => job()),
    );
    expect((await ownersCount()).get(c)).toBe(2);

    await desk.setAvailability(c, true);
    const back = await store(
      0,
      Array.from({ length: 6 }, () => job()),
    );
    // Back on duty: one lead in three, as before, not the six they "missed".
    expect(back.filter((x) => x.ownerId === c).length).toBe(2);
  });

  it('with fewest open, someone back from away starts level with the others, not at zero', async () => {
    const [a = '', b = ''] = await staff(2);
    await desk.setAvailability(a, true);
    await store(
      0,
      Array.from({ length: 10 }, () => job()),
      'fewest_open',
    );
    expect((await ownersCount()).get(a)).toBe(10);

    await desk.setAvailability(b, true);
    const next = await store(
      0,
      Array.from({ length: 6 }, () => job()),
      'fewest_open',
    );
    const toB = next.filter((x) => x.ownerId === b).length;
    // Level with a (10 open): the six alternate, instead of all ten-plus going to b.
    expect(toB).toBe(3);
  });

  it('with nobody on duty leads wait in the shared queue, and go out oldest first when someone comes on duty', async () => {
    const [a = '', b = ''] = await staff(2);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++)
      await store(0, [job(nextPhone(), new Date(t0 + i))]);
    expect((await ownersCount()).get(null)).toBe(5);
    const queue = await desk.queue(a, new Date(), 50);
    expect(queue.counts.unassigned).toBe(5);

    await desk.setAvailability(a, true);
    await desk.setAvailability(b, true);
    const handedOut = await at(1).assignments.handOutSharedQueue('round_robin');
    expect(handedOut).toHaveLength(5);
    const history = await db.query<{ reason: string; created_at: Date }>(
      `SELECT a.reason, l.created_at FROM lead_assignments a JOIN leads l ON l.id = a.lead_id ORDER BY a.assigned_at, a.id`,
    );
    expect(history.map((row) => row.reason)).toEqual(Array(5).fill('handout'));
    const created = history.map((row) => row.created_at.getTime());
    expect(created).toEqual([...created].sort((x, y) => x - y));
    expect((await ownersCount()).get(null)).toBeUndefined();
  });

  it('a duplicate of an open lead stays with its owner, shows as resubmitted and comes back to the queue', async () => {
    const [a = '', b = ''] = await staff(2);
    await desk.setAvailability(a, true);
    await desk.setAvailability(b, true);
    const phone = nextPhone();
    const [first] = await store(0, [job(phone)]);
    if (!first) throw new Error('the lead was not assigned');
    const owner = first.ownerId;
    // The owner called once (no answer): the lead waits for its retry time.
    await db.query(
      `UPDATE lead_desk SET first_contacted_at = now(), next_call_at = now() + interval '1 day' WHERE lead_id = $1`,
      [first.leadId],
    );
    expect((await desk.queue(owner, new Date(), 50)).items).toEqual([]);

    const again = await store(1, [job(phone)]);
    expect(again).toEqual([]);
    const [lead] = await db.query<{
      id: string;
      owner_id: string;
      resubmitted_at: Date | null;
    }>(
      `SELECT l.id, d.owner_id, d.resubmitted_at FROM leads l JOIN lead_desk d ON d.lead_id = l.id WHERE l.phone = $1`,
      [phone],
    );
    expect(lead?.owner_id).toBe(owner);
    expect(lead?.resubmitted_at).not.toBeNull();
    expect(await db.query(`SELECT count(*)::int AS n FROM leads`)).toEqual([
      { n: 1 },
    ]);
    const queue = await desk.queue(owner, new Date(), 50);
    expect(
      queue.items.map((item) => [item.id, item.kind, item.submissionCount]),
    ).toEqual([[first.leadId, 'callback', 2]]);
  });
});
