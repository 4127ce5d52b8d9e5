import { type MailSendJob } from '@landing/shared/contracts-mail';
import { mailJobId } from './mail-queue.producer';

const job = (email: string, messageKey = 'sla:L1'): MailSendJob => ({
  kind: 'sla_breach',
  to: { email, language: 'fa' },
  data: { leads: [], total: 0 },
  messageKey,
});

describe('mailJobId', () => {
  it('is the same for a replayed trigger, whatever the case of the address', () => {
    expect(mailJobId(job('Ana@Example.com'))).toBe(
      mailJobId(job('ana@example.com')),
    );
  });

  it('differs per recipient and per message, so one address never shares a job with another', () => {
    const ids = new Set([
      mailJobId(job('ana@example.com')),
      mailJobId(job('ben@example.com')),
      mailJobId(job('ana@example.com', 'sla:L2')),
    ]);
    expect(ids.size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^mail-[\w-]{32}$/);
  });
});
