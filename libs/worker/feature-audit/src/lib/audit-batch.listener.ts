import { type AuditEvent } from '@landing/shared/contracts-audit';

/**
 * Told about every batch of audit events after it was stored (outbound webhooks turn status
 * changes and erasures into events). Replays call it again with the same event ids.
 */
export interface AuditBatchListener {
  auditBatchStored(events: readonly AuditEvent[]): Promise<void>;
}

export const AUDIT_BATCH_LISTENER = Symbol('AUDIT_BATCH_LISTENER');
