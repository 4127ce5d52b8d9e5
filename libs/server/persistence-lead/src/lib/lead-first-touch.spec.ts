import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { firstTouchByPhone } from './lead-fold';

const job = (
  submissionId: string,
  phone: string,
  receivedAt: string,
  source?: string,
): LeadSubmittedJob => ({
  submissionId,
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

describe('firstTouchByPhone', () => {
  it("keeps each phone's earliest submission, whatever order the batch holds them in", () => {
    const first = firstTouchByPhone([
      job(
        '00000000-0000-4000-8000-000000000003',
        '+989121111111',
        '2026-12-01T09:00:05.000Z',
        'google',
      ),
      job(
        '00000000-0000-4000-8000-000000000002',
        '+989121111111',
        '2026-12-01T09:00:00.000Z',
        'instagram',
      ),
      job(
        '00000000-0000-4000-8000-000000000001',
        '+989122222222',
        '2026-12-01T09:00:00.000Z',
      ),
    ]);
    expect(first.get('+989121111111')).toMatchObject({
      receivedAt: '2026-12-01T09:00:00.000Z',
      utmSource: 'instagram',
      utmCampaign: 'instagram-c',
    });
    expect(first.get('+989122222222')).toMatchObject({
      utmSource: null,
      utmCampaign: null,
    });
  });

  it('breaks a tie by the smaller submission id, as the first-touch trigger does', () => {
    const at = '2026-12-01T09:00:00.000Z';
    const first = firstTouchByPhone([
      job(
        '00000000-0000-4000-8000-00000000000b',
        '+989121111111',
        at,
        'google',
      ),
      job('00000000-0000-4000-8000-00000000000a', '+989121111111', at, 'sms'),
      job(
        '00000000-0000-4000-8000-00000000000c',
        '+989121111111',
        at,
        'telegram',
      ),
    ]);
    expect(first.get('+989121111111')?.utmSource).toBe('sms');
  });
});
