import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { foldByPhone } from './lead-fold';

let sequence = 0;
function job(
  phone: string,
  receivedAt: string,
  contact: Partial<Pick<LeadSubmittedJob, 'name' | 'email'>> = {},
): LeadSubmittedJob {
  sequence += 1;
  return {
    submissionId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    phone,
    name: contact.name ?? null,
    email: contact.email ?? null,
    consent: true,
    consentVersion: 'v1',
    attribution: {},
    receivedAt,
    requestId: `req-${sequence}`,
  };
}

describe('foldByPhone', () => {
  it('gives one row per phone however many submissions a batch holds for it', () => {
    const rows = foldByPhone([
      job('+989121111111', '2026-12-01T09:00:00.000Z'),
      job('+989122222222', '2026-12-01T09:00:01.000Z'),
      job('+989121111111', '2026-12-01T09:00:02.000Z'),
    ]);

    expect(rows.map((row) => row.phone)).toEqual([
      '+989121111111',
      '+989122222222',
    ]);
  });

  it('keeps the newest submission’s name and email, whatever order the jobs arrive in', () => {
    const older = job('+989121111111', '2026-12-01T09:00:00.000Z', {
      name: 'Old Name',
      email: 'old@example.com',
    });
    const newer = job('+989121111111', '2026-12-01T10:00:00.000Z', {
      name: 'New Name',
      email: 'new@example.com',
    });

    for (const batch of [
      [older, newer],
      [newer, older],
    ]) {
      expect(foldByPhone(batch)).toEqual([
        {
          phone: '+989121111111',
          name: 'New Name',
          email: 'new@example.com',
          lastSubmittedAt: '2026-12-01T10:00:00.000Z',
        },
      ]);
    }
  });

  it('does not let a newer submission without a name or email erase the ones given before', () => {
    const rows = foldByPhone([
      job('+989121111111', '2026-12-01T09:00:00.000Z', {
        name: 'Sara',
        email: 'sara@example.com',
      }),
      job('+989121111111', '2026-12-01T10:00:00.000Z'),
    ]);

    expect(rows).toEqual([
      {
        phone: '+989121111111',
        name: 'Sara',
        email: 'sara@example.com',
        lastSubmittedAt: '2026-12-01T10:00:00.000Z',
      },
    ]);
  });

  it('fills gaps of the newest submission from an older one that arrives later in the batch', () => {
    const rows = foldByPhone([
      job('+989121111111', '2026-12-01T10:00:00.000Z', { name: 'Sara' }),
      job('+989121111111', '2026-12-01T09:00:00.000Z', {
        name: 'Someone Else',
        email: 'sara@example.com',
      }),
    ]);

    expect(rows[0]).toMatchObject({
      name: 'Sara',
      email: 'sara@example.com',
      lastSubmittedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('orders rows by phone so concurrent batches lock the same leads in the same order', () => {
    const rows = foldByPhone([
      job('+989123333333', '2026-12-01T09:00:00.000Z'),
      job('+989121111111', '2026-12-01T09:00:00.000Z'),
      job('+989122222222', '2026-12-01T09:00:00.000Z'),
    ]);

    expect(rows.map((row) => row.phone)).toEqual([
      '+989121111111',
      '+989122222222',
      '+989123333333',
    ]);
  });

  it('returns nothing for an empty batch', () => {
    expect(foldByPhone([])).toEqual([]);
  });
});
