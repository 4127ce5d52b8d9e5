import { type AuditEvent } from '@landing/shared/contracts-audit';
import { describeAuditBatch } from './audit-queue.producer';

function event(type: AuditEvent['type'], phone: string): AuditEvent {
  return {
    type,
    phone,
    ip: '203.0.113.9',
    requestId: 'req-1',
  } as unknown as AuditEvent;
}

describe('describeAuditBatch', () => {
  const batch = [
    event('lead.submission', '+989121111111'),
    event('admin.login', '+989122222222'),
    event('lead.submission', '+989123333333'),
    event('lead.submission', '+989124444444'),
  ];

  it('counts a lost batch’s events by type, in the order the types first appear', () => {
    expect(describeAuditBatch(batch)).toBe(
      'lead.submission ×3, admin.login ×1',
    );
  });

  it('names no phone number, address or request of the people in the batch', () => {
    const line = describeAuditBatch(batch);

    expect(line).not.toMatch(/\+98|203\.0\.113|req-1/);
  });
});
