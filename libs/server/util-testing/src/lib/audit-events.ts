import { randomUUID } from 'node:crypto';
import {
  type AuditEnvelope,
  type AuditEvent,
  type LeadSubmissionAuditPayload,
} from '@landing/shared/contracts-audit';

/**
 * A `lead.submission` audit event as the api records one, with fresh ids; `envelope` and
 * `attribution` replace what a test cares about (a NUL in a field for a dead letter, say).
 */
export function submissionAuditEvent(
  envelope: Partial<AuditEnvelope> = {},
  attribution: LeadSubmissionAuditPayload['attribution'] = {
    utm_source: 'instagram',
  },
): AuditEvent {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    phone: '+989121234567',
    leadId: null,
    ip: '203.0.113.9',
    userAgent: 'test',
    path: '/api/leads',
    requestId: randomUUID(),
    actor: null,
    ...envelope,
    type: 'lead.submission',
    payload: { submissionId: randomUUID(), duplicate: false, attribution },
  };
}
