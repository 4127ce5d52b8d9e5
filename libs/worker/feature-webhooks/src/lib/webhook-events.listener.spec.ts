import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { auditEvents, leadEvents } from './webhook-events.listener';

const job = (
  submissionId: string,
  phone = '+989121234567',
): LeadSubmittedJob => ({
  submissionId,
  phone,
  name: 'سارا',
  email: 'sara@example.com',
  consent: true,
  consentVersion: 'v1',
  attribution: { utm_source: 'instagram' },
  receivedAt: '2026-12-01T10:00:00.000Z',
  requestId: 'r',
});

describe('lead events', () => {
  it('make the first submission of a lead lead.created and later ones lead.duplicate, with stable event ids', () => {
    const events = leadEvents(
      [job('s1'), job('s2'), job('s3')],
      [
        { submissionId: 's1', leadId: 'L', first: true, submissionCount: 1 },
        { submissionId: 's2', leadId: 'L', first: false, submissionCount: 2 },
      ],
    );
    expect(events.map((e) => [e.eventId, e.payload.type])).toEqual([
      ['lead.created:s1', 'lead.created'],
      ['lead.duplicate:s2', 'lead.duplicate'],
    ]);
    expect(events[1]?.payload.data).toMatchObject({
      leadId: 'L',
      phone: '+989121234567',
      submissionCount: 2,
      attribution: { utm_source: 'instagram', utm_medium: null },
    });
    expect(events.every((e) => e.payload.version === 1)).toBe(true);
  });
});

describe('audit-driven events', () => {
  const envelope = {
    occurredAt: '2026-12-01T10:00:00.000Z',
    phone: '+989127654321',
    leadId: 'L',
    ip: '203.0.113.9',
    userAgent: 'ua',
    path: '/api/admin/leads/L',
    requestId: 'r',
    actor: { adminId: 'A', username: 'admin@example.com' },
  };

  it('carry no phone, name, e-mail, address or username in lead.erased', () => {
    const [erased] = auditEvents([
      {
        ...envelope,
        id: 'e1',
        type: 'lead.erased',
        payload: { before: { status: 'new', submissionCount: 1 }, after: null },
      },
    ] as AuditEvent[]);
    expect(erased?.payload).toEqual({
      type: 'lead.erased',
      version: 1,
      timestamp: envelope.occurredAt,
      data: { leadId: 'L', erasedAt: envelope.occurredAt },
    });
    const text = JSON.stringify(erased);
    for (const personal of ['7654321', 'admin@example.com', '203.0.113.9'])
      expect(text).not.toContain(personal);
  });

  it('turn status changes into lead.status_changed and ignore other audit events', () => {
    const events = auditEvents([
      {
        ...envelope,
        id: 'e2',
        type: 'lead.status_changed',
        payload: { before: 'new', after: 'contacted' },
      },
      {
        ...envelope,
        id: 'e3',
        type: 'lead.note_added',
        payload: { noteId: 'n', length: 3 },
      },
    ] as AuditEvent[]);
    expect(events).toEqual([
      {
        eventId: 'audit:e2',
        payload: expect.objectContaining({
          type: 'lead.status_changed',
          data: {
            leadId: 'L',
            from: 'new',
            to: 'contacted',
            changedAt: envelope.occurredAt,
            changedBy: 'A',
          },
        }),
      },
    ]);
  });

  it('turn the desk events into lead.assigned, lead.call_logged and lead.sla_breached without personal data', () => {
    const events = auditEvents([
      {
        ...envelope,
        id: 'a1',
        type: 'lead.assigned',
        payload: {
          assignmentId: 'a1',
          reason: 'reassign',
          from: 'U1',
          to: 'U2',
        },
      },
      {
        ...envelope,
        id: 'c1',
        type: 'lead.call_logged',
        payload: {
          callId: 'C',
          outcome: 'no_answer',
          attempts: 1,
          callbackAt: null,
        },
      },
      {
        ...envelope,
        id: 'b1',
        actor: null,
        type: 'lead.sla_breached',
        payload: {
          alertId: 'b1',
          dueAt: '2026-12-01T09:00:00.000Z',
          ownerId: null,
        },
      },
    ] as AuditEvent[]);
    expect(events.map((e) => [e.eventId, e.payload.data])).toEqual([
      [
        'audit:a1',
        {
          leadId: 'L',
          assigneeId: 'U2',
          previousAssigneeId: 'U1',
          assignedAt: envelope.occurredAt,
        },
      ],
      [
        'audit:c1',
        {
          leadId: 'L',
          callId: 'C',
          outcome: 'no_answer',
          calledAt: envelope.occurredAt,
          calledBy: 'A',
        },
      ],
      [
        'audit:b1',
        {
          leadId: 'L',
          dueAt: '2026-12-01T09:00:00.000Z',
          breachedAt: envelope.occurredAt,
          assigneeId: null,
        },
      ],
    ]);
    const text = JSON.stringify(events);
    for (const personal of ['7654321', 'admin@example.com', '203.0.113.9'])
      expect(text).not.toContain(personal);
  });
});
