import { type AuditEvent } from '@landing/shared/contracts-audit';
import { auditLine } from './timeline-lines';

const ANN = '11111111-1111-4111-8111-111111111111';
const reassigned: AuditEvent = {
  id: 'as-1',
  occurredAt: '2026-12-01T09:30:00Z',
  phone: null,
  leadId: 'a',
  ip: null,
  userAgent: null,
  path: null,
  requestId: null,
  actor: { adminId: 'boss', username: 'boss@example.com' },
  type: 'lead.assigned',
  payload: { assignmentId: 'as-1', reason: 'reassign', from: null, to: ANN },
};
const context = (locale: string) => ({
  names: new Map([[ANN, 'ann@example.com']]),
  calls: new Map(),
  locale,
});

describe('auditLine', () => {
  it('isolates e-mails inside a right-to-left sentence, and only there', () => {
    const fa = auditLine(reassigned, context('fa'));
    expect(fa.title).toContain('\u2068ann@example.com\u2069');
    expect(fa.detail).toContain('\u2068boss@example.com\u2069');
    const en = auditLine(reassigned, context('en'));
    expect(en.title).toBe('Assigned to ann@example.com');
    expect(en.detail).toBe(
      'Reassigned by boss@example.com, previously the shared queue',
    );
  });
});
