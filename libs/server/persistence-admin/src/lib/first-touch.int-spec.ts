import { randomUUID } from 'node:crypto';
import {
  leadDataSourceOptions,
  LeadWriteRepository,
} from '@landing/server/persistence-lead';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { DataSource } from 'typeorm';

const job = (
  phone: string,
  receivedAt: string,
  source: string | undefined,
): LeadSubmittedJob => ({
  submissionId: randomUUID(),
  phone,
  name: null,
  email: null,
  consent: true,
  consentVersion: 'v1',
  attribution: source
    ? { utm_source: source, utm_campaign: `${source}-c` }
    : {},
  receivedAt,
  requestId: 'req',
});

/** The overview's first-touch facts, kept by the trigger as the worker writes batches. */
describe('first-touch attribution on leads', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: LeadWriteRepository;

  const facts = (phone: string) =>
    db.query<{
      first_utm_source: string | null;
      first_utm_campaign: string | null;
      first_submitted_at: Date | null;
    }>(
      `SELECT first_utm_source, first_utm_campaign, first_submitted_at FROM leads WHERE phone = $1`,
      [phone],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(
      leadDataSourceOptions(db.url),
    ).initialize();
    writer = new LeadWriteRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('keeps the earliest submission of each lead, whatever order the batches come in', async () => {
    await writer.persistSubmissions([
      job('+989121000001', '2026-03-01T10:05:00Z', 'google'),
      job('+989121000001', '2026-03-01T10:00:00Z', 'instagram'),
      job('+989121000002', '2026-03-01T11:00:00Z', undefined),
    ]);
    expect(await facts('+989121000001')).toEqual([
      {
        first_utm_source: 'instagram',
        first_utm_campaign: 'instagram-c',
        first_submitted_at: new Date('2026-03-01T10:00:00Z'),
      },
    ]);
    expect(await facts('+989121000002')).toEqual([
      {
        first_utm_source: null,
        first_utm_campaign: null,
        first_submitted_at: new Date('2026-03-01T11:00:00Z'),
      },
    ]);

    // A later batch: a resubmission changes nothing; a late job from before the first does.
    await writer.persistSubmissions([
      job('+989121000001', '2026-03-02T09:00:00Z', 'telegram'),
      job('+989121000002', '2026-03-01T08:00:00Z', 'sms'),
    ]);
    expect((await facts('+989121000001'))[0]?.first_utm_source).toBe(
      'instagram',
    );
    expect(await facts('+989121000002')).toEqual([
      {
        first_utm_source: 'sms',
        first_utm_campaign: 'sms-c',
        first_submitted_at: new Date('2026-03-01T08:00:00Z'),
      },
    ]);
  });

  it('still keeps first touch for writers other than the worker (a seed or an import)', async () => {
    await writer.persistSubmissions([
      job('+989121000003', '2026-04-01T10:00:00Z', 'google'),
    ]);
    // Written straight into lead_submissions, without the worker's word that it did the work.
    await db.query(
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, consent, consent_version, utm_source, utm_campaign, request_id, received_at)
       SELECT gen_random_uuid(), id, phone, true, 'v1', 'billboard', 'billboard-c', 'import', '2026-03-31T09:00:00Z' FROM leads WHERE phone = $1`,
      ['+989121000003'],
    );
    expect(await facts('+989121000003')).toEqual([
      {
        first_utm_source: 'billboard',
        first_utm_campaign: 'billboard-c',
        first_submitted_at: new Date('2026-03-31T09:00:00Z'),
      },
    ]);
  });
});
