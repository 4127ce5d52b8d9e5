import { randomUUID } from 'node:crypto';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import { DataSource } from 'typeorm';
import { leadDataSourceOptions } from './data-source';
import { LeadWriteRepository } from './lead-write.repository';

function submission(
  phone: string,
  overrides: Partial<LeadSubmittedJob> = {},
): LeadSubmittedJob {
  return {
    submissionId: randomUUID(),
    phone,
    name: null,
    email: null,
    consent: true,
    consentVersion: 'v1',
    attribution: {
      utm_source: 'instagram',
      utm_campaign: 'yalda',
      landingPath: '/',
    },
    receivedAt: new Date().toISOString(),
    requestId: 'req-1',
    ...overrides,
  };
}

describe('LeadWriteRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let repository: LeadWriteRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(
      leadDataSourceOptions(db.url),
    ).initialize();
    repository = new LeadWriteRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    await db.query('TRUNCATE leads CASCADE');
  });

  it('stores one lead per phone and one row per submission, with attribution', async () => {
    const first = submission('+989121234567', { name: 'Sara' });
    const result = await repository.persistSubmissions([
      first,
      submission('+989351112233'),
    ]);

    expect(result).toMatchObject({ inserted: 2, newLeads: 2 });
    expect(
      result.leads.map((lead) => [lead.created, lead.resubmitted]),
    ).toEqual([
      [true, false],
      [true, false],
    ]);
    const rows = await db.query(
      'SELECT s.submission_id, s.utm_source, s.utm_campaign, l.phone, l.name, l.status FROM lead_submissions s JOIN leads l ON l.id = s.lead_id WHERE s.submission_id = $1',
      [first.submissionId],
    );
    expect(rows).toEqual([
      {
        submission_id: first.submissionId,
        utm_source: 'instagram',
        utm_campaign: 'yalda',
        phone: '+989121234567',
        name: 'Sara',
        status: 'new',
      },
    ]);
  });

  it('changes nothing when the same jobs are written again (a replayed job)', async () => {
    const jobs = [
      submission('+989121234567', { name: 'Sara' }),
      submission('+989121234567'),
    ];
    await repository.persistSubmissions(jobs);
    const before = await db.query('SELECT * FROM leads');

    const replay = await repository.persistSubmissions(jobs);

    expect(replay).toMatchObject({ inserted: 0, newLeads: 0 });
    // A replay is no resubmission: the desk must not bring the lead back to its owner.
    expect(
      replay.leads.map((lead) => [lead.created, lead.resubmitted]),
    ).toEqual([[false, false]]);
    expect(
      await db.query('SELECT count(*)::int AS n FROM lead_submissions'),
    ).toEqual([{ n: 2 }]);
    const after = await db.query('SELECT * FROM leads');
    const withoutUpdatedAt = (rows: Record<string, unknown>[]) =>
      rows.map((row) => ({ ...row, updated_at: undefined }));
    expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
  });

  it('folds several submissions of one phone in a batch into one lead; the newest name wins', async () => {
    const t0 = Date.now();
    const jobs = [
      submission('+989121234567', {
        name: 'Old',
        receivedAt: new Date(t0).toISOString(),
      }),
      submission('+989121234567', {
        name: 'New',
        receivedAt: new Date(t0 + 1000).toISOString(),
      }),
      submission('+989121234567', {
        name: null,
        email: 'sara@example.com',
        receivedAt: new Date(t0 + 500).toISOString(),
      }),
    ];
    await repository.persistSubmissions(jobs);

    expect(await db.query('SELECT name, email FROM leads')).toEqual([
      { name: 'New', email: 'sara@example.com' },
    ]);
    expect(
      await db.query('SELECT count(*)::int AS n FROM lead_submissions'),
    ).toEqual([{ n: 3 }]);
  });

  it('does not let an old job replayed late overwrite newer details', async () => {
    const t0 = Date.now();
    const older = submission('+989121234567', {
      name: 'Old',
      receivedAt: new Date(t0).toISOString(),
    });
    await repository.persistSubmissions([
      submission('+989121234567', {
        name: 'New',
        receivedAt: new Date(t0 + 1000).toISOString(),
      }),
    ]);
    await repository.persistSubmissions([older]);

    expect(
      await db.query(
        'SELECT name, last_submitted_at = $1::timestamptz AS newest FROM leads',
        [new Date(t0 + 1000).toISOString()],
      ),
    ).toEqual([{ name: 'New', newest: true }]);
  });

  it('survives two batches writing the same phones at the same time', async () => {
    const phones = Array.from(
      { length: 50 },
      (_, i) => `+98912${String(1000000 + i)}`,
    );
    const batchA = phones.map((phone) => submission(phone));
    const batchB = [...phones].reverse().map((phone) => submission(phone));

    await Promise.all([
      repository.persistSubmissions(batchA),
      repository.persistSubmissions(batchB),
    ]);

    expect(await db.query('SELECT count(*)::int AS n FROM leads')).toEqual([
      { n: 50 },
    ]);
    expect(
      await db.query('SELECT count(*)::int AS n FROM lead_submissions'),
    ).toEqual([{ n: 100 }]);
  });
});
