import { type AuditEvent } from './audit-event.contract';

/** One page of a trail, newest first. `nextCursor` is null on the last page. */
export interface AuditTrailPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

export const AUDIT_PAGE_LIMITS = { default: 50, max: 200 } as const;
