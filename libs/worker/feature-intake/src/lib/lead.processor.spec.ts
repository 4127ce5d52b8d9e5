import {
  LEAD_JOB,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import {
  type LeadWriteRepository,
  type PersistResult,
} from '@landing/server/persistence-lead';
import { type AppConfig } from '@landing/server/util-config';
import { type WorkerMetrics } from '@landing/server/util-observability';
import { type Job } from 'bullmq';
import { type DeskArrivals } from '@landing/worker/feature-desk';
import { LeadProcessor } from './lead.processor';

function submission(n: number): LeadSubmittedJob {
  return {
    submissionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    phone: `+98912000000${n}`,
    name: null,
    email: null,
    consent: true,
    consentVersion: 'v1',
    attribution: {},
    receivedAt: '2026-12-01T09:00:00.000Z',
    requestId: `req-${n}`,
  };
}

function job(
  name: string,
  data: LeadSubmittedJob | LeadSubmittedBatchJob,
): Job<LeadSubmittedJob | LeadSubmittedBatchJob> {
  return { name, data } as Job<LeadSubmittedJob | LeadSubmittedBatchJob>;
}

const batchJob = (...leads: LeadSubmittedJob[]) =>
  job(LEAD_JOB.submittedBatch, { leads });

function processorWith(
  batchSize: number,
  persist: (jobs: readonly LeadSubmittedJob[]) => Promise<PersistResult>,
) {
  const batches: LeadSubmittedJob[][] = [];
  const counted: number[] = [];
  const desk: number[] = [];
  const leads = {
    persistSubmissions: (jobs: readonly LeadSubmittedJob[]) => {
      batches.push([...jobs]);
      return persist(jobs);
    },
  } as unknown as LeadWriteRepository;
  const metrics = {
    leadsPersisted: { inc: (value: number) => counted.push(value) },
  } as unknown as WorkerMetrics;
  const config = {
    WORKER_BATCH_SIZE: batchSize,
    // Long enough that only the batch size (or drain) ever starts a write here.
    WORKER_BATCH_WAIT_MS: 600_000,
  } as AppConfig;
  return {
    processor: new LeadProcessor(config, leads, metrics, {
      stored: (stored: unknown[]) => {
        desk.push(stored.length);
        return Promise.resolve([]);
      },
    } as unknown as DeskArrivals),
    desk,
    batches,
    counted,
  };
}

describe('LeadProcessor', () => {
  it('writes submissions together and finishes each job only once its batch is stored', async () => {
    const { processor, batches, counted, desk } = processorWith(2, (jobs) =>
      Promise.resolve({
        inserted: jobs.length,
        newLeads: jobs.length,
        leads: [],
      }),
    );

    const first = processor.process(job(LEAD_JOB.submitted, submission(1)));
    expect(batches).toHaveLength(0);
    const second = processor.process(job(LEAD_JOB.submitted, submission(2)));

    await expect(Promise.all([first, second])).resolves.toEqual([
      undefined,
      undefined,
    ]);
    expect(batches).toEqual([[submission(1), submission(2)]]);
    expect(processor.persistedCount).toBe(2);
    expect(counted).toEqual([2]);
    // The desk hears of each stored batch once (assignment and due times).
    expect(desk).toEqual([0]);
  });

  it('stores every lead of a batch job, finishing the job once all are stored', async () => {
    const { processor, batches } = processorWith(2, (jobs) =>
      Promise.resolve({
        inserted: jobs.length,
        newLeads: jobs.length,
        leads: [],
      }),
    );

    let finished = false;
    const pending = processor
      .process(batchJob(submission(1), submission(2), submission(3)))
      .then(() => (finished = true));
    await new Promise((resolve) => setImmediate(resolve));
    // Two are written; the third waits for its group to fill, and the job with it.
    expect(batches).toEqual([[submission(1), submission(2)]]);
    expect(finished).toBe(false);
    await processor.drain();
    await pending;
    expect(batches).toEqual([[submission(1), submission(2)], [submission(3)]]);
  });

  it('fails a batch job when one of its leads cannot be stored, so BullMQ retries the whole job', async () => {
    const { processor } = processorWith(10, (jobs) =>
      jobs.some((lead) => lead.submissionId === submission(2).submissionId)
        ? Promise.reject(new Error('bad row'))
        : Promise.resolve({ inserted: jobs.length, newLeads: 0, leads: [] }),
    );

    const pending = processor.process(batchJob(submission(1), submission(2)));
    await processor.drain();
    await expect(pending).rejects.toThrow('bad row');
  });

  it('counts only submissions actually written, not replays of stored ones', async () => {
    const { processor, counted } = processorWith(1, () =>
      Promise.resolve({ inserted: 0, newLeads: 0, leads: [] }),
    );

    await processor.process(job(LEAD_JOB.submitted, submission(1)));

    expect(processor.persistedCount).toBe(0);
    expect(counted).toEqual([0]);
  });

  it('fails the job when its batch cannot be stored, so BullMQ retries it', async () => {
    const { processor } = processorWith(1, () =>
      Promise.reject(new Error('database is down')),
    );

    await expect(
      processor.process(job(LEAD_JOB.submitted, submission(1))),
    ).rejects.toThrow('database is down');
    expect(processor.persistedCount).toBe(0);
  });

  it('refuses a job name the leads queue does not carry, writing nothing', async () => {
    const { processor, batches } = processorWith(1, (jobs) =>
      Promise.resolve({
        inserted: jobs.length,
        newLeads: jobs.length,
        leads: [],
      }),
    );

    await expect(
      processor.process(job('lead.deleted', submission(1))),
    ).rejects.toThrow('unknown job name "lead.deleted" on the leads queue');
    await processor.drain();
    expect(batches).toHaveLength(0);
  });

  it('writes what waits for the batch to fill when drained at shutdown', async () => {
    const { processor, batches } = processorWith(10, (jobs) =>
      Promise.resolve({
        inserted: jobs.length,
        newLeads: jobs.length,
        leads: [],
      }),
    );

    const pending = processor.process(job(LEAD_JOB.submitted, submission(1)));
    await processor.drain();

    await expect(pending).resolves.toBeUndefined();
    expect(batches).toEqual([[submission(1)]]);
  });
});
