import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type AuditEventDocument } from './audit-event.schema';

/** The stored fields of a document (what `.lean()` returns), without `recordedAt`. */
export type AuditEventFields = Omit<AuditEventDocument, 'recordedAt'> & {
  recordedAt?: Date;
};

export function toAuditDocument(event: AuditEvent): AuditEventFields {
  return {
    _id: event.id,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    phone: event.phone,
    leadId: event.leadId,
    ip: event.ip,
    userAgent: event.userAgent,
    path: event.path,
    requestId: event.requestId,
    actor: event.actor,
    payload: event.payload,
  };
}

export function fromAuditDocument(document: AuditEventFields): AuditEvent {
  return {
    id: document._id,
    type: document.type,
    occurredAt: document.occurredAt.toISOString(),
    phone: document.phone ?? null,
    leadId: document.leadId ?? null,
    ip: document.ip ?? null,
    userAgent: document.userAgent ?? null,
    path: document.path ?? null,
    requestId: document.requestId ?? null,
    actor: document.actor ?? null,
    payload: document.payload,
  } as AuditEvent;
}
