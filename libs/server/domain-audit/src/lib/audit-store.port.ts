import { type AuditEvent } from '@landing/shared/contracts-audit';

/** Position in a trail: the last event of the previous page. Pages run newest first. */
export interface AuditPosition {
  occurredAt: string;
  id: string;
}

/** Events about any of the given keys (at least one), newest first, strictly after `after`. */
export interface AuditStoreQuery {
  match: { phone?: string; leadId?: string; ip?: string };
  limit: number;
  after?: AuditPosition;
}

/**
 * Where audit events are kept. Owned by the audit module; adapters (PostgreSQL, MongoDB)
 * live in `@landing/server/persistence-audit` and pass one shared contract suite.
 */
export interface AuditStore {
  readonly kind: 'postgres' | 'mongodb';
  /**
   * Stores the events and resolves once they are durable. Writing an event whose id is
   * already stored changes nothing, so a retried job never duplicates the trail.
   * Resolves with the number of events that were new.
   */
  append(events: readonly AuditEvent[]): Promise<number>;
  find(query: AuditStoreQuery): Promise<AuditEvent[]>;
  /** Removes events that happened before `cutoff`; returns how many. */
  deleteOlderThan(cutoff: Date): Promise<number>;
  /**
   * Removes every event about one lead, by its id or its phone number (an erasure request);
   * returns how many.
   */
  deleteAbout(lead: { leadId: string; phone: string }): Promise<number>;
  /** Rejects when the store cannot be reached right now (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the configured {@link AuditStore}. */
export const AUDIT_STORE = Symbol('AUDIT_STORE');
