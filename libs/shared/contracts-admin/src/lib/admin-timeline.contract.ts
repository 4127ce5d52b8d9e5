import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import {
  type LeadNoteView,
  type LeadSubmissionView,
} from './admin-leads.contract';

/** A status change as recorded with the lead (`lead_status_changes`). */
export interface LeadStatusChangeView {
  id: string;
  from: LeadStatus;
  to: LeadStatus;
  /** Null when the account that made it is gone. */
  actorEmail: string | null;
  changedAt: string;
}

/**
 * One entry of a lead's timeline. `id` is unique within the timeline (`<kind>:<id>`), `at`
 * is the ISO instant it happened. Audit events that repeat an entry of another kind (the
 * stored submission, the note, the status change) are left out; the rest (a resubmission
 * inside the deduplication window, a spam catch, …) appear as `audit`.
 */
export type LeadTimelineEntry =
  | {
      kind: 'submission';
      id: string;
      at: string;
      submission: LeadSubmissionView;
    }
  | { kind: 'note'; id: string; at: string; note: LeadNoteView }
  | {
      kind: 'status_change';
      id: string;
      at: string;
      change: LeadStatusChangeView;
    }
  | { kind: 'audit'; id: string; at: string; event: AuditEvent };

export type LeadTimelineKind = LeadTimelineEntry['kind'];

export const LEAD_TIMELINE_LIMIT = 200;

/** `GET /api/admin/leads/:id/timeline`: newest first, at most {@link LEAD_TIMELINE_LIMIT} entries. */
export interface LeadTimelineResponse {
  leadId: string;
  entries: LeadTimelineEntry[];
  /** True when older entries exist beyond the limit. */
  truncated: boolean;
}
